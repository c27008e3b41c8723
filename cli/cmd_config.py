"""``claimdesk config``: which configuration file is read, and every effective setting.

Each setting is printed as a TOML line with a comment saying where its value came from
(a flag, an environment variable, the file, or the built-in default), so the output
explains itself and can be pasted into the file as a start.
"""

from __future__ import annotations

import argparse
import json

from cli.common import add_desk_argument, add_reviewer_argument, printable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "config",
        help="show the configuration file's path and the effective settings",
        description=(
            "Print the configuration file's path ($CLAIMDESK_CONFIG, or claimdesk/config.toml "
            "in the user config directory) and every setting with where it came from. Flags "
            "win over environment variables, environment variables over the file."
        ),
    )
    add_desk_argument(parser)
    add_reviewer_argument(parser)
    parser.add_argument("--model", default=None, metavar="NAME", help="spaCy pipeline")
    parser.set_defaults(func=run)


_BUILT_IN = {
    "export.format": "json",
    "export.status": ["verified", "corrected", "false", "inconclusive"],
    "extract.sort": "position",
    "claims.format": "table",
    "serve.host": "127.0.0.1",
    "serve.port": 8000,
    "theme": "textual-dark",
}


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _origin(origin: str) -> str:
    if origin == "flag":
        return "from the command line"
    if origin == "file":
        return "from the file"
    if origin == "default":
        return "built-in default"
    return f"from {origin}"


def effective(args: argparse.Namespace) -> list[tuple[str, object, str]]:
    """(key, value or None, origin) for every setting, flags of this command included."""
    from core.config import default_desk_path, default_reviewer, resolve, setting_keys

    flags = {"desk": args.desk, "reviewer": args.reviewer, "model": args.model}
    rows = []
    for key in setting_keys():
        value, origin = resolve(key, flags.get(key))
        if value is None:
            if key == "desk":
                value = str(default_desk_path())
            elif key == "reviewer":
                value = default_reviewer()
            else:
                value = _BUILT_IN.get(key)
        rows.append((key, value, origin))
    return rows


def run(args: argparse.Namespace) -> int:
    from core.config import describe, load_settings

    loaded = load_settings()
    state = "read" if loaded.found else "not found: built-in defaults apply"
    from core.config import config_path

    _, why = config_path()
    print(f"# configuration file: {printable(loaded.path)} ({why}; {state})")
    section = ""
    for key, value, origin in effective(args):
        head, _, name = key.rpartition(".")
        if head != section:
            section = head
            print(f"\n[{section}]")
        doc, env = describe(key)
        env_note = f"; ${env}" if env else ""
        if value is None:
            print(f"# {name} is not set — {doc}{env_note}")
        else:
            line = f"{name} = {_toml(value)}"
            print(f"{printable(line)}  # {_origin(origin)} — {doc}{env_note}")
    keys = loaded.settings.keys
    print("\n[keys]  # binding id = key (see the help screen, ? in the workbench, for the ids)")
    for binding, key in sorted(keys.items()):
        print(printable(f"{json.dumps(binding)} = {json.dumps(key)}") + "  # from the file")
    return 0
