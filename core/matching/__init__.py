"""Claim matching, one module per job; ``core.match`` is the entry point that gathers them."""
