"""Arguments and helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.config import default_desk_path, default_reviewer, desk_location
from core.errors import UserError
from core.safetext import printable

__all__ = ["printable"]  # shown, never obeyed: see core.safetext


def add_desk_argument(parser: argparse.ArgumentParser) -> None:
    """``--desk PATH|URL``: which desk to use (default: user data dir, ``$CLAIMDESK_DESK``)."""
    parser.add_argument(
        "--desk",
        type=desk_location,
        default=None,
        metavar="PATH",
        help="the desk file, or postgresql://user@host:port/db for a team desk "
        "(default: $CLAIMDESK_DESK or the user data directory)",
    )


def add_reviewer_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reviewer",
        default=None,
        metavar="NAME",
        help="who is acting (default: $CLAIMDESK_REVIEWER or the login name)",
    )


def from_config(parser: argparse.ArgumentParser, **flags: tuple[str, object]) -> None:
    """Flags whose value, when not given, comes from the configuration file.

    ``dest=("export.format", "json")``: the flag ``--format`` (default ``None`` in its
    parser, so "not given" can be told apart), else the file's ``export.format``, else
    ``"json"``. Filled in by :func:`apply_config` before the command runs.
    """
    known = dict(parser.get_default("config_flags") or {})
    known.update(flags)
    parser.set_defaults(config_flags=known)


def apply_config(args: argparse.Namespace) -> None:
    """Fill the flags not given from the configuration file (see :func:`from_config`)."""
    from core.config import value_of

    for dest, (key, fallback) in (getattr(args, "config_flags", None) or {}).items():
        if getattr(args, dest, None) is None:
            value = value_of(key)
            if value is not None and isinstance(fallback, bool):
                value = bool(value)
            setattr(args, dest, fallback if value is None else value)


def desk_path(args: argparse.Namespace) -> Path | str:
    return args.desk if getattr(args, "desk", None) else default_desk_path()


def reviewer(args: argparse.Namespace) -> str:
    return getattr(args, "reviewer", None) or default_reviewer()


def split_multi(
    values: list[str] | None, allowed: set[str] | None = None, what: str = "value"
) -> list[str]:
    """Flatten ``--status a,b --status c`` into ``[a, b, c]``, checking each against ``allowed``."""
    out: list[str] = []
    for value in values or []:
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            if allowed is not None and item not in allowed:
                choices = ", ".join(sorted(allowed))
                raise UserError(f"unknown {what} {item!r}; choose from: {choices}")
            out.append(item)
    return out
