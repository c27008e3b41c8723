"""Settings: the configuration file, the environment, and where things live by default.

One TOML file holds a reviewer's settings: ``$CLAIMDESK_CONFIG`` if set, else
``claimdesk/config.toml`` in the user config directory. For every setting a flag on the
command line wins, then the environment variable (where there is one), then the file, then
the built-in default; ``resolve`` answers both the value and where it came from, so
``claimdesk config`` can say why a setting is what it is.

The file is checked as a whole when it is read: an unknown key, a value of the wrong type
or a file that is not TOML is a :class:`UserError` naming the file and the key (or line),
so a typo in the configuration never silently falls back to a default.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from core.errors import UserError
from core.model import Status
from core.team import is_team_url

CONFIG_ENV = "CLAIMDESK_CONFIG"
DESK_ENV = "CLAIMDESK_DESK"
REVIEWER_ENV = "CLAIMDESK_REVIEWER"

_STATUSES = (*(status.value for status in Status), "all")
_EXPORT_FORMATS = ("json", "jsonl", "csv", "markdown", "claimreview")


def setting(
    doc: str,
    *,
    env: str | None = None,
    choices: tuple[str, ...] | None = None,
    path: bool = False,
    default: Any = None,
) -> Any:
    """A field of a settings section; ``doc`` is shown by ``claimdesk config``."""
    meta = {"doc": doc, "env": env, "choices": choices, "path": path}
    if isinstance(default, dict | list):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class ClaimReviewSettings:
    """``[claimreview]``: who publishes the ClaimReview export and how verdicts are rated."""

    org_name: str | None = setting(
        "publishing organisation (author and publisher)", env="CLAIMDESK_ORG_NAME"
    )
    org_url: str | None = setting("its home page", env="CLAIMDESK_ORG_URL")
    review_url: str | None = setting(
        "base URL of published reviews; the claim id is appended", env="CLAIMDESK_REVIEW_URL"
    )
    rating_map: str | None = setting(
        "JSON or TOML file mapping statuses to ratings (relative to this file)",
        env="CLAIMDESK_RATING_MAP",
        path=True,
    )


@dataclass(frozen=True)
class ExportSettings:
    """``[export]``: what ``claimdesk export`` and the workbench's export form start from."""

    format: str | None = setting(
        "json, jsonl, csv, markdown or claimreview", choices=_EXPORT_FORMATS
    )
    status: list[str] | None = setting(
        "statuses exported (default: the verdicts); 'all' for every claim", choices=_STATUSES
    )
    article: list[str] | None = setting("only these articles (ids or prefixes)")
    since: str | None = setting("only claims updated on or after this ISO date")
    bom: bool | None = setting("start csv and markdown with a UTF-8 BOM (for Excel)")
    all_versions: bool | None = setting("include older article versions and removed claims")
    matches: bool | None = setting("json/jsonl: add the claims seen before to each claim")


@dataclass(frozen=True)
class ExtractSettings:
    """``[extract]``: ``claimdesk extract``'s output."""

    format: str | None = setting("json, jsonl or table", choices=("json", "jsonl", "table"))
    sort: str | None = setting(
        "position or checkworthiness", choices=("position", "checkworthiness")
    )


@dataclass(frozen=True)
class ClaimsSettings:
    """``[claims]``: ``claimdesk claims``' output."""

    format: str | None = setting("table, json or jsonl", choices=("table", "json", "jsonl"))


@dataclass(frozen=True)
class ServeSettings:
    """``[serve]``: where ``claimdesk serve`` listens."""

    host: str | None = setting("address to listen on (default 127.0.0.1: this machine only)")
    port: int | None = setting("port to listen on (default 8000)")


