"""``claimdesk doctor``: rebuild a damaged desk from whatever can still be read.

The desk refuses to open damaged files (it must never overwrite what it cannot read).
Recovery is a separate, explicit step so that the person at the keyboard decides it: every
damaged file is first kept as ``<name>.damaged-<timestamp>``, then the desk is rebuilt
from the readable documents of each snapshot plus every readable journal record, and the
report says how much was kept and how much was lost.

A snapshot cut short (disk full while copying it, a truncated backup) is salvaged document
by document: TinyDB's layout is ``{"table": {"id": {...}, ...}, ...}``, so every document
that was complete before the damage is read back.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import filelock

from core.desk import codec
from core.desk.files import (
    CHECKS_TABLES,
    HISTORY_TABLES,
    MAIN_TABLES,
    META_KEY,
    atomic_write,
    checks_path,
    encode,
    encode_snapshot,
    history_path,
    journal_path,
    load_snapshot,
    not_a_desk_but_a_dump,
    quarantine_path,
    snapshot_seq,
    write_quarantine,
)
from core.desk.journal import scan_journal
from core.desk.migrate import SCHEMA_VERSION
from core.desk.records import SetAside, check_claim, check_op, set_aside_bad
from core.desk.snapshots import apply_op
from core.errors import DeskError


@dataclass
class RecoveryReport:
    path: Path
    kept: list[Path] = field(default_factory=list)  # damaged files, kept aside
    problems: list[str] = field(default_factory=list)
    replayed: int = 0
    dropped: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    quarantined: list[SetAside] = field(default_factory=list)
    rebuilt: int = 0  # claims rebuilt from their latest event
    reextracted: int = 0  # claims found again in a stored article no event covered
    orphaned: dict[str, int] = field(default_factory=dict)  # article id → claims without text

    @property
    def healthy(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.healthy:
            summary = ", ".join(f"{n} {t}" for t, n in self.counts.items())
            return [f"desk {self.path} is healthy ({summary}); nothing to do"]
        out = [f"desk {self.path}: {p}" for p in self.problems]
        out += [f"kept the damaged file as {p}" for p in self.kept]
        if self.quarantined:
            out.append(
                f"set {len(self.quarantined)} malformed records aside in "
                f"{quarantine_path(self.path).name}"
            )
        if self.rebuilt:
            out.append(f"rebuilt {self.rebuilt} claims from their history")
        if self.reextracted:
            out.append(
                f"re-extracted {self.reextracted} claims (unreviewed) from the stored text of "
                "articles whose claims and history were both lost"
            )
        for aid, count in self.orphaned.items():
            out.append(
                f"article {aid}: its article text is lost; its {count} claims are kept: "
                "re-import the article file to restore it (their reviews carry over)"
            )
        out.append(
            f"rebuilt: {self.counts.get('articles', 0)} article versions, "
            f"{self.counts.get('claims', 0)} claims, {self.counts.get('events', 0)} events; "
            f"{self.replayed} journal changes replayed, {self.dropped} unreadable dropped"
        )
        return out


def recover(path: Path) -> RecoveryReport:
    """Check the desk at ``path``; if damaged, keep the damage aside and rebuild."""
    path = Path(path).expanduser()
    undone = _undo_interrupted_copies(path)
    if not any(p.exists() for p in (path, history_path(path), journal_path(path))):
        if undone:
            raise DeskError(
                f"no desk at {path}; removed what a copy into it stopped part-way "
                f"had left ({', '.join(undone)})"
            )
        raise DeskError(f"no desk at {path}")
    if path.is_file():
        with open(path, "rb") as fh:
            dump = not_a_desk_but_a_dump(path, fh.read(4096))
        if dump is not None:
            raise dump
    if _not_a_desk(path):
        raise DeskError(
            f"{path} is not a claimdesk desk (no desk tables in it, no history or journal "
            "beside it); doctor leaves it as it is: check the --desk path"
        )
    with _held(path):
        return _recover(path)


def _undo_interrupted_copies(path: Path) -> list[str]:
    """A copy into ``path`` killed before it completed left a folder beside it (and maybe
    some of its files): put the destination back as it was (core.desk.staging)."""
    from core.desk.staging import recover as undo
    from core.desk.staging import staging_folders

    found = [folder.name for folder in staging_folders(path)]
    if not found:
        return []
    with _held(path):
        undo(path)
    return found


@contextlib.contextmanager
def _held(path: Path) -> Iterator[None]:
    """The desk's lock for doctor's work, or one line if another claimdesk has it: doctor
    never waits on (or repairs under) a desk that is open."""
    lock = filelock.FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise DeskError(f"desk {path} is open in another claimdesk; close it first") from None
    try:
        yield
    finally:
        lock.release()


def _not_a_desk(path: Path) -> bool:
    """A file that never was a desk: ``--desk`` pointed at an article by mistake.

    Rebuilding would move the person's file aside and put an empty desk under its name.
    A damaged desk still has a history or journal beside it, or its tables' names near
    the start (a snapshot cut short keeps its beginning); an empty file has nothing to lose.
    """
    if not path.is_file() or history_path(path).exists() or journal_path(path).exists():
        return False
    with open(path, "rb") as fh:
        head = fh.read(4096)
    return bool(head.strip()) and not any(
        f'"{name}"'.encode() in head for name in ("meta", "articles", "claims")
    )


def _recover(path: Path) -> RecoveryReport:
    report = RecoveryReport(path=path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if not path.exists():
        report.problems.append(f"{path.name} is missing; rebuilding from its history and journal")
    main = _load_or_salvage(path, MAIN_TABLES, report, stamp)
    main_meta = main.get("meta", {}).get(META_KEY) or {}
    history = _load_or_salvage(
        history_path(path), HISTORY_TABLES, report, stamp, main_meta.get("history_bytes")
    )

    checks = _load_or_salvage(checks_path(path), CHECKS_TABLES, report, stamp)
    checks_seq = snapshot_seq(checks)

    jpath = journal_path(path)
    raw = jpath.read_bytes() if jpath.exists() else b""
    scan = scan_journal(raw)
    if scan.bad_lines or scan.torn_tail or _out_of_order(scan.records):
        where = ", ".join(str(n) for n in scan.bad_lines) or "the last line"
        report.problems.append(f"journal {jpath.name} has unreadable records ({where})")
        report.dropped = len(scan.bad_lines) + (1 if scan.torn_tail else 0)
        report.kept.append(_keep(jpath, stamp))

    report.quarantined += set_aside_bad(main, tuple(main), path.name)
    report.quarantined += set_aside_bad(history, tuple(history), history_path(path).name)
    main_seq = snapshot_seq(main)
    history_seq = main_meta.get("history_seq", snapshot_seq(history))
    seq = max(main_seq, history_seq)
    if scan.records and scan.records[0]["seq"] > main_seq + 1:
        report.problems.append(
            f"journal {jpath.name} starts after changes that are in neither file; "
            "keeping what is there"
        )
        if not any(k.name.startswith(jpath.name + ".damaged-") for k in report.kept):
            report.kept.append(_keep(jpath, stamp))
    previous = 0
    for record, line in zip(scan.records, scan.lines, strict=True):
        rseq = record["seq"]
        if rseq <= previous:  # a duplicated or misplaced record: keep the first
            report.problems.append(f"journal record {rseq} out of order: dropped")
            report.dropped += 1
            continue
        previous = rseq
        for op in record["ops"]:
            table, key, doc = op
            problem = check_op(table, key, doc)
            if problem is not None:
                report.quarantined.append(SetAside(jpath.name, table, key, problem, doc, line))
                continue
            target, floor = (history, history_seq) if table == "events" else (main, main_seq)
            if table == "checks":  # known fact-checks have a snapshot of their own
                target, floor = checks, checks_seq
            if rseq > floor:
                apply_op(target, (table, key, doc))
        report.replayed += 1
        seq = max(seq, rseq)
    for item in report.quarantined:
        report.problems.append(f"{item.place} is malformed ({item.problem})")
    if report.problems:  # damage: what the snapshot lost, its history may still hold
        report.rebuilt = _rebuild_from_events(main, history)
        if report.rebuilt:
            report.problems.append(f"{report.rebuilt} claims were missing from {path.name}")
        report.orphaned = _orphaned_claims(main)
    report.counts = {
        "articles": len(main.get("articles", {})),
        "claims": len(main.get("claims", {})),
        "events": len(history.get("events", {})),
    }
    if report.healthy:
        return report

    if report.quarantined:
        write_quarantine(path, report.quarantined)
    report.reextracted = _reextract(main, history)
    report.counts["claims"] = len(main.get("claims", {}))
    report.counts["events"] = len(history.get("events", {}))
    main_meta.pop("undo", None)  # events changed: the stacks are rebuilt from them
    schema = main_meta.get("schema", SCHEMA_VERSION)
    events = history.get("events", {})
    history_payload = encode(
        {"meta": {META_KEY: {"schema": schema, "seq": seq}}, "events": events}  # events last
    )
    main.setdefault("meta", {})[META_KEY] = {
        **main_meta,
        "schema": schema,
        "seq": seq,
        "history_bytes": len(history_payload),
        "history_seq": seq,
        "next_event": max((int(k) for k in events), default=0) + 1,
    }
    atomic_write(history_path(path), history_payload)
    if checks.get("checks"):
        checks.setdefault("meta", {})[META_KEY] = {"schema": schema, "seq": seq}
        atomic_write(checks_path(path), encode(checks))
    atomic_write(path, encode_snapshot(main))
    atomic_write(jpath, b"")
    return report


def _rebuild_from_events(main: dict[str, dict], history: dict[str, dict]) -> int:
    """Put back every claim the snapshot lost whose latest event still holds it whole."""
    claims = main.setdefault("claims", {})
    present = {doc["id"] for doc in claims.values()}
    latest: dict[str, dict[str, Any] | None] = {}
    for _key, event in sorted(history.get("events", {}).items(), key=lambda kv: int(kv[0])):
        latest[event["claim_id"]] = event.get("after")
    next_key = max((int(k) for k in claims), default=0) + 1
    rebuilt = 0
    for claim_id, after in latest.items():
        if claim_id in present or after is None or check_claim(after) is not None:
            continue
        claims[str(next_key)] = codec.compact_claim(dict(after))
        next_key += 1
        rebuilt += 1
    return rebuilt


def _orphaned_claims(main: dict[str, dict]) -> dict[str, int]:
    articles = {doc["id"] for doc in main.get("articles", {}).values()}
    out: dict[str, int] = {}
    for doc in main.get("claims", {}).values():
        if doc["article_id"] not in articles:
            out[doc["article_id"]] = out.get(doc["article_id"], 0) + 1
    return out


def _reextract(main: dict[str, dict], history: dict[str, dict]) -> int:
    """Claims of articles left with none and no history: extract them from the stored text.

    Their reviews are lost with the history, so they come back unreviewed, each with an
    import event (by ``doctor``) as any new claim has.
    """
    from core.model import Article, Event, now_iso

    claims = main.setdefault("claims", {})
    events = history.setdefault("events", {})
    covered = {doc["article_id"] for doc in claims.values()}
    covered |= {doc.get("article_id") for doc in events.values()}
    current: dict[str, dict[str, Any]] = {}
    for doc in main.get("articles", {}).values():
        if doc.get("version", 1) >= current.get(doc["id"], {}).get("version", 1):
            current[doc["id"]] = doc
    lost = [doc for aid, doc in current.items() if aid not in covered]
    if not lost:
        return 0
    from core.extract import extract_claims  # spaCy: only when there is text to read again

    count = 0
    next_claim = max((int(k) for k in claims), default=0) + 1
    next_event = max((int(k) for k in events), default=0) + 1
    at = now_iso()
    for doc in lost:
        article = Article.from_dict(doc)
        for claim in extract_claims(article):
            claim.article_id = article.id
            claim.updated_at = at
            after = codec.claim_to_dict(claim)
            claims[str(next_claim)] = codec.compact_claim(after)
            event = Event(
                id=codec.new_event_id(),
                claim_id=claim.id,
                article_id=article.id,
                action="import",
                before=None,
                after=after,
                reviewer="doctor",
                at=at,
                detail="re-extracted by doctor",
            )
            events[str(next_event)] = codec.stored_event(event.to_dict())
            next_claim += 1
            next_event += 1
            count += 1
    return count


def _out_of_order(records: list[dict[str, Any]]) -> bool:
    return any(b["seq"] <= a["seq"] for a, b in pairwise(records))


def _load_or_salvage(
    path: Path,
    tables: tuple[str, ...],
    report: RecoveryReport,
    stamp: str,
    valid_length: int | None = None,
) -> dict[str, dict[str, Any]]:
    try:
        return load_snapshot(path, tables, valid_length)
    except DeskError as exc:
        if not path.is_file():
            if valid_length:  # the history file is gone: the claims survive without it
                report.problems.append(f"{path.name} is missing: the history is lost")
                return {name: {} for name in tables}
            raise
        report.problems.append(str(exc).split(";")[0])
    report.kept.append(_keep(path, stamp))
    raw = path.read_bytes()
    if valid_length is not None and len(raw) >= valid_length:
        raw = raw[: valid_length - 2] + b"}}"
    data, complete = salvage_tables(raw.decode("utf-8", errors="replace"))
    if not complete:
        report.problems.append(f"{path.name}: read the documents before the damage")
    for name in tables:
        data.setdefault(name, {})
    return data


def _keep(path: Path, stamp: str) -> Path:
    """Copy (never move: the rebuild reads it) a damaged file beside the desk."""
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.copy2(path, kept)
    return kept


def salvage_tables(text: str) -> tuple[dict[str, dict[str, Any]], bool]:
    """Every complete document of a TinyDB JSON text, even if the text is cut short.

    Returns the tables and whether the whole text was read without damage.
    """
    decoder = json.JSONDecoder()
    tables: dict[str, dict[str, Any]] = {}
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        return tables, False
    pos += 1
    try:
        while True:
            pos = _skip(text, pos)
            if text.startswith("}", pos):
                return tables, True
            name, pos = decoder.raw_decode(text, pos)
            pos = _expect(text, pos, ":")
            pos = _expect(text, pos, "{")
            rows = tables.setdefault(str(name), {})
            while True:
                pos = _skip(text, pos)
                if text.startswith("}", pos):
                    pos += 1
                    break
                key, pos = decoder.raw_decode(text, pos)
                pos = _expect(text, pos, ":")
                doc, pos = decoder.raw_decode(text, _skip(text, pos))
                if isinstance(doc, dict):
                    rows[str(key)] = doc
                pos = _skip(text, pos)
                if text.startswith(",", pos):
                    pos += 1
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos += 1
    except (ValueError, IndexError):
        return tables, False


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _expect(text: str, pos: int, char: str) -> int:
    pos = _skip(text, pos)
    if not text.startswith(char, pos):
        raise ValueError(f"expected {char!r} at {pos}")
    return pos + 1
