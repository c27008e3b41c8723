"""The append-only change log of the TinyDB desk: one fsynced, checksummed line per commit.

A change (say, a claim and the event recording it) is one line, appended with a single
``write`` and ``fsync``ed before the edit returns: O(size of the change), independent of
the size of the desk. :func:`scan_journal` tells a torn last record (a crash mid-append,
never acknowledged) from damage in the middle (refused: records after it may depend on
it), and a record whose checksum fails from a good one.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.desk.files import damaged, encode, explain_os_error, fsync_dir
from core.errors import DeskError


@dataclass
class JournalScan:
    """What was found in a journal file: good records, and damage if any."""

    records: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line number of each record
    good_bytes: int = 0  # length of the clean prefix
    torn_tail: bool = False  # the last record was cut short (crash mid-append)
    bad_lines: list[int] = field(default_factory=list)  # unparsable lines before the end


CRC_SUFFIX = len(b',"crc":"00000000"}')
"""Each record ends with its checksum: ``{"seq":N,"ops":[...],"crc":"<crc32 hex>"}``.

The CRC-32 is of the record's bytes without that field (the line with ``,"crc":"…"``
cut out), so checking needs no re-encoding. A record that fails its checksum is treated
like one that does not parse: a flipped byte must never be replayed as a decision."""


def encode_record(record: dict[str, Any]) -> bytes:
    """One journal line: the record, its checksum, and the newline that ends it."""
    body = encode(record)
    return body[:-1] + b',"crc":"%08x"}\n' % zlib.crc32(body)


def scan_journal(raw: bytes) -> JournalScan:
    """Split a journal into records, telling a torn last record from damage in the middle.

    Each record is written with one ``write`` ending in its only newline, so a crash
    mid-append leaves an unterminated (or zero-filled) last line. An unreadable line with
    readable records after it cannot come from a crash: that is damage. Records written
    before checksums existed (an older claimdesk) are read as they are, but only before
    the first record that has one: after it, a record without one lost it to damage.
    """
    scan = JournalScan()
    lines = raw.split(b"\n")
    unterminated = lines.pop()  # empty when the file ends with a newline, as it should
    if unterminated.strip():
        scan.torn_tail = True  # even if it parses: it was never followed by its newline
    offset = 0
    checksummed = False
    for number, line in enumerate(lines, start=1):
        offset += len(line) + 1
        record = _parse_record(line, legacy=not checksummed)
        if record is None:
            if number == len(lines) and not scan.torn_tail:
                scan.torn_tail = True
            else:
                scan.bad_lines.append(number)
            continue
        checksummed = checksummed or "crc" in record
        record.pop("crc", None)
        scan.records.append(record)
        scan.lines.append(number)
        if not scan.bad_lines:
            scan.good_bytes = offset
    return scan


def _parse_record(line: bytes, *, legacy: bool = True) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if (
        not isinstance(record, dict)
        or not isinstance(record.get("seq"), int)
        or not isinstance(record.get("ops"), list)
    ):
        return None
    if "crc" in record:
        if not _crc_matches(line):
            return None
    elif not legacy:
        return None
    for op in record["ops"]:
        if not (
            isinstance(op, list)
            and len(op) == 3
            and isinstance(op[0], str)
            and isinstance(op[1], str)
            and (op[2] is None or isinstance(op[2], dict))
        ):
            return None
    return record


def _crc_matches(line: bytes) -> bool:
    line = line.rstrip(b"\r")
    tail = line[-CRC_SUFFIX:]
    if len(line) <= CRC_SUFFIX or not tail.startswith(b',"crc":"') or not tail.endswith(b'"}'):
        return False
    try:
        expected = int(tail[8:16], 16)
    except ValueError:
        return False
    return zlib.crc32(line[:-CRC_SUFFIX] + b"}") == expected


class Journal:
    """The append-only change log; each append is one ``write`` + ``fsync``."""

    def __init__(self, path: Path, *, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self.records_since_fold = 0
        self._fd: int | None = None
        self._size = 0
        self.broken: str | None = None  # set when a failed append could not be rolled back
        self.lines: list[int] = []  # the line of each record read, for reporting damage

    @property
    def size(self) -> int:
        """Bytes of good records in the file."""
        return self._size

    def read(self) -> tuple[list[dict[str, Any]], str | None]:
        """Records to replay and a warning about a dropped torn tail (or ``None``).

        Damage before the last line is refused: records after it may depend on the lost
        one, and guessing would silently lose or resurrect a reviewer's decision.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raw = b""
        except OSError as exc:
            raise DeskError(f"cannot read desk journal {self.path}: {exc.strerror}") from None
        scan = scan_journal(raw)
        if scan.bad_lines:
            raise damaged(self.path, f"unreadable record at line {scan.bad_lines[0]}")
        _check_order(self.path, scan.records)
        warning = None
        if scan.torn_tail:
            warning = (
                f"dropped an incomplete last change in {self.path} "
                "(written when claimdesk was stopped mid-save; it was never confirmed)"
            )
        self._size = scan.good_bytes
        if not self.readonly:
            fd = self._open()
            if scan.torn_tail:
                os.ftruncate(fd, scan.good_bytes)
                os.fsync(fd)
        self.records_since_fold = len(scan.records)
        self.lines = scan.lines
        return scan.records, warning

    def _open(self) -> int:
        if self._fd is None:
            created = not self.path.exists()
            # 0600 like the snapshots (mkstemp): a reviewer's notes are nobody else's
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            except OSError as exc:
                raise DeskError(
                    f"cannot open desk journal: {explain_os_error(exc, self.path)} "
                    "(status, history and export can still read the desk)"
                ) from None
            if created:  # the new directory entry must survive a power cut too
                fsync_dir(self.path.parent)
        return self._fd

    def append(self, record: dict[str, Any]) -> None:
        """Write one record durably, or leave the journal exactly as it was and raise."""
        if self.broken:
            raise DeskError(self.broken)
        self._open()
        assert self._fd is not None
        payload = encode_record(record)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as exc:
            self._roll_back(exc)
            raise DeskError(f"change not saved: {explain_os_error(exc, self.path)}") from None
        self._size += len(payload)
        self.records_since_fold += 1

    def _roll_back(self, exc: OSError) -> None:
        """Cut off a partly written record so the next append does not follow garbage."""
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, self._size)
            os.fsync(self._fd)
        except OSError:
            self.broken = (
                f"the desk journal {self.path} could not be repaired after a failed save "
                f"({explain_os_error(exc, self.path)}); close claimdesk and reopen the desk"
            )

    def reset(self) -> None:
        """Empty the journal after its records were folded into the snapshots."""
        self._open()
        assert self._fd is not None
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)
        self._size = 0
        self.records_since_fold = 0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _check_order(path: Path, records: list[dict[str, Any]]) -> None:
    previous = None
    for number, record in enumerate(records, start=1):
        if previous is not None and record["seq"] <= previous:
            raise damaged(path, f"record {number} is out of order")
        previous = record["seq"]