@dataclass(frozen=True)
class Settings:
    """Everything the file can hold. ``None`` means "not set here": the next layer decides."""

    reviewer: str | None = setting("name recorded in every event", env=REVIEWER_ENV)
    desk: str | None = setting(
        "the desk file (relative to this file), or postgresql://user@host:port/db",
        env=DESK_ENV,
        path=True,
    )
    model: str | None = setting("installed spaCy pipeline to extract with", env="CLAIMDESK_MODEL")
    theme: str | None = setting("workbench colour theme (a Textual theme name)")
    claimreview: ClaimReviewSettings = field(default_factory=ClaimReviewSettings)
    export: ExportSettings = field(default_factory=ExportSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    claims: ClaimsSettings = field(default_factory=ClaimsSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    keys: dict[str, str] = setting(
        '[keys] binding id = key, e.g. "review.verified" = "y"', default={}
    )


SECTIONS: dict[str, type] = {
    f.name: f.default_factory  # type: ignore[misc]
    for f in fields(Settings)
    if isinstance(f.default_factory, type)
}
"""The ``[section]`` tables and their dataclasses (``keys`` is a free-form table)."""


# -- where the file is ---------------------------------------------------------------


def config_path() -> tuple[Path, str]:
    """The configuration file and why that one: ``$CLAIMDESK_CONFIG`` or the default."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser(), f"${CONFIG_ENV}"
    base = Path(platformdirs.user_config_dir("claimdesk", appauthor=False))
    return base / "config.toml", "default"


# -- reading and checking it ---------------------------------------------------------


_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _check_value(name: str, spec: Any, value: Any, where: str) -> Any:
    """One value against its field: type, choices; paths made relative to the file."""
    annotation = str(spec.type)
    meta = spec.metadata
    if annotation.startswith("list"):
        if isinstance(value, str):  # "verified,needs_source" reads as well as a list
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UserError(f"{where}: key {name!r} must be a list of strings, not {_kind(value)}")
        choices = meta.get("choices")
        for item in value:
            if choices and item not in choices:
                raise UserError(
                    f"{where}: key {name!r} has unknown value {item!r}; "
                    f"choose from: {', '.join(choices)}"
                )
        return value
    wanted = bool if annotation.startswith("bool") else int if annotation.startswith("int") else str
    ok = isinstance(value, wanted) and not (wanted is int and isinstance(value, bool))
    if not ok:
        raise UserError(f"{where}: key {name!r} must be {_TYPE_NAMES[wanted]}, not {_kind(value)}")
    choices = meta.get("choices")
    if choices and value not in choices:
        raise UserError(
            f"{where}: key {name!r} has unknown value {value!r}; choose from: {', '.join(choices)}"
        )
    if wanted is int and name.endswith("port") and not 0 < value < 65536:
        raise UserError(f"{where}: key {name!r} must be a port number (1-65535), not {value}")
    return value


def _build(cls: type, table: dict[str, Any], prefix: str, where: str) -> Any:
    specs = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        spec = specs.get(key)
        if spec is None:
            raise UserError(f"{where}: unknown key {name!r} (see 'claimdesk config' for the keys)")
        if key in SECTIONS and not prefix:
            if not isinstance(value, dict):
                raise UserError(
                    f"{where}: key {name!r} must be a table ([{key}]), not {_kind(value)}"
                )
            values[key] = _build(SECTIONS[key], value, f"{key}.", where)
        elif key == "keys" and not prefix:
            if not isinstance(value, dict):
                raise UserError(f"{where}: key 'keys' must be a table ([keys]), not {_kind(value)}")
            for binding, keys in value.items():
                if not isinstance(keys, str) or not keys.strip():
                    raise UserError(
                        f"{where}: key 'keys.{binding}' must be a key name such as \"y\" or "
                        f'"ctrl+y", not {_kind(keys)}'
                    )
            values[key] = dict(value)
        else:
            values[key] = _check_value(name, spec, value, where)
    return cls(**values)


def parse_settings(text: str, where: str) -> Settings:
    """The settings in TOML ``text`` (``where`` names the file in messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{where}: not valid TOML: {exc}") from None
    return _build(Settings, data, "", where)


@dataclass(frozen=True)
class LoadedSettings:
    """The settings read from a file, with the file they came from (if any)."""

    settings: Settings
    path: Path
    found: bool

    def get(self, key: str) -> Any:
        """A dotted key's value from the file (``claimreview.org_name``), or ``None``."""
        node: Any = self.settings
        for part in key.split("."):
            node = getattr(node, part)
        if node is not None and _field(key).metadata.get("path") and not is_team_url(node):
            node = str((self.path.parent / Path(node).expanduser()).resolve())
        return node


_cache: dict[tuple, LoadedSettings] = {}


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read and check the configuration file (cached until it changes on disk).

    A missing file at the default place means no settings; a missing file named by
    ``$CLAIMDESK_CONFIG`` is an error (the name was probably mistyped).
    """
    origin = "argument"
    if path is None:
        path, origin = config_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        if origin == "default":
            return LoadedSettings(Settings(), path, False)
        raise UserError(f"{path}: no such configuration file (named by ${CONFIG_ENV})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the configuration: {exc.strerror}") from None
    stamp = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    cached = _cache.get(stamp)
    if cached is not None:
        return cached
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the configuration: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; a configuration file is TOML") from None
    loaded = LoadedSettings(parse_settings(text, str(path)), path, True)
    _cache.clear()
    _cache[stamp] = loaded
    return loaded


# -- resolving a setting -------------------------------------------------------------


def _field(key: str) -> Any:
    cls: Any = Settings
    spec = None
    for part in key.split("."):
        spec = {f.name: f for f in fields(cls)}[part]
        cls = SECTIONS[part] if part in SECTIONS and cls is Settings else None
    return spec


def setting_keys() -> list[str]:
    """Every dotted key the file can hold, in the order ``claimdesk config`` lists them."""
    keys = []
    for top in fields(Settings):
        if top.name in SECTIONS:
            keys += [f"{top.name}.{f.name}" for f in fields(SECTIONS[top.name])]
        elif top.name != "keys":
            keys.append(top.name)
    return keys


def describe(key: str) -> tuple[str, str | None]:
    """(doc, environment variable) of a dotted key."""
    meta = _field(key).metadata
    return meta["doc"], meta.get("env")


def resolve(key: str, flag: Any = None) -> tuple[Any, str]:
    """(value, origin) of a setting: the flag, then the environment, then the file.

    ``origin`` is ``"flag"``, ``"$NAME"``, ``"file"`` or ``"default"`` (value ``None``:
    the caller's built-in default applies).
    """
    if flag is not None:
        return flag, "flag"
    env = _field(key).metadata.get("env")
    if env and os.environ.get(env):
        return os.environ[env], f"${env}"
    value = load_settings().get(key)
    if value is not None:
        return value, "file"
    return None, "default"


def value_of(key: str, flag: Any = None) -> Any:
    """Just the value of :func:`resolve`."""
    return resolve(key, flag)[0]


def keymap() -> dict[str, str]:
    """``[keys]``: binding id → key(s), for the workbench's ``App.set_keymap``."""
    return dict(load_settings().settings.keys)


# -- the defaults ---------------------------------------------------------------------


def default_desk_path() -> Path | str:
    """``$CLAIMDESK_DESK``, else the file's ``desk``, else ``desk.json`` in the user data
    directory. A ``postgresql://`` URL stays a string: as a path its ``//`` would fold."""
    value = value_of("desk")
    if value:
        return desk_location(value)
    return Path(platformdirs.user_data_dir("claimdesk", appauthor=False)) / "desk.json"


def desk_location(value: str) -> Path | str:
    """A ``--desk`` value: a team desk's URL as given, anything else a file path."""
    return value if is_team_url(value) else Path(value).expanduser()


def default_reviewer() -> str:
    """``$CLAIMDESK_REVIEWER``, else the file's ``reviewer``, else the login name: every
    event says who did it."""
    value = value_of("reviewer")
    if value:
        return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers): still record something honest
        return "unknown"
