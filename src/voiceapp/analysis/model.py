"""A theme model learned from officer-confirmed tags.

Features: TF-IDF over word unigrams and bigrams (the same word splitting as the rules),
sublinear term frequency, L2-normalised. Classifier: one logistic model per code (one-vs-rest,
scikit-learn ``SGDClassifier(loss="log_loss")``, balanced class weights, fixed seed). A confirmed
sub-code also counts as a confirmed parent.

Inference does not need scikit-learn: the model is vocabulary + idf + coefficients + intercepts,
applied with numpy. ``to_bytes`` writes a small self-describing binary (magic, JSON header, raw
little-endian float32 arrays, zlib-compressed); ``from_bytes`` reads it back with
``numpy.frombuffer``. Nothing is pickled, so a stored model cannot run code when loaded.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import struct
import warnings
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from voiceapp.analysis.codebook import CodebookEntry
from voiceapp.analysis.themes import words_of

MIN_EXAMPLES = 20  # fewer confirmed texts than this: no model
MIN_POSITIVES = 5  # a code needs at least this many confirmed texts (and as many without it)
MAX_FEATURES = 30_000
MIN_DF = 2
EPOCHS = 5
TRAIN_THREADS = 2  # scikit-learn's SGD releases the GIL, so codes train in parallel
ALPHA = 1e-4
SEED = 0

if TYPE_CHECKING:
    import numpy as np

# numpy is imported where it is used, so analysing text without a model does not load it.

_MAGIC = b"VATM"
_VERSION = 1
_FORMAT = "voiceapp-theme-model"


def features(text: str) -> list[str]:
    """Word unigrams and bigrams."""
    words = words_of(text)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


class ThemeModel:
    """Linear one-vs-rest theme classifier; see the module docstring."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, codes: Sequence[str],
                 coef: np.ndarray, intercept: np.ndarray,
                 meta: dict[str, Any] | None = None) -> None:
        import numpy as np
        self.vocabulary = list(vocabulary)
        self.codes = list(codes)
        self.idf = np.asarray(idf, dtype=np.float32)
        coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        n_features, n_codes = len(self.vocabulary), len(self.codes)
        if self.idf.shape != (n_features,) or coef.shape != (n_codes, n_features) or \
                self.intercept.shape != (n_codes,):
            raise ValueError("theme model arrays do not match its vocabulary and codes")
        self.coef = coef
        self._coef_t = np.ascontiguousarray(coef.T)  # (features, codes): row gather per text
        self._index = {term: i for i, term in enumerate(self.vocabulary)}
        self.meta = dict(meta or {})

    # -- inference ----------------------------------------------------------------------------
    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np
        counts = Counter(t for t in features(text) if t in self._index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter((self._index[t] for t in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32,
                         count=len(counts))
        values = tf * self.idf[idx]
        norm = float(np.sqrt(np.dot(values, values)))
        if norm > 0:
            values /= norm
        return idx, values

    def decision(self, text: str) -> np.ndarray:
        idx, values = self._vector(text)
        if idx.size == 0:
            return self.intercept.copy()
        return values @ self._coef_t[idx] + self.intercept

    def predict_proba(self, text: str) -> dict[str, float]:
        """Code -> probability (0..1) for every modelled code."""
        import numpy as np

        scores = self.decision(text)
        probs = 1.0 / (1.0 + np.exp(-np.clip(scores, -30.0, 30.0)))
        return {code: float(p) for code, p in zip(self.codes, probs, strict=True)}

    def explain(self, text: str, code: str, top: int = 3) -> list[str]:
        """The terms in ``text`` that pushed ``code`` up most (for evidence)."""
        import numpy as np

        if code not in self.codes:
            return []
        idx, values = self._vector(text)
        if idx.size == 0:
            return []
        contrib = values * self._coef_t[idx, self.codes.index(code)]
        order = np.argsort(-contrib)[:top]
        return [self.vocabulary[int(idx[k])] for k in order if contrib[k] > 0]

    # -- storage ------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        header = {
            "format": _FORMAT, "version": _VERSION, "codes": self.codes,
            "vocabulary": self.vocabulary, "arrays": "idf <f4, coef <f2, intercept <f4",
            "meta": self.meta,
        }
        head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # coefficients as float16: halves the stored size; scores change by < 0.1 %
        body = (self.idf.astype("<f4").tobytes() + self.coef.astype("<f2").tobytes()
                + self.intercept.astype("<f4").tobytes())
        payload = struct.pack("<I", len(head)) + head + body
        return _MAGIC + bytes([_VERSION]) + zlib.compress(payload, 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> ThemeModel:
        import numpy as np
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError("theme model data must be bytes")
        data = bytes(data)
        if data[:4] != _MAGIC or len(data) < 5:
            raise ValueError("not a voiceapp theme model")
        if data[4] != _VERSION:
            raise ValueError(f"unsupported theme model version {data[4]}")
        try:
            payload = zlib.decompress(data[5:])
            (head_len,) = struct.unpack_from("<I", payload, 0)
            header = json.loads(payload[4:4 + head_len].decode("utf-8"))
        except (zlib.error, struct.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError("corrupt theme model") from exc
        if header.get("format") != _FORMAT:
            raise ValueError("not a voiceapp theme model")
        codes = [str(c) for c in header["codes"]]
        vocabulary = [str(t) for t in header["vocabulary"]]
        n_f, n_c = len(vocabulary), len(codes)
        offset = 4 + head_len
        if len(payload) - offset != 4 * n_f + 2 * n_c * n_f + 4 * n_c:
            raise ValueError("corrupt theme model (array sizes)")
        idf = np.frombuffer(payload, dtype="<f4", count=n_f, offset=offset)
        offset += 4 * n_f
        coef = np.frombuffer(payload, dtype="<f2", count=n_c * n_f, offset=offset)
        offset += 2 * n_c * n_f
        intercept = np.frombuffer(payload, dtype="<f4", count=n_c, offset=offset)
        return cls(vocabulary, idf.astype(np.float32), codes,
                   coef.astype(np.float32).reshape(n_c, n_f), intercept.astype(np.float32),
                   header.get("meta") or {})

    def __repr__(self) -> str:
        return f"ThemeModel(codes={len(self.codes)}, features={len(self.vocabulary)})"


def train_theme_model(examples: Iterable[tuple[str, Sequence[str]]],
                      codebook: Sequence[CodebookEntry]) -> ThemeModel | None:
    """Learn a ThemeModel from (text, confirmed slugs) pairs.

    Returns None when there are fewer than MIN_EXAMPLES usable texts or no code has at least
    MIN_POSITIVES confirmed texts (codes with too few are simply left to the rules). Slugs not in
    the codebook, or retired, are ignored; a sub-code also labels its ancestors.
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier

    entries = {e.slug: e for e in codebook}
    active = {e.slug for e in codebook if not e.retired}
    texts: list[str] = []
    labels: list[set[str]] = []
    for text, slugs in examples:
        if not isinstance(text, str) or not text.strip():
            continue
        tags: set[str] = set()
        for slug in slugs:
            seen = 0
            current: str | None = slug
            while current in entries and seen < 10:
                tags.add(current)
                current = entries[current].parent_slug
                seen += 1
        texts.append(text)
        labels.append(tags & active)
    if len(texts) < MIN_EXAMPLES:
        return None
    counts = Counter(slug for tags in labels for slug in tags)
    n = len(texts)
    codes = sorted(c for c, k in counts.items() if k >= MIN_POSITIVES and n - k >= MIN_POSITIVES)
    if not codes:
        return None

    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=MIN_DF,
                                 max_features=MAX_FEATURES, dtype=np.float32)
    try:
        x = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary (e.g. every term seen once)
        return None
    vocabulary = [""] * len(vectorizer.vocabulary_)
    for term, i in vectorizer.vocabulary_.items():
        vocabulary[i] = term
    coef = np.zeros((len(codes), len(vocabulary)), dtype=np.float32)
    intercept = np.zeros(len(codes), dtype=np.float32)

    def fit_one(k: int) -> None:
        code = codes[k]
        y = np.fromiter((code in tags for tags in labels), dtype=bool, count=n)
        clf = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None,
                            class_weight="balanced", random_state=SEED)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # fixed epoch count: convergence warnings expected
            clf.fit(x, y)
        coef[k] = clf.coef_[0]
        intercept[k] = clf.intercept_[0]

    workers = max(1, min(TRAIN_THREADS, os.cpu_count() or 1, len(codes)))
    if workers == 1:
        for k in range(len(codes)):
            fit_one(k)
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(fit_one, range(len(codes))))
    meta = {"examples": n, "positives": {c: counts[c] for c in codes}}
    return ThemeModel(vocabulary, vectorizer.idf_.astype(np.float32), codes, coef, intercept,
                      meta)
