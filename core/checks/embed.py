"""Sentence vectors from a static embedding model shipped inside a registry package.

The model is WordLlama's ``l2_supercat`` (256 dimensions, 16 MB, in the ``wordllama``
wheel): a table of token vectors averaged over a sentence. Why a static model: the search
must embed 100,000 checks within a minute on two cores and answer a query in a few
milliseconds; a transformer encoder (MiniLM and friends) embeds a few hundred sentences a
second here, so importing a large feed would take many minutes.

WordLlama's own loader looks for its tokenizer in the wrong folder and then downloads it;
this module reads the tokenizer file and the weights from the installed package itself,
with ``tokenizers`` and ``safetensors``, so nothing can reach the network. Without the
package the search is lexical (:func:`load_model` returns ``None`` and says why).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_ID = "wordllama/l2_supercat_256"
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
MAX_TOKENS = 256  # a check is a sentence or two; a longer text adds nothing but time


@dataclass
class Model:
    """Token vectors and their tokenizer; :meth:`embed` gives unit-length sentence vectors."""

    vectors: np.ndarray  # (vocabulary, dim) float32
    tokenizer: Any  # tokenizers.Tokenizer, which ships no types mypy reads
    ident: str = MODEL_ID

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def embed(self, texts: list[str], batch: int = 4096) -> np.ndarray:
        """Unit-length mean token vectors, one row per text (zeros for an empty text).

        The mean is a sparse (texts × vocabulary) matrix times the token table: no
        (tokens × dim) intermediate, so embedding 100,000 checks stays fast and small.
        """
        from scipy.sparse import csr_matrix

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        vocab = self.vectors.shape[0]
        for start in range(0, len(texts), batch):
            chunk = texts[start : start + batch]
            encoded = self.tokenizer.encode_batch(chunk, add_special_tokens=False)
            ids = [e.ids[:MAX_TOKENS] for e in encoded]
            lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
            if not lengths.any():
                continue
            flat = np.fromiter(
                (t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum())
            )
            np.clip(flat, 0, vocab - 1, out=flat)
            indptr = np.concatenate(([0], np.cumsum(lengths)))
            weights = np.repeat(1.0 / np.maximum(lengths, 1), lengths).astype(np.float32)
            mean = csr_matrix((weights, flat, indptr), shape=(len(chunk), vocab))
            out[start : start + len(chunk)] = mean @ self.vectors
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def package_dir() -> Path | None:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The shipped model, or ``None`` when the package (or its files) is not installed.

    ``wordllama`` itself is never imported: its loader is what downloads.
    """
    root = package_dir()
    if root is None:
        return None
    weights, tokenizer_file = root.joinpath(*_WEIGHTS), root.joinpath(*_TOKENIZER)
    if not weights.is_file() or not tokenizer_file.is_file():
        return None
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError:
        return None
    tensors = load_file(str(weights))
    vectors = np.ascontiguousarray(next(iter(tensors.values())), dtype=np.float32)
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return Model(vectors=vectors, tokenizer=tokenizer)


def unavailable_reason() -> str:
    return "the embedding model (the 'wordllama' package) is not installed: searching by words only"
