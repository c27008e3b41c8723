"""Connecting to the team desk's server, and saying in one line why it failed.

Credentials come from the URL, ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads the last
two itself). A password is never shown: :func:`display_url` is the only form of the URL
that reaches a message, a log line or an export.
"""

from __future__ import annotations

from typing import Any

from core.errors import DeskError

CONNECT_TIMEOUT = 5
"""Seconds to wait for the server before saying it cannot be reached."""


def _conninfo(url: str) -> dict[str, Any]:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        return conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise DeskError(f"cannot read desk URL {_redact(url)}: {_first_line(exc)}") from None


def display_url(url: str) -> str:
    """``postgresql://user@host:port/db``: the URL without password or options."""
    info = _conninfo(url)
    user = info.get("user")
    host = info.get("host") or "localhost"
    port = info.get("port")
    where = f"{host}:{port}" if port else host
    return f"postgresql://{user + '@' if user else ''}{where}/{info.get('dbname') or ''}"


def _redact(url: str) -> str:
    """A URL that could not even be parsed, with anything after ``://`` up to ``@`` hidden."""
    head, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "…@" + rest.rsplit("@", 1)[1]
    return head + sep + rest.split("?", 1)[0]


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def connect(url: str, *, application: str = "claimdesk", autocommit: bool = True) -> Any:
    """A psycopg connection to the desk's database, or ``DeskError`` saying what is wrong:
    the server cannot be reached, it refused the login, or the database is missing."""
    import psycopg

    info = _conninfo(url)
    where = display_url(url)
    info.setdefault("connect_timeout", CONNECT_TIMEOUT)
    info["application_name"] = application[:63]
    try:
        return psycopg.connect(**info, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise DeskError(explain_connect_error(exc, where, info)) from None


def explain_connect_error(exc: BaseException, where: str, info: dict[str, Any]) -> str:
    text = str(exc)
    lower = text.lower()
    state = getattr(exc, "sqlstate", None)
    user = info.get("user") or "(default user)"
    dbname = info.get("dbname") or "(default)"
    if state == "3D000" or ("database" in lower and "does not exist" in lower):
        return (
            f"team desk {where}: the server has no database {dbname!r}; "
            f"create it (createdb {dbname}) or name another"
        )
    if state in ("28P01", "28000") or any(
        words in lower
        for words in (
            "password authentication failed",
            "no password supplied",
            "authentication failed",
            "role",
            "pg_hba.conf",
        )
    ):
        return (
            f"team desk {where}: the server refused the login for user {user} "
            "(check the password in the URL, PGPASSWORD or ~/.pgpass)"
        )
    reason = "no answer" if "timeout" in lower else _reason(text)
    return f"team desk {where}: cannot reach the PostgreSQL server ({reason})"


def _reason(text: str) -> str:
    lower = text.lower()
    for phrase in ("connection refused", "could not translate host name", "no route to host"):
        if phrase in lower:
            return phrase
    if "no such file or directory" in lower:
        return "no server socket there"
    return "connection failed"
