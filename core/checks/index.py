"""The search indexes of the known checks, kept on disk beside the desk.

``desk.json`` gets a folder ``desk.json.checks-index/`` holding a BM25 index (bm25s, its
own ``.npy`` files, memory-mapped), the checks' sentence vectors (``vectors.npy``,
memory-mapped), and the rows a search result shows (``rows.jsonl`` with a byte-offset
table, read one row at a time). Searching therefore costs neither parsing the checks
table nor holding it in memory; a process that searches 100,000 checks maps a few files.

The index is built by the commands that change the checks (import, remove, ``checks
index``), never by a search: ``manifest.json`` records which checks snapshot it was built
from, and a search on a stale index says so instead of rebuilding. A new index is written
to a temporary folder and swapped in whole, so a crash leaves the old index or the new.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from core.checks.embed import Model
from core.checks.text import clean_query, words
from core.desk.files import checks_index_path

INDEX_VERSION = 3
COARSE_DIM = 128  # the model is Matryoshka-trained: its first dimensions rank coarsely
COARSE_POOL = 1000  # rows the coarse pass keeps for exact scoring
ROW_FIELDS = (
    "url", "claim_reviewed", "name", "rating", "publisher", "date_published", "claimant",
    "origin", "claim_id",
)  # fmt: skip


def index_dir(desk_path: Path) -> Path:
    return checks_index_path(desk_path)


def terms(row: dict[str, Any]) -> list[str]:
    """The lexical terms of a check: its headline and its claim."""
    name, claim = row.get("name") or "", row.get("claim_reviewed") or ""
    if name.strip().lower() == claim.strip().lower():
        name = ""
    return words(clean_query(f"{name} {claim}"))


def embed_text(row: dict[str, Any]) -> str:
    name, claim = row.get("name") or "", row.get("claim_reviewed") or ""
    if name and name.strip().lower() != claim.strip().lower():
        return clean_query(f"{name}. {claim}")
    return clean_query(claim)


@dataclass
class Index:
    """One searchable set of checks: BM25, optional vectors, and the rows to show."""

    bm25: bm25s.BM25 | None
    vectors: np.ndarray | None
    rows: Callable[[int], dict[str, Any]]
    size: int
    model: str | None
    manifest: dict[str, Any]

    coarse: np.ndarray | None = None  # vectors[:, :COARSE_DIM], contiguous and normalised

    def semantic(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` rows most like ``vector`` and their cosines, best first.

        A full pass over 100,000 × 256 floats reads 100 MB per query; the coarse pass
        reads half of that, and only its best :data:`COARSE_POOL` rows are scored in full.
        Measured on the 100,000-check bench set: 95 % of a full pass's top 50 and of its
        top 5 are kept, for about 20 % less time per query.
        """
        assert self.vectors is not None
        if self.coarse is not None and self.size > COARSE_POOL:
            head = vector[:COARSE_DIM]
            norm = float(np.linalg.norm(head))
            rough = self.coarse @ (head / norm if norm > 0 else head)
            rows = np.argpartition(-rough, COARSE_POOL)[:COARSE_POOL]
            rows.sort()
        else:
            rows = np.arange(self.size)
        exact = np.asarray(self.vectors[rows] @ vector, dtype=np.float32)
        best = np.argsort(-exact, kind="stable")[:k]
        return rows[best], exact[best]

    def semantic_of(self, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
        assert self.vectors is not None
        order = np.argsort(rows)
        out = np.empty(len(rows), dtype=np.float32)
        out[order] = np.asarray(self.vectors[rows[order]] @ vector, dtype=np.float32)
        return out

    def lexical(self, tokens: list[str]) -> np.ndarray:
        if self.bm25 is None or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        vocab = self.bm25.vocab_dict
        ids = [vocab[t] for t in tokens if t in vocab]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores_from_ids(ids), dtype=np.float32)


def _bm25(token_lists: list[list[str]]) -> bm25s.BM25 | None:
    if not token_lists:
        return None
    bm = bm25s.BM25(k1=1.2, b=0.75)
    bm.index(token_lists, show_progress=False)
    return bm


