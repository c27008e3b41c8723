"""The team desk: the same desk on a PostgreSQL server, for several reviewers at once.

A URL (``postgresql://user@host:port/db``) where a desk path would go opens one. Events
are the source of truth, as on the TinyDB desk; the claims table is their projection,
kept in the same transaction, with a revision per claim so that an edit based on a state
someone else has since changed is refused instead of silently overwriting it.
"""

URL_SCHEMES = ("postgresql://", "postgres://")


def is_team_url(location: object) -> bool:
    """Whether a ``--desk`` value names a PostgreSQL desk rather than a TinyDB file."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)
