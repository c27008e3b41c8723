"""Known fact-checks: published ClaimReview records, and the search that finds them.

``feeds``/``records`` read the feeds, ``library`` keeps them in the desk and searches
them, ``index`` persists the search indexes, ``search`` ranks, ``text`` normalises
posts and claims, ``embed`` loads the offline sentence model, ``verdicts`` maps ratings
to statuses. Nothing here knows of the workbench.
"""
