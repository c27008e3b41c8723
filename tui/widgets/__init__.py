"""Widgets of the workbench: each shows one thing and knows nothing of the desk."""