def in_memory(rows: Sequence[dict[str, Any]], model: Model | None) -> Index:
    """An index held in memory only: the desk's own verdicts, which change as one works."""
    bm = _bm25([terms(r) for r in rows])
    vectors = model.embed([embed_text(r) for r in rows]) if model is not None and rows else None
    return Index(
        bm25=bm,
        vectors=vectors,
        rows=lambda i: rows[i],
        size=len(rows),
        model=model.ident if model is not None and rows else None,
        manifest={},
    )


def build(
    directory: Path,
    rows: Sequence[dict[str, Any]],
    model: Model | None,
    source: Any,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Write a fresh index of ``rows`` to ``directory`` (replacing any old one atomically)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        with open(tmp / "rows.jsonl", "wb") as fh:
            for i, row in enumerate(rows):
                line = json.dumps({k: row.get(k) for k in ROW_FIELDS}, ensure_ascii=False)
                fh.write(line.encode("utf-8") + b"\n")
                offsets[i + 1] = fh.tell()
            fh.flush()
            os.fsync(fh.fileno())
        np.save(tmp / "offsets.npy", offsets)
        if progress:
            progress("indexing words")
        bm = _bm25([terms(r) for r in rows])
        if bm is not None:
            bm.save(str(tmp / "bm25"), show_progress=False)
        del bm  # before the vectors: the two need not be in memory together
        if model is not None and rows:
            if progress:
                progress("embedding")
            _write_vectors(tmp, rows, model)
        manifest = {
            "version": INDEX_VERSION,
            "size": len(rows),
            "model": model.ident if model is not None and rows else None,
            "source": source,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        _swap(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(new: Path, directory: Path) -> None:
    old = None
    if directory.exists():
        old = directory.with_name(f".{directory.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(directory, old)
    os.replace(new, directory)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


EMBED_CHUNK = 8192  # texts embedded at a time, written straight into the mapped files


def _write_vectors(folder: Path, rows: Sequence[dict[str, Any]], model: Model) -> None:
    """``vectors.npy`` and ``coarse.npy`` written chunk by chunk, so building the index of
    100,000 checks never holds all their vectors in memory (nor maps them while writing)."""
    n = len(rows)
    with open(folder / "vectors.npy", "wb") as full, open(folder / "coarse.npy", "wb") as coarse:
        for fh, dim in ((full, model.dim), (coarse, COARSE_DIM)):
            header = {"descr": "<f4", "fortran_order": False, "shape": (n, dim)}
            np.lib.format.write_array_header_1_0(fh, header)
        for start in range(0, n, EMBED_CHUNK):
            chunk = model.embed([embed_text(r) for r in rows[start : start + EMBED_CHUNK]])
            full.write(np.ascontiguousarray(chunk, dtype="<f4").tobytes())
            head = np.ascontiguousarray(chunk[:, :COARSE_DIM])
            norms = np.linalg.norm(head, axis=1, keepdims=True)
            np.divide(head, norms, out=head, where=norms > 0)
            coarse.write(head.astype("<f4").tobytes())
        for fh in (full, coarse):
            fh.flush()
            os.fsync(fh.fileno())


def remove(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)


def load(directory: Path) -> Index | None:
    """The index in ``directory``, memory-mapped; ``None`` if there is none (or it is torn)."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("version") != INDEX_VERSION:
        return None
    size = int(manifest.get("size", 0))
    try:
        offsets = np.load(directory / "offsets.npy", mmap_mode="r")
        bm = None
        if size:
            bm = bm25s.BM25.load(str(directory / "bm25"), mmap=True, show_progress=False)
        vectors = coarse = None
        if manifest.get("model"):
            vectors = np.load(directory / "vectors.npy", mmap_mode="r")
            coarse = np.load(directory / "coarse.npy", mmap_mode="r")
        fh = open(directory / "rows.jsonl", "rb")  # noqa: SIM115 (lives as long as the index)
    except (OSError, ValueError):
        return None

    def row(i: int) -> dict[str, Any]:
        start, end = int(offsets[i]), int(offsets[i + 1])
        fh.seek(start)
        return json.loads(fh.read(end - start))

    return Index(
        bm25=bm, vectors=vectors, rows=row, size=size, model=manifest.get("model"),
        manifest=manifest, coarse=coarse,
    )  # fmt: skip


def source_identity(path: Path) -> list[int] | None:
    """Which checks snapshot an index was built from (a fold gives the file a new inode)."""
    with contextlib.suppress(OSError):
        st = path.stat()
        return [st.st_ino, st.st_size, st.st_mtime_ns]
    return None
