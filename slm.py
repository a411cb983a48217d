"""slm: a small language model for children's stories, written by hand in NumPy and CuPy.

Every forward and backward pass is written out below; there is no autograd. The core reads top to bottom:
  1. backend       - xp is CuPy on an NVIDIA GPU, else NumPy; host <-> device copies are explicit; the module state
  2. configuration - config.py, then --name=value flags, checked with one-line errors
  3. stories and tokens - lives in data/ (data/stories.py, data/tokens.py); imported here
  4. layers        - forward/backward pairs, side by side, with a shape legend
  5. model         - parameters as named views into one flat buffer; one forward (training, and writing with a KV
                     cache) and its backward
  6. optimizer     - AdamW over the flat buffer with a per-element decay vector (the alternating decay)
  7. checkpoints   - safetensors, atomic writes, the run's state and files, safe stop on Ctrl-C, exact resume
  8. train         - the loop: learning rate, micro-batches, clip, AdamW, log, save
  9. write         - KV-cached sampling, streaming to the terminal
Then the appendices, each under its own rule; a reader who wants the transformer can stop before them:
  A. fused CUDA kernels - the elementwise-heavy layers in CUDA C for CuPy, checked against section 4
  B. plots and the decay study - training.png from log.jsonl; alternating vs uniform vs no decay (now its own
                   module, slm_study.py)
  C. Hugging Face interop - export to / import from a GPT-2 folder (now its own module, slm_hf.py)
  D. data-parallel ranks - `mpiexec -n N python slm.py`: MPI between processes, NCCL between GPUs, ZeRO-1
  E. serving     - `python slm.py serve`: the OpenAI completions API and a page, continuous batching
                   (now its own module, slm_serve.py, with its page in slm_serve.html)
  F. commands    - the command line, and the __main__ block with its write("Once upon a time", 200) line last

Run `python slm.py` (config.py decides: train, or write a story),
or `python slm.py train|write|serve|export|import|plot|study`.
"""
import ast
import contextlib
import dataclasses
import difflib
import hashlib
import json
import math
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":   # the parts (slm_*.py) `import slm`: they get this running script, not a second copy
    sys.modules.setdefault("slm", sys.modules[__name__])
sys.path.insert(0, str(HERE))  # so `data` (the stories and tokens section) imports from anywhere

from data.tokens import (DATA_DIR, EOT, MAX_VOCAB, MIN_VOCAB, SEPARATORS, SlmError,  # noqa: E402
                         decode, encode, prepare, read_stories, sample_batch, story_sources, tokenizer_from_json,
                         val_windows, write_atomically)


# ====================================================================================================
# 1. backend
# ====================================================================================================
# `xp` is the array module every layer uses: numpy, or cupy when a CUDA device answers. The code below uses only what
# both share, so one code path serves both. Data lives on the host (memmaps, tokenizer) and crosses to the device on
# purpose through to_device / to_host.
#
# The module state slm keeps, all of it here (everything else a function needs comes in as an argument):
#   xp, BACKEND   the array module and the line that says which and why (use_backend sets both)
#   FUSED         the array module appendix A's CUDA kernels passed their self-check with (CuPy), else None; the
#                 layers use the kernels only while xp is that module, so after use_backend("cpu") NumPy runs again
#   FUSED_DTYPES  the array dtypes whose kernels are on while FUSED is set (the self-check decides per dtype)
#   CPU_KERNELS   whether appendix A2's numba kernels are on (enable_cpu_kernels, from the cpu_kernels flag); the
#                 layers use them only while xp is NumPy, for float32 and float64 arrays
#   THREADS       CPU threads for the batch shards and split_rows (one per core, or OMP_NUM_THREADS when lower;
#                 ranks that share a machine split its cores, see share_cores in appendix D)
# and what changes no result: the thread pool, the compiled kernel module, the CPU kernels' self-check results
# (_cpu_checks), write()'s loaded models, and whether the "no matplotlib" note was shown.

xp = numpy
BACKEND = "numpy (not chosen yet)"
FUSED = None
FUSED_DTYPES = ("float32", "float16")   # enable_fused_kernels narrows it to the dtypes whose kernels passed
CPU_KERNELS = False                     # enable_cpu_kernels turns appendix A2's numba kernels on
DECODE_KERNELS = False                  # ... and, for writing (decode=True), its one-call-a-layer decode step


def find_gpu():
    """(cupy module, device name) when a CUDA device answers, else (None, reason)."""
    try:
        import cupy
    except ImportError:
        return None, "cupy not installed"
    except Exception as e:  # a broken CUDA install raises all sorts of things at import
        return None, f"cupy does not import: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            return None, "no CUDA device: none found"
        name = cupy.cuda.runtime.getDeviceProperties(0)["name"]
        return cupy, name.decode() if isinstance(name, bytes) else str(name)
    except Exception as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return None, f"no CUDA device: {first}"


def use_backend(device="auto"):
    """Pick xp for device 'auto' | 'cpu' | 'gpu' and return the line that says which, and why."""
    global xp, BACKEND
    if device == "cpu":
        xp, BACKEND = numpy, "numpy (device = cpu)"
        return BACKEND
    cupy, about = find_gpu()
    if cupy is not None:
        xp, BACKEND = cupy, f"cupy ({about})"
    elif device == "gpu":
        raise SlmError(f"device = 'gpu' but {about}: install CuPy with `pip install -r requirements-gpu.txt` "
                       f"on a machine with an NVIDIA GPU, or set device = 'auto' to use the CPU")
    else:
        xp, BACKEND = numpy, f"numpy ({about})"
    return BACKEND


def matmul(a, b, out=None):
    """a @ b, in the operands' dtype: float16 training hands it float16 activations and weights (tensor cores on a
    GPU, where cuBLAS sums in float32 and rounds the product once). NumPy's float16 matmul is a loop without BLAS,
    hundreds of times slower: there the product is taken by float32 BLAS and rounded once, as cuBLAS rounds it.
    out: where the product goes (CuPy writes a 2-D product there in place)."""
    if xp is numpy and a.dtype == numpy.float16:
        product = a.astype(numpy.float32) @ b.astype(numpy.float32)
        if out is None:
            return product.astype(numpy.float16)
        out[...] = product
        return out
    return a @ b if out is None else xp.matmul(a, b, out=out)


def matmul_rows(x, w, out=None):
    """x (..., In) @ w (In, Out) -> (..., Out): a linear layer's product. On CuPy it is one 2-D GEMM over the
    (N, In) rows: CuPy hands 2-D products to cuBLAS GemmEx, which honours TF32 and float16 tensor cores and reads a
    transposed view (w.T, wte.T) without copying it, where a 3-D operand goes to a batched GEMM in float32 compute,
    through a table of matrix pointers, with a transposed w copied on every call. On NumPy the 3-D matmul stays, but
    for one token a row (B, 1, In), writing's decode step: NumPy's 3-D matmul makes B vector products there, each
    reading all of w, where the (B, In) rows are one matrix product (3x faster at 16 rows). out: (..., Out), where the
    product goes."""
    if x.ndim == 2 or xp is numpy and (x.ndim != 3 or x.shape[1] != 1):
        return matmul(x, w, out)
    rows = None if out is None else out.reshape(-1, w.shape[-1])
    return matmul(x.reshape(-1, x.shape[-1]), w, rows).reshape(x.shape[:-1] + (w.shape[-1],))


def matmul_tn(a, b):
    """a^T b over the last two axes: a (..., K, M), b (..., K, N) -> (..., M, N), a view. CuPy's batched matmul
    copies an operand that is not C-contiguous, so when a is a large (B, H, T, T) tensor the product is taken as
    (b^T a)^T: only the small b is transposed (copied), a is read in place. On NumPy, which reads transposed views
    without a copy, the order makes no measurable difference (bench/bench_transposes.py), so one order serves both."""
    return matmul(b.swapaxes(-1, -2), a).swapaxes(-1, -2)


CUBLAS_TF32_TENSOR_OP_MATH = 3   # cuBLAS's cublasMath_t value for TF32 (CuPy's bindings do not name it)


@contextlib.contextmanager
def precision(tf32=False):
    """Within the block, on CuPy, float32 matmuls may use TF32 (tf32 = True): both of CuPy's ways to cuBLAS are set,
    the compute type its 2-D GemmEx reads and the handle's math mode that its batched GEMMs (attention's products)
    follow, and both are put back afterwards. (float16 needs no setting: its arrays are float16, see matmul.)"""
    restore = None
    if tf32 and xp is not numpy:
        linalg, cublas = xp._core._routines_linalg, xp.cuda.cublas
        handle = xp.cuda.device.get_cublas_handle()
        restore = (linalg.get_compute_type(numpy.float32), cublas.getMathMode(handle))
        linalg.set_compute_type(numpy.float32, linalg.COMPUTE_TYPE_TF32)
        cublas.setMathMode(handle, CUBLAS_TF32_TENSOR_OP_MATH)
    try:
        yield
    finally:
        if restore is not None:
            linalg.set_compute_type(numpy.float32, restore[0])
            cublas.setMathMode(handle, restore[1])


CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
# threads slm uses on the CPU: one per core, or OMP_NUM_THREADS (the setting PyTorch and BLAS follow) when it is lower
THREADS = max(1, min(CORES, int(os.environ.get("OMP_NUM_THREADS", "").strip() or CORES)))
_pool = None


def thread_pool():
    """The pool of THREADS worker threads that split_rows and the batch shards run on (made on first use)."""
    global _pool
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor
        _pool = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="slm-rows")
    return _pool


def split_rows(fn, n_rows, size):
    """Run fn(start, stop) over n_rows rows cut into one range per CPU core, at once. BLAS already uses every core
    for the matmuls; NumPy's elementwise passes use one, but they release the GIL, so threads share them out. The
    rows must be independent. On CuPy, with one core, or for small work (size: elements in all) it is one call."""
    workers = min(THREADS, n_rows)
    nested = threading.current_thread().name.startswith("slm-rows")   # a pool thread must not wait on the pool
    if xp is not numpy or workers < 2 or size < 1 << 18 or nested:
        fn(0, n_rows)
        return
    cuts = [n_rows * i // workers for i in range(workers + 1)]
    others = [thread_pool().submit(fn, cuts[i], cuts[i + 1]) for i in range(1, workers)]
    fn(cuts[0], cuts[1])
    for job in others:
        job.result()


def to_device(a):
    """A host array as an xp array (no copy on NumPy)."""
    return xp.asarray(a)


def to_host(a):
    """An xp array (or number) as a NumPy array on the host."""
    return a.get() if hasattr(a, "get") else numpy.asarray(a)


# ====================================================================================================
# 2. configuration
# ====================================================================================================
# config.py holds the values; FLAG_KINDS below says what kind of value each flag takes, so a typo in config.py or on
# the command line is caught before any work starts.

FLAG_KINDS = {
    "train": bool, "device": ("auto", "cpu", "gpu"), "cpu_kernels": ("auto", "numba", "numpy"),
    "data": str, "tinystories_mb": int, "vocab_size": int, "val_fraction": float, "story_separator": SEPARATORS,
    "n_layer": int, "d_model": int, "n_head": int, "ctx": int,
    "batch_size": int, "grad_accum": int, "lr": float, "min_lr": float, "warmup_steps": int, "max_steps": int,
    "grad_clip": float, "seed": int, "dtype": ("float32", "float16"), "tf32": bool,
    "decay_schedule": "schedule", "odd_layer_decay": float, "embed_decay": float, "decay_mode": ("decoupled", "l2"),
    "relu_zone": "zone", "relu_patience": int,
    "log_every": int, "checkpoint_every": int, "eval_windows": int, "out_dir": str, "resume": bool, "plot": bool,
    "zero": bool, "comm": ("auto", "mpi", "nccl"), "rank_timeout": float,
    "checkpoint": str, "temperature": float, "top_k": int, "top_p": float, "sample_seed": int, "stop_at_end": bool,
    "n_samples": int,
    "host": str, "port": int, "api_key": str, "serve_slots": int, "serve_max_tokens": int, "serve_max_n": int,
    "serve_max_body": int, "serve_max_waiting": int, "serve_timeout": float,
}
# Flags that fix the shape of the model (and its tokens): a checkpoint only fits a config that agrees on these.
SHAPE_FLAGS = ("n_layer", "d_model", "n_head", "ctx", "vocab_size")


def read_config_file(path=HERE / "config.py"):
    """The flags set in config.py, as a dict. The file is run as Python, as the user wrote it."""
    values = {}
    try:
        source = Path(path).read_text()
        exec(compile(source, str(path), "exec"), {}, values)
    except FileNotFoundError:
        raise SlmError(f"{path} is missing: restore it from git (`git checkout config.py`)") from None
    except Exception as e:
        line = getattr(e, "lineno", None)
        raise SlmError(f"{path}{f' line {line}' if line else ''} does not run ({type(e).__name__}: {e}): "
                       f"fix that line") from None
    return {k: v for k, v in values.items() if not k.startswith("_") and not callable(v)
            and not isinstance(v, type(sys))}


def nearest_flag(name):
    close = difflib.get_close_matches(name, FLAG_KINDS, n=1, cutoff=0.5)
    return f" (did you mean {close[0]}?)" if close else ""


def parse_value(name, text):
    """A command-line value: a Python literal where it is one, else the plain string."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def check_flag(name, value, where):
    """The value, converted where harmless (an int for a float); SlmError if it is of the wrong kind."""
    kind = FLAG_KINDS[name]

    def wrong(expected):
        return SlmError(f"{name} = {value!r} in {where} must be {expected}: fix {name}")
    if kind is bool:
        if not isinstance(value, bool):
            raise wrong("True or False")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong("a whole number")
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong("a number")
        value = float(value)
    elif kind is str:
        if not isinstance(value, str):
            raise wrong("text in quotes")
    elif isinstance(kind, tuple):
        if value not in kind:
            raise wrong("one of " + ", ".join(repr(k) for k in kind))
    elif kind == "zone":
        if (not isinstance(value, (tuple, list)) or len(value) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
                or not 0 <= value[0] < value[1] <= 1):
            raise wrong("two shares (low, high) with 0 <= low < high <= 1, like (0.40, 0.60)")
        value = (float(value[0]), float(value[1]))
    elif kind == "schedule":
        ok = value in ("alternating", "uniform", "none") or (
            isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                     and v >= 0 for v in value))
        if not ok:
            raise wrong("'alternating', 'uniform', 'none', or a list of decays, one per layer")
        if isinstance(value, tuple):
            value = list(value)
    return value


def make_config(flags=(), file_values=None, **overrides):
    """The run's configuration: config.py's values, then `--name=value` flags, then keyword overrides.

    Every value is checked; the first problem raises SlmError with one line that names the flag and the fix.
    """
    values = read_config_file() if file_values is None else dict(file_values)
    for name in values:
        if name not in FLAG_KINDS:
            raise SlmError(f"config.py sets unknown flag {name!r}{nearest_flag(name)}: rename or remove it")
    missing = [n for n in FLAG_KINDS if n not in values]
    if missing:
        raise SlmError(f"config.py does not set {', '.join(missing)}: restore it from git (`git checkout config.py`)")
    checked = {n: check_flag(n, v, "config.py") for n, v in values.items()}
    for flag in flags:
        if not flag.startswith("--") or "=" not in flag:
            raise SlmError(f"cannot read {flag!r}: give flags as --name=value, for example --lr=3e-4")
        name, text = flag[2:].split("=", 1)
        if name not in FLAG_KINDS:
            raise SlmError(f"unknown flag --{name}{nearest_flag(name)}: see config.py for the flags")
        value = parse_value(name, text)
        if FLAG_KINDS[name] is str and not isinstance(value, str):
            value = text  # --data=123.txt is a path, not a number
        checked[name] = check_flag(name, value, "the command line")
    for name, value in overrides.items():
        if name not in FLAG_KINDS:
            raise SlmError(f"unknown flag {name}{nearest_flag(name)}: see config.py for the flags")
        checked[name] = check_flag(name, value, "the call")
    cfg = SimpleNamespace(**checked)
    validate(cfg)
    return cfg


def validate(cfg):
    """Checks between flags and of ranges, each a one-line SlmError."""
    def need(ok, message):
        if not ok:
            raise SlmError(message)
    for name in ("n_layer", "d_model", "n_head", "ctx", "batch_size", "grad_accum", "max_steps", "log_every",
                 "checkpoint_every", "eval_windows", "relu_patience", "n_samples"):
        need(getattr(cfg, name) >= 1, f"{name} = {getattr(cfg, name)} must be at least 1")
    need(cfg.d_model % cfg.n_head == 0,
         f"d_model = {cfg.d_model} must divide by n_head = {cfg.n_head}: change one of them")
    need(MIN_VOCAB <= cfg.vocab_size <= MAX_VOCAB, f"vocab_size = {cfg.vocab_size} must be between {MIN_VOCAB} "
         f"(256 bytes and {EOT}) and {MAX_VOCAB} (what uint16 tokens hold)")
    need(0 < cfg.val_fraction < 1, f"val_fraction = {cfg.val_fraction} must be between 0 and 1, like 0.01")
    need(cfg.lr > 0 and cfg.min_lr >= 0, "lr must be above 0 and min_lr at least 0")
    need(cfg.warmup_steps >= 0 and cfg.grad_clip >= 0, "warmup_steps and grad_clip must be at least 0")
    need(cfg.odd_layer_decay >= 0 and cfg.embed_decay >= 0, "odd_layer_decay and embed_decay must be at least 0")
    need(not (cfg.cpu_kernels == "numba" and cfg.device == "gpu"), "cpu_kernels = 'numba' insists on the CPU's "
         "kernels but device = 'gpu' trains on the GPU: set device = 'cpu' (or 'auto'), or cpu_kernels = 'auto'")
    need(cfg.rank_timeout > 0, f"rank_timeout = {cfg.rank_timeout} must be above 0 (seconds), like 600")
    if isinstance(cfg.decay_schedule, list):
        need(len(cfg.decay_schedule) == cfg.n_layer, f"decay_schedule lists {len(cfg.decay_schedule)} values but "
             f"n_layer = {cfg.n_layer}: give one decay per layer")
    need(cfg.temperature >= 0, f"temperature = {cfg.temperature} must be 0 (greedy) or more")
    need(cfg.top_k >= 0, f"top_k = {cfg.top_k} must be 0 (no limit) or more")
    need(0 < cfg.top_p <= 1, f"top_p = {cfg.top_p} must be above 0 and at most 1")
    need(cfg.data.strip() != "", "data is empty: set data = 'builtin', 'tinystories', or a path to .txt files")
    need(cfg.tinystories_mb >= 0, f"tinystories_mb = {cfg.tinystories_mb} must be 0 (the whole file) or more")
    need(cfg.host.strip() != "", "host is empty: set host = '127.0.0.1' (this machine only) or '0.0.0.0'")
    need(0 <= cfg.port <= 65535, f"port = {cfg.port} must be between 0 (any free port) and 65535")
    for name in ("serve_slots", "serve_max_tokens", "serve_max_n", "serve_max_body", "serve_max_waiting"):
        need(getattr(cfg, name) >= 1, f"{name} = {getattr(cfg, name)} must be at least 1")
    need(cfg.serve_timeout > 0, f"serve_timeout = {cfg.serve_timeout} must be above 0 seconds")


# ====================================================================================================
# 3. stories and tokens: data/stories.py (the built-in corpus) and data/tokens.py (tokenizer, downloads, memmaps)
# ====================================================================================================
# Imported at the top of this file (the configuration checks use their constants): EOT, the vocabulary range, the
# story separators, encode/decode, prepare() (text -> uint16 token files), sample_batch and val_windows, and the
# error class family (SlmError, DataError) and write_atomically that all of slm uses. data/README.md says what
# appears under data/.


# ====================================================================================================
# 4. layers
# ====================================================================================================
# Shapes: B batch, T time (tokens), C channels (d_model), H heads, D head size (C // H), V vocab, F = 4 * C.
# Each forward returns its output and what its backward needs; each backward takes d(output) and returns d(inputs),
# adding parameter gradients into the given gradient views (so gradient accumulation is free).
#
# float16 (training with dtype = "float16"): the activations and the weights they meet are float16, the gradient
# views float32 (the master weights' own). What float16 cannot hold is taken in float32 and only the result rounded,
# as appendix A's kernels do: LayerNorm's statistics (rstd stays float32), the softmax's and the loss's sums, and every
# sum over rows into a parameter gradient (wide() names the dtype).

def fused(*arrays):
    """Whether appendix A's CUDA kernels take these arrays: they passed their self-check with xp (FUSED is xp), and
    the arrays are C-contiguous, of a dtype whose kernels passed (FUSED_DTYPES: float32, float16)."""
    return (FUSED is not None and FUSED is xp
            and all(a.dtype.name in FUSED_DTYPES and a.flags.c_contiguous for a in arrays))


def wide(a):
    """The dtype a's sums are taken in: float32 for a float16 array, else None (its own, numpy's default)."""
    return numpy.float32 if a.dtype == numpy.float16 else None


def embedding_forward(idx, wte, wpe, pos=0):
    """idx (B, T) ints at positions pos .. pos+T-1, wte (V, C), wpe (ctx, C) -> (B, T, C).
    pos may be a (B,) array of positions, one a row, for one token a row (B, 1): serving's decode step."""
    T = idx.shape[1]
    if numpy.ndim(pos) == 1:
        return wte[idx] + wpe[to_device(numpy.asarray(pos))][:, None]         # (B, 1, C)
    return wte[idx] + wpe[pos:pos + T]


def embedding_backward(dx, idx, dwte, dwpe):
    """dx (B, T, C) of a forward from position 0 -> adds into dwte (V, C) and dwpe (ctx, C)."""
    T = idx.shape[1]
    dwpe[:T] += dx.sum(axis=0, dtype=wide(dx))
    xp.add.at(dwte, idx.reshape(-1), dx.reshape(-1, dx.shape[-1]).astype(dwte.dtype, copy=False))


def row_mean(x):
    """x (..., n) -> (..., 1), the mean over the last axis, as a matmul with a column of 1/n: BLAS does this several
    times faster than a NumPy reduction over short rows. On CuPy a reduction kernel (a 3-D matmul there would build
    tables of matrix pointers for a batched GEMM)."""
    if xp is not numpy:
        return x.mean(axis=-1, keepdims=True)
    n = x.shape[-1]
    return x @ xp.full((n, 1), 1.0 / n, dtype=x.dtype)


def layernorm_forward(x, g, b, eps=1e-5):
    """x (B, T, C), g (C), b (C) -> out (B, T, C); normalised over C. The cache: xhat (B, T, C) in x's dtype, rstd
    (B, T, 1) float32 for a float16 x (its statistics are float32; out and xhat are rounded once)."""
    if fused(x, g, b):
        return layernorm_forward_gpu(x, g, b, eps)
    if x.dtype == numpy.float16:
        half = numpy.float16
        out, (xhat, rstd) = layernorm_forward(x.astype(numpy.float32), g.astype(numpy.float32),
                                              b.astype(numpy.float32), eps)
        return out.astype(half), (xhat.astype(half), rstd)
    if cpu_kernels(x, g, b):
        return layernorm_forward_cpu(x, g, b, eps)
    xhat = x - row_mean(x)
    rstd = 1.0 / xp.sqrt(row_mean(xhat * xhat) + eps)   # (B, T, 1)
    xhat *= rstd
    out = xhat * g
    out += b
    return out, (xhat, rstd)


def layernorm_backward(dout, cache, g, dg, db):
    """dout (B, T, C) -> dx (B, T, C); adds into dg, db (C)."""
    if fused(dout, cache[0], g) and dout.shape[-1] <= LAYERNORM_MOST_CHANNELS:
        return layernorm_backward_gpu(dout, cache, g, dg, db)
    if dout.dtype == numpy.float16:                  # in float32, the result rounded once
        xhat, rstd = cache
        f32 = numpy.float32
        return layernorm_backward(dout.astype(f32), (xhat.astype(f32), rstd), g.astype(f32), dg, db).astype(dout.dtype)
    if cpu_kernels(dout, *cache, g, dg, db):
        return layernorm_backward_cpu(dout, cache, g, dg, db)
    xhat, rstd = cache
    dg += (dout * xhat).sum(axis=(0, 1))
    db += dout.sum(axis=(0, 1))
    dxhat = dout * g
    # d/dx of (x - mean) * rstd: subtract the mean gradient and the part along xhat
    dx = xhat * row_mean(dxhat * xhat)
    xp.subtract(dxhat, dx, out=dx)
    dx -= row_mean(dxhat)
    dx *= rstd
    return dx


def linear_forward(x, w, b):
    """x (..., In), w (In, Out), b (Out) -> (..., Out). w is stored (In, Out), as GPT-2's Conv1D."""
    out = matmul_rows(x, w)
    out += b                                         # in place: no second (..., Out) array
    return out


def linear_backward(dout, x, w, dw, db):
    """dout (..., Out) -> dx (..., In); adds into dw (In, Out) and db (Out)."""
    x2 = x.reshape(-1, x.shape[-1])                  # (N, In)
    d2 = dout.reshape(-1, dout.shape[-1])            # (N, Out)
    dw += matmul(x2.T, d2)
    db += d2.sum(axis=0, dtype=wide(d2))
    return matmul_rows(dout, w.T)


def causal_mask(T, dtype):
    """(T, T): 0 where a query may look (key <= query), -inf above the diagonal."""
    upper = xp.triu(xp.ones((T, T), dtype=bool), k=1)
    return xp.where(upper, xp.asarray(-xp.inf, dtype=dtype), xp.asarray(0, dtype=dtype))


ATTENTION_BLOCK = 64  # queries per block on NumPy (see attention_blocks); tests set it small to exercise the blocks


def attention_blocks(T, block=None):
    """Cut points 0 = t0 < t1 < ... = T of the query blocks. Queries t_i .. t_{i+1} see keys 0 .. t_{i+1} only, so
    the scores above the diagonal's blocks are never computed: about half of q k^T, the softmax and att v at large T
    (15M shape, T = 256: attention 1.4x faster on one core). On CuPy one block: the fused softmax masks on the GPU.
    block: queries per block, default ATTENTION_BLOCK on NumPy, T (one block) on CuPy."""
    block = block or (ATTENTION_BLOCK if xp is numpy else T)
    n = max(1, round(T / block))
    return [T * i // n for i in range(n + 1)]


def attention_forward(qkv, n_head, block=None, kv=None, pos=0):
    """qkv (B, T, 3C) -> y (B, T, C): causal multi-head self-attention, softmax(q k^T / sqrt(D)) v.

    Computed per query block (attention_blocks): block a:e gets scores (B, H, e - a, p + e) against keys 0 : p + e
    (p = pos), the causal mask applied on its last e - a columns. The cache keeps those probability blocks for the
    backward, and y. block: see attention_blocks.
    kv: (K, V), each (B, H, ctx, D), the keys and values of positions < pos (writing, with the KV cache): this call's
    keys and values are stored at positions pos .. pos+T-1 and the queries attend over all of 0 .. pos+T-1."""
    B, T, C3 = qkv.shape
    C = C3 // 3
    D = C // n_head
    q, k, v = (qkv[:, :, i * C:(i + 1) * C].reshape(B, T, n_head, D).transpose(0, 2, 1, 3)
               for i in range(3))                   # each (B, H, T, D)
    if numpy.ndim(pos) == 1:
        return attention_at_positions(q, k, v, kv, pos)
    if kv is None and pos == 0 and cpu_kernels(qkv):
        return attention_forward_cpu(qkv, n_head)   # appendix A2: no (T, T) array at all; its cache is a FlashCache
    if kv is not None:
        K, V = kv
        K[:, :, pos:pos + T], V[:, :, pos:pos + T] = k, v
        k, v = K[:, :, :pos + T], V[:, :, :pos + T]   # (B, H, pos + T, D)
    scale = qkv.dtype.type(1.0 / math.sqrt(D))
    y = xp.empty((B, T, n_head, D), dtype=qkv.dtype)
    atts = []
    cuts = attention_blocks(T, block)
    for a, e in zip(cuts, cuts[1:]):
        att = matmul(q[:, :, a:e] * scale, k[:, :, :pos + e].transpose(0, 1, 3, 2))   # (B, H, e - a, p + e)
        if fused(att):                               # (q is scaled, not the scores: (T, D) is smaller than (T, T))
            softmax_causal_gpu(att)                  # query r sees keys 0 .. r + (p + e) - (e - a)
        else:
            att[..., pos + a:pos + e] += causal_mask(e - a, att.dtype)
            softmax_rows(att)                        # masked entries become exactly 0
        y[:, a:e] = matmul(att, v[:, :, :pos + e]).transpose(0, 2, 1, 3)      # (B, e - a, H, D)
        atts.append(att)
    return y.reshape(B, T, C), (q, k, v, atts, y)    # heads side by side


def attention_at_positions(q, k, v, kv, pos):
    """One new token a row, each row at its own position (serving's continuous batch: rows joined at different
    times). q, k, v (B, H, 1, D); kv (K, V), each (B, H, ctx, D); pos (B,) host ints. Row b's key and value go to
    position pos[b] and its query attends over its keys 0 .. pos[b]; the keys past a row's own position (up to the
    batch's furthest) are masked out, so each row gets what it would alone. -> (y (B, 1, C), cache as above)."""
    if kv is None:
        raise SlmError("attention with one position a row needs the KV cache: pass kv")
    B, H, _, D = q.shape
    pos = numpy.asarray(pos, dtype=numpy.int64)
    K, V = kv
    rows, at = xp.arange(B), to_device(pos)
    K[rows, :, at], V[rows, :, at] = k[:, :, 0], v[:, :, 0]                   # (B, H, D) each
    L = int(pos.max()) + 1
    att = matmul(q * q.dtype.type(1.0 / math.sqrt(D)), K[:, :, :L].transpose(0, 1, 3, 2))    # (B, H, 1, L)
    beyond = xp.arange(L)[None, :] > at[:, None]                               # (B, L): keys past each row's position
    att += xp.where(beyond, xp.asarray(-xp.inf, dtype=att.dtype), xp.asarray(0, dtype=att.dtype))[:, None, None]
    softmax_rows(att.reshape(B * H, L))        # one (B*H, L) matrix: its sums are one BLAS call, not B*H of them
    y = matmul(att, V[:, :, :L]).transpose(0, 2, 1, 3)                         # (B, 1, H, D)
    return y.reshape(B, 1, H * D), (q, K[:, :, :L], V[:, :, :L], [att], y)


def softmax_rows(att):
    """Softmax over the last axis, in place; the leading axis is split across the CPU's cores. A float16 att is taken
    in float32 and rounded once, as appendix A's kernel does."""
    if att.dtype == numpy.float16:
        wider = att.astype(numpy.float32)
        softmax_rows(wider)
        att[...] = wider
        return

    def rows(a, b):
        part = att[a:b]
        part -= part.max(axis=-1, keepdims=True)
        xp.exp(part, out=part)
        sums = (part @ xp.ones((part.shape[-1], 1), dtype=part.dtype) if xp is numpy   # by BLAS on NumPy
                else part.sum(axis=-1, keepdims=True))
        part *= 1 / sums                                    # times 1/sum: one division a row
    split_rows(rows, att.shape[0], att.size)


def attention_backward(dy, cache):
    """dy (B, T, C) -> dqkv (B, T, 3C). Block by block, as the forward: query block a:e touches keys 0:e.

    The softmax backward d(scores) = att * (datt - sum_j datt_j att_j) takes its row sums from dy . y (as
    FlashAttention does): sum_j (dy . v_j) att_j = dy . sum_j att_j v_j = dy . y, a (T, D) product, not a (T, T) one."""
    if isinstance(cache, FlashCache):
        return attention_backward_cpu(dy, cache)
    q, k, v, atts, y = cache
    B, H, T, D = q.shape
    dy = dy.reshape(B, T, H, D)
    kernel = fused(*atts)                                          # the GPU kernel sums the rows itself
    if not kernel:                                                 # (B, H, T, 1): sum_j datt_j att_j per query
        rowdot = (dy * y).sum(axis=-1, dtype=wide(dy)).transpose(0, 2, 1)[..., None]
    dy = dy.transpose(0, 2, 1, 3)                                  # (B, H, T, D)
    dqkv = xp.zeros((B, T, 3, H, D), dtype=dy.dtype)
    dq, dk, dv = (dqkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))   # (B, H, T, D) views into dqkv
    cuts = [0] + [att.shape[-1] for att in atts]           # the blocks' query ranges, as attention_blocks cut them
    for a, e, att in zip(cuts, cuts[1:], atts):
        dyb = dy[:, :, a:e]                                # (B, H, e - a, D)
        dpre = matmul(dyb, v[:, :, :e].transpose(0, 1, 3, 2))   # d(att), (B, H, e - a, e)
        dv[:, :, :e] += matmul_tn(att, dyb)                # att^T dy: the (T, T) att is never copied
        if kernel:
            softmax_backward_gpu(att, dpre, 1.0, out=dpre)
        else:                                              # in place; masked entries stay 0 (att is 0 there)
            def rows(i, j, att=att, dpre=dpre, dot=rowdot[:, :, a:e]):
                dpre[i:j] -= dot[i:j]
                dpre[i:j] *= att[i:j]
            split_rows(rows, B, att.size)
        dq[:, :, a:e] = matmul(dpre, k[:, :, :e])
        dk[:, :, :e] += matmul_tn(dpre, q[:, :, a:e])
    dqkv[:, :, 0:2] *= 1.0 / math.sqrt(D)                  # the scale, on the (T, D) results, not the (T, T) ones
    return dqkv.reshape(B, T, 3 * H * D)


def relu_forward(h):
    """h (B, T, F) -> relu(h) (B, T, F)."""
    return xp.maximum(h, 0)


def linear_relu_forward(x, w, b, out=None):
    """relu(linear_forward(x, w, b)) in one buffer: x (..., In) -> (..., Out), bias and ReLU applied in place.
    out: the (..., Out) buffer to use (forward's one for every layer's hidden units, on CuPy), else a new one."""
    out = matmul_rows(x, w, out)
    if fused(out, b):
        return bias_relu_gpu(out, b, out=out)
    if cpu_kernels(out, b):
        return bias_relu_cpu(out, b)
    out += b
    return xp.maximum(out, 0, out=out)


def relu_backward(dout, a):
    """dout (B, T, F), a = relu output -> dh (B, T, F), in place over dout; the gradient passes where the unit fired."""
    if cpu_kernels(dout, a):
        return relu_backward_cpu(dout, a)
    dout *= a > 0
    return dout


def cross_entropy_forward(logits, targets):
    """logits (B, T, V), targets (B, T) -> mean loss in nats/token, and the cache for the backward.

    log-sum-exp with the max subtracted, so large logits never overflow. Rows are independent, so they are split
    across the CPU's cores (the exp over B*T*V values is the costliest elementwise pass of a step).
    """
    if cpu_kernels(logits):
        return cross_entropy_forward_cpu(logits, targets)
    B, T, V = logits.shape
    flat, labels = logits.reshape(B * T, V), targets.reshape(B * T, 1)
    exps = xp.empty_like(flat)                                            # logits stay as they were
    total = xp.empty((B * T, 1), dtype=logits.dtype)
    picked = xp.empty((B * T, 1), dtype=logits.dtype)

    def rows(a, b):
        xp.subtract(flat[a:b], flat[a:b].max(axis=-1, keepdims=True), out=exps[a:b])
        picked[a:b] = xp.take_along_axis(exps[a:b], labels[a:b], axis=-1)   # target's logit minus the max
        xp.exp(exps[a:b], out=exps[a:b])
        total[a:b] = exps[a:b] @ xp.ones((V, 1), dtype=exps.dtype)         # row sums by BLAS
    split_rows(rows, B * T, logits.size)
    loss = (xp.log(total) - picked).mean()
    return loss, (exps.reshape(B, T, V), total.reshape(B, T, 1))


def cross_entropy_backward(cache, targets, scale=1.0):
    """The fused softmax + cross-entropy backward: (softmax - one_hot(targets)) / (B*T), shape (B, T, V), made in
    place over the forward's buffer (it is used once). scale multiplies the result (the float16 loss scale)."""
    exps, total = cache
    B, T, V = exps.shape
    flat, factor = exps.reshape(B * T, V), scale / ((B * T) * total.reshape(B * T, 1))

    def rows(a, b):
        flat[a:b] *= factor[a:b]                                          # softmax / (B*T), one pass
    split_rows(rows, B * T, exps.size)
    flat[xp.arange(B * T), targets.reshape(-1)] -= scale / (B * T)
    return exps


# ====================================================================================================
# 5. model
# ====================================================================================================
# All parameters live in one flat buffer; each named tensor is a view into it (names follow GPT-2's, so export is a
# renaming). Gradients and AdamW's moments are flat buffers of the same layout.

def param_shapes(cfg):
    """[(name, shape)] in buffer order."""
    C, F = cfg.d_model, 4 * cfg.d_model
    shapes = [("wte", (cfg.vocab_size, C)), ("wpe", (cfg.ctx, C))]
    for l in range(cfg.n_layer):
        shapes += [(f"h.{l}.ln_1.g", (C,)), (f"h.{l}.ln_1.b", (C,)),
                   (f"h.{l}.attn.qkv.w", (C, 3 * C)), (f"h.{l}.attn.qkv.b", (3 * C,)),
                   (f"h.{l}.attn.proj.w", (C, C)), (f"h.{l}.attn.proj.b", (C,)),
                   (f"h.{l}.ln_2.g", (C,)), (f"h.{l}.ln_2.b", (C,)),
                   (f"h.{l}.mlp.fc.w", (C, F)), (f"h.{l}.mlp.fc.b", (F,)),
                   (f"h.{l}.mlp.proj.w", (F, C)), (f"h.{l}.mlp.proj.b", (C,))]
    shapes += [("ln_f.g", (C,)), ("ln_f.b", (C,))]
    return shapes


def views(flat, cfg):
    """{name: view into flat} for the model of cfg."""
    out, at = {}, 0
    for name, shape in param_shapes(cfg):
        size = math.prod(shape)
        out[name] = flat[at:at + size].reshape(shape)
        at += size
    return out


def n_params(cfg):
    return sum(math.prod(s) for _, s in param_shapes(cfg))


def init_params(cfg, dtype="float32", seed=None):
    """The flat parameter buffer, initialised as GPT-2: N(0, 0.02), residual projections N(0, 0.02/sqrt(2L))."""
    rng = numpy.random.default_rng(cfg.seed if seed is None else seed)
    flat = numpy.zeros(n_params(cfg), dtype=dtype)
    for name, view in views(flat, cfg).items():
        if name.endswith(".g"):
            view[...] = 1.0
        elif name.endswith(".b"):
            pass
        elif name.endswith("proj.w"):
            view[...] = rng.normal(0.0, 0.02 / math.sqrt(2 * cfg.n_layer), view.shape)
        else:
            view[...] = rng.normal(0.0, 0.02, view.shape)
    return to_device(flat)


@dataclasses.dataclass
class LayerCache:
    """What one block's backward needs from its forward (shapes B, T, C; F = 4C)."""
    ln1: tuple        # layernorm_forward's cache before attention
    h1: object        # (B, T, C) attention's input, normalised
    att: tuple        # attention_forward's cache
    y: object         # (B, T, C) attention's output, before its projection
    ln2: tuple        # layernorm_forward's cache before the MLP
    h2: object        # (B, T, C) the MLP's input, normalised
    a: object         # (B, T, F) relu(fc): > 0 exactly where a unit fired


@dataclasses.dataclass
class ForwardCache:
    """What backward() needs from forward()."""
    idx: object                 # (B, T) input tokens
    targets: object             # (B, T) next tokens, or None
    layers: list                # one LayerCache per block
    lnf: tuple = None           # the final LayerNorm's cache
    hf: object = None           # (B, T, C) its output, the output head's input
    loss: tuple = None          # cross_entropy_forward's cache (float32 and float64 on NumPy and plain CuPy)
    dlogits: object = None      # (B, T, V) d(loss)/d(logits) times loss_scale, when the forward made it (the fused
                                # loss kernel, or float16 logits): over the logits' own buffer
    loss_scale: object = 1.0    # what the loss's gradient is multiplied by (float16's loss scale)
    fired: object = None        # (n_layer, F) ints: at how many of the B*T positions each MLP unit fired


@dataclasses.dataclass
class KVCache:
    """Writing's cache: per layer, the keys and values (N, H, ctx, D) of the positions seen so far."""
    keys: list
    values: list

    @classmethod
    def new(cls, cfg, n, dtype):
        shape = (n, cfg.n_head, cfg.ctx, cfg.d_model // cfg.n_head)
        return cls([xp.zeros(shape, dtype=dtype) for _ in range(cfg.n_layer)],
                   [xp.zeros(shape, dtype=dtype) for _ in range(cfg.n_layer)])

    def rows(self, a, b):
        """The cache of rows a:b alone, as views: what a forward writes through it lands in this cache (serving
        runs each token on the rows in use this way)."""
        return KVCache([k[a:b] for k in self.keys], [v[a:b] for v in self.values])


def forward(P, cfg, idx, targets=None, kv=None, pos=0, last=None, loss_scale=1.0):
    """P {name: array}, idx (B, T) ints at positions pos .. pos+T-1, targets (B, T) ints or None.

    Returns (logits (B, T, V), loss or None, ForwardCache for backward, relu_usage (n_layer,) xp array): relu_usage is,
    per layer, the share of (position, MLP hidden unit) pairs with a positive pre-activation over the batch
    (cache.fired keeps the per-unit counts behind it, for relu_measures). With targets given and the fused CUDA
    kernels, or float16 weights, logits is None: the loss's gradient is made with the loss, over the logits' buffer.
    The activations take the weights' dtype: float16 weights (a float16 copy of the master weights) run the float16
    path of section 4.
    kv: a KVCache holding positions < pos (writing): the new keys and values are stored in it and attention sees them
    all. Training calls it without kv, from position 0; write() with kv, one token (or a refill) at a time.
    pos may also be a (B,) array, one position a row, with T = 1 and kv: each row's token goes to its own position
    (serving's continuous batch, where rows joined at different times); each row gets what it would alone.
    last: (B,) host ints, without targets: the output head runs only at position last[b] of row b (writing's prefill
    needs no other logits: a prompt of T tokens then costs T times less of it), and logits is (B, 1, V).
    loss_scale: with targets, the loss's gradient is multiplied by it (float16's loss scale, a device value on CuPy):
    backward() then adds the scaled gradients.
    """
    if kv is not None and idx.shape[1] == 1 and targets is None and last is None and DECODE_KERNELS and cpu_kernels(
            P["wte"], kv.keys[0]):
        return decode_step_cpu(P, cfg, idx, kv, pos), None, None, None   # appendix A2: a layer a call
    cache = ForwardCache(idx=idx, targets=targets, layers=[], loss_scale=loss_scale)
    x = embedding_forward(idx, P["wte"], P["wpe"], pos)                   # (B, T, C)
    fired = []
    # on CuPy every layer's hidden units go into one buffer, so one reduction counts the units that fired in all
    # layers, not a comparison and a reduction a layer (NumPy keeps its pass a layer: there count_nonzero along an
    # axis is a cast and a sum all the same)
    hidden = (xp.empty((cfg.n_layer,) + x.shape[:-1] + (4 * cfg.d_model,), dtype=x.dtype) if xp is not numpy
              else None)                                                  # (n_layer, B, T, F)
    for l in range(cfg.n_layer):
        p = f"h.{l}."
        h1, ln1 = layernorm_forward(x, P[p + "ln_1.g"], P[p + "ln_1.b"])
        qkv = linear_forward(h1, P[p + "attn.qkv.w"], P[p + "attn.qkv.b"])    # (B, T, 3C)
        y, att = attention_forward(qkv, cfg.n_head, pos=pos,
                                 kv=None if kv is None else (kv.keys[l], kv.values[l]))   # (B, T, C)
        x = x + linear_forward(y, P[p + "attn.proj.w"], P[p + "attn.proj.b"])
        h2, ln2 = layernorm_forward(x, P[p + "ln_2.g"], P[p + "ln_2.b"])
        a = linear_relu_forward(h2, P[p + "mlp.fc.w"], P[p + "mlp.fc.b"],
                                None if hidden is None else hidden[l])    # (B, T, F)
        x = x + linear_forward(a, P[p + "mlp.proj.w"], P[p + "mlp.proj.b"])
        if hidden is None:
            fired.append((a > 0).reshape(-1, a.shape[-1]).sum(axis=0, dtype=xp.int32))  # (F,): a > 0 where pre > 0
        cache.layers.append(LayerCache(ln1, h1, att, y, ln2, h2, a))
    if last is not None:
        x = x[xp.arange(len(x)), to_device(numpy.asarray(last))][:, None]    # (B, 1, C)
    hf, cache.lnf = layernorm_forward(x, P["ln_f.g"], P["ln_f.b"])
    cache.hf = hf
    logits = matmul_rows(hf, P["wte"].T)                                  # (B, T, V), tied to the embedding
    loss = None
    if targets is not None and fused(logits):
        # one kernel makes the loss and d(logits) over the logits' own buffer: the logits are gone afterwards
        loss, cache.dlogits = cross_entropy_gpu(logits, targets, loss_scale)
        logits = None
    elif targets is not None and logits.dtype == numpy.float16:
        # as the kernel: the loss and the scaled d(logits) in float32, d(logits) rounded once over the logits
        loss, wider = cross_entropy_forward(logits.astype(numpy.float32), targets)
        logits[...] = cross_entropy_backward(wider, targets, loss_scale)
        cache.dlogits, logits = logits, None
    elif targets is not None:
        loss, cache.loss = cross_entropy_forward(logits, targets)
    if hidden is None:
        cache.fired = xp.stack(fired)                                     # (n_layer, F) positions each unit fired
    else:
        cache.fired = xp.count_nonzero(hidden.reshape(cfg.n_layer, -1, hidden.shape[-1]), axis=1)   # relu: a > 0
    return logits, loss, cache, cache.fired.sum(axis=1) / (idx.size * cache.fired.shape[1])


def backward(G, P, cfg, cache, dlogits=None):
    """Adds d(loss)/d(parameter) into the gradient views G (times the forward's loss_scale). The forward's calls,
    mirrored.

    dlogits defaults to the cross-entropy's (mean loss); pass one to backpropagate another objective.
    """
    if dlogits is None and cache.dlogits is not None:
        dlogits = cache.dlogits                       # made (and scaled) with the loss
    elif dlogits is None:
        dlogits = cross_entropy_backward(cache.loss, cache.targets, cache.loss_scale)
    hf = cache.hf
    G["wte"] += matmul(dlogits.reshape(-1, dlogits.shape[-1]).T, hf.reshape(-1, hf.shape[-1]))
    dx = matmul_rows(dlogits, P["wte"])                                   # (B, T, C)
    dx = layernorm_backward(dx, cache.lnf, P["ln_f.g"], G["ln_f.g"], G["ln_f.b"])
    for l in reversed(range(cfg.n_layer)):
        p, c = f"h.{l}.", cache.layers[l]
        da = linear_backward(dx, c.a, P[p + "mlp.proj.w"], G[p + "mlp.proj.w"], G[p + "mlp.proj.b"])
        dpre = relu_backward(da, c.a)
        dh2 = linear_backward(dpre, c.h2, P[p + "mlp.fc.w"], G[p + "mlp.fc.w"], G[p + "mlp.fc.b"])
        dx = dx + layernorm_backward(dh2, c.ln2, P[p + "ln_2.g"], G[p + "ln_2.g"], G[p + "ln_2.b"])
        dy = linear_backward(dx, c.y, P[p + "attn.proj.w"], G[p + "attn.proj.w"], G[p + "attn.proj.b"])
        dqkv = attention_backward(dy, c.att)
        dh1 = linear_backward(dqkv, c.h1, P[p + "attn.qkv.w"], G[p + "attn.qkv.w"], G[p + "attn.qkv.b"])
        dx = dx + layernorm_backward(dh1, c.ln1, P[p + "ln_1.g"], G[p + "ln_1.g"], G[p + "ln_1.b"])
    embedding_backward(dx, cache.idx, G["wte"], G["wpe"])


def batch_shards(cfg, grads, batch_size=None):
    """Gradient buffers (flat, views) for data-parallel threads on the CPU, or None when the batch runs whole.

    On NumPy the step's batch is cut into one shard per thread; each thread runs forward and backward on its shard
    with BLAS held to one thread (blas_threads), and the shards' gradients are summed. Small matmuls and NumPy's
    elementwise passes parallelise far better this way than inside BLAS. Needs threadpoolctl to hold BLAS.
    The first shard adds straight into grads (its entry is grads itself); each other shard gets a buffer.
    batch_size: the windows this process trains of each micro-batch (a rank's slice), cfg.batch_size by default."""
    batch_size = cfg.batch_size if batch_size is None else batch_size
    if xp is not numpy or THREADS < 2 or batch_size < 2:
        return None
    try:
        import threadpoolctl  # noqa: F401
    except ImportError:
        return None
    n = min(THREADS, batch_size)
    return [(flat, views(flat, cfg)) for flat in [grads] + [xp.zeros_like(grads) for _ in range(n - 1)]]


@contextlib.contextmanager
def blas_threads(n):
    """Within the block BLAS uses n threads (when threadpoolctl is there to say so; on CuPy nothing changes)."""
    if xp is not numpy:
        yield
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=n, user_api="blas"):
        yield


def relu_measures(fired, n_positions):
    """ReLU usage both ways, from forward's per-unit counts: fired (n_layer, F), at how many of n_positions each MLP
    unit fired -> (2, n_layer): row 0 the share of (position, unit) pairs that fire (relu_usage), row 1 the share of
    units that fire at least once over those positions (relu_units). One reduction over (B, T, F) per layer made
    both (in forward); these are reductions over F only."""
    return xp.stack([fired.sum(axis=1) / (n_positions * fired.shape[1]), (fired > 0).mean(axis=1)])


def forward_backward(P, G, grads, cfg, batch, loss_scale=1.0, shards=None):
    """Forward and backward of one micro-batch: batch (B, T+1) ints on the device. Adds the gradient of its mean loss
    (times loss_scale) into the flat grads (G: its views). Returns (loss, relu (2, n_layer)): relu_measures over the
    whole micro-batch, row 0 relu_usage, row 1 relu_units.

    shards: from batch_shards(): the batch is cut into len(shards) parts run at once in threads (call inside
    blas_threads(1)). Each part's backward is scaled by its share of the batch (through loss_scale), so the shards'
    gradients add up to the whole batch's mean: the first shard adds into grads itself, the others into their own
    buffers, summed into grads afterwards.
    """
    if not shards:
        _, loss, cache, _ = forward(P, cfg, batch[:, :-1], batch[:, 1:], loss_scale=loss_scale)
        backward(G, P, cfg, cache)
        return loss, relu_measures(cache.fired, batch[:, :-1].size)
    B, n = len(batch), len(shards)
    cuts = [B * i // n for i in range(n + 1)]
    shares = [(cuts[k + 1] - cuts[k]) / B for k in range(n)]
    errors = numpy.geterr()                          # the caller's floating-point error handling, for every thread

    def run(k):
        flat, part_views = shards[k]
        if k > 0:                                    # shard 0's buffer is grads: it accumulates
            flat[...] = 0
        part = batch[cuts[k]:cuts[k + 1]]
        with numpy.errstate(**errors):
            _, loss, cache, _ = forward(P, cfg, part[:, :-1], part[:, 1:], loss_scale=loss_scale * shares[k])
            backward(part_views, P, cfg, cache)
        return loss, cache.fired
    results = list(thread_pool().map(run, range(n)))

    def add(a, b):                                   # elements a:b of the other shards' gradients into grads
        for flat, _ in shards[1:]:
            grads[a:b] += flat[a:b]
    split_rows(add, grads.size, grads.size)
    loss = sum(share * part_loss for share, (part_loss, _) in zip(shares, results))
    fired = sum(part_fired for _, part_fired in results)    # counts add up: a unit fired in the batch if in any part
    return loss, relu_measures(fired, batch[:, :-1].size)


def flops_per_token(cfg):
    """Matmul FLOPs of one training token (forward + backward = 3x forward), attention included."""
    C, L, T = cfg.d_model, cfg.n_layer, cfg.ctx
    forward_flops = 2 * (12 * L * C * C + C * cfg.vocab_size) + 2 * 2 * L * T * C
    return 3 * forward_flops


# ====================================================================================================
# 6. optimizer
# ====================================================================================================
# AdamW as torch.optim.AdamW computes it, over the whole flat buffer at once. The decay is a per-element vector, so the
# alternating decay is set up once here and the update is the same few vectorised passes for every parameter.
# decay_mode = "l2" puts the same vector into the gradient instead (mode_decays, optimizer_step).

def layer_decays(cfg):
    """One weight decay per block: the schedule made explicit."""
    if cfg.decay_schedule == "alternating":
        return [cfg.odd_layer_decay if l % 2 == 1 else 0.0 for l in range(cfg.n_layer)]
    if cfg.decay_schedule == "uniform":
        return [cfg.odd_layer_decay] * cfg.n_layer
    if cfg.decay_schedule == "none":
        return [0.0] * cfg.n_layer
    return [float(d) for d in cfg.decay_schedule]


def decay_vector(cfg, dtype="float32"):
    """Per-element decay: a block's four weight matrices get their layer's decay; biases and LayerNorms never;
    the embeddings get embed_decay."""
    vec = numpy.zeros(n_params(cfg), dtype=dtype)
    per_layer = layer_decays(cfg)
    for name, view in views(vec, cfg).items():
        if name in ("wte", "wpe"):
            view[...] = cfg.embed_decay
        elif name.startswith("h.") and name.endswith(".w"):
            view[...] = per_layer[int(name.split(".")[1])]
    return to_device(vec)


def lr_at(step, cfg):
    """Linear warm-up to lr, then cosine decay to min_lr at max_steps. step counts from 0."""
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    span = max(1, cfg.max_steps - cfg.warmup_steps)
    progress = min(1.0, (step - cfg.warmup_steps) / span)
    return cfg.min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (cfg.lr - cfg.min_lr)


def clip_gradients(grads, max_norm):
    """Scale the flat gradient so its global L2 norm is at most max_norm (as torch's clip_grad_norm_). Returns the
    norm before clipping: a host float on NumPy; on CuPy a 0-d device array, and the clip factor is worked out and
    applied on the device (min(1, max_norm / (norm + 1e-6)) in float64, as on the host), so the GPU never waits for
    the CPU to read the norm."""
    norm = xp.sqrt(xp.dot(grads, grads))
    if xp is numpy:
        norm = float(norm)
        if max_norm > 0:
            coef = max_norm / (norm + 1e-6)
            if coef < 1.0:
                grads *= grads.dtype.type(coef)
        return norm
    if max_norm > 0:
        coef = xp.minimum(max_norm / (norm.astype(numpy.float64) + 1e-6), 1.0)
        grads *= coef.astype(grads.dtype)
    return norm


ADAMW_CHUNK = 1 << 17  # elements AdamW updates at a time: its five arrays' chunks stay in cache through its passes


def adamw_step(params, grads, m, v, decay, step, lr, beta1=0.9, beta2=0.95, eps=1e-8, scratch=None, skip=None):
    """One AdamW update in place; step counts from 1. w <- w * (1 - lr * decay) - lr * m_hat / (sqrt(v_hat) + eps).

    Every pass writes into an existing buffer (scratch: one more array like params, made here if not given), so a
    step over the whole model allocates nothing. skip: a 1-element flag array; nonzero leaves everything as it is
    (the fused kernel reads it on the device; the array passes read it here).
    """
    if fused(params, grads, m, v, decay) and params.dtype == numpy.float32:
        return adamw_step_gpu(params, grads, m, v, decay, step, lr, beta1, beta2, eps, skip)
    if skip is not None and bool(skip[0]):
        return
    if cpu_kernels(params, grads, m, v, decay):
        return adamw_step_cpu(params, grads, m, v, decay, step, lr, beta1, beta2, eps)
    scratch = xp.empty_like(params) if scratch is None else scratch
    bias1, bias2 = 1 - beta1 ** step, 1 / math.sqrt(1 - beta2 ** step)

    chunk = ADAMW_CHUNK if xp is numpy else max(params.size, 1)   # a GPU takes the whole buffer per launch

    def update(start, stop):                         # elements start:stop; on a multi-core CPU the ranges run at once
        for a in range(start, stop, chunk):         # chunk by chunk: 12 passes over cached data, not over memory
            update_chunk(a, min(a + chunk, stop))

    def update_chunk(a, b):
        w, g, m_, v_, tmp = params[a:b], grads[a:b], m[a:b], v[a:b], scratch[a:b]
        m_ *= beta1
        xp.multiply(g, 1 - beta1, out=tmp)
        m_ += tmp
        v_ *= beta2
        xp.multiply(g, g, out=tmp)
        tmp *= 1 - beta2
        v_ += tmp
        xp.multiply(decay[a:b], -lr, out=tmp)        # decoupled decay, from the weights before this update
        tmp += 1
        w *= tmp
        xp.sqrt(v_, out=tmp)                         # denominator: sqrt(v_hat) + eps, with v_hat = v / bias2
        tmp *= bias2
        tmp += eps
        xp.divide(m_, tmp, out=tmp)
        tmp *= lr / bias1                            # m_hat = m / bias1
        w -= tmp
    split_rows(update, params.size, params.size)


def mode_decays(cfg, dtype="float32"):
    """(into_gradient, decoupled): decay_vector(cfg) placed where cfg.decay_mode applies it. Under "decoupled"
    into_gradient is None; under "l2" decoupled is all zeros.

    "decoupled" (AdamW): the decay shrinks the weights apart from Adam, w <- w * (1 - lr * decay), so 0.92 is a 0.18%
    shrink a step at lr 2e-3. "l2" (coupled, as a hand-written Adam or torch.optim.Adam(weight_decay=...) does it):
    decay * w joins the gradient before clipping and the moments, so Adam normalises it like any gradient and 0.92 is
    a strong pull toward zero. The l2 term goes into the gradient buffer in one pass before clipping (optimizer_step),
    and adamw_step then gets a zero decay: w * (1 - lr * 0) leaves w exactly as it is, so the NumPy update and the
    fused CUDA one (adamw_step_gpu) honour either mode without a second version of either.
    """
    decay = decay_vector(cfg, dtype)
    return (decay, xp.zeros_like(decay)) if cfg.decay_mode == "l2" else (None, decay)


def add_l2_gradient(grads, params, decay, scratch=None):
    """grads += decay * params in place (decay_mode "l2"); scratch: an array like params to compute into."""
    scratch = xp.empty_like(params) if scratch is None else scratch
    xp.multiply(decay, params, out=scratch)
    grads += scratch


def optimizer_step(params, grads, m, v, decays, step, lr, max_norm, scratch=None, skip=None):
    """One optimizer step under either decay mode: the l2 term into the gradient (when decays[0] is not None), clipping
    of the global norm to max_norm, then the AdamW update with decays[1]. decays: from mode_decays. Returns the
    gradient's norm before clipping (the l2 term included). skip: a 1-element device flag (DeviceScaler.check); when
    it is nonzero the weights and moments stay as they are (the fused AdamW reads it on the GPU)."""
    into_gradient, decoupled = decays
    if into_gradient is not None:
        add_l2_gradient(grads, params, into_gradient, scratch)
    norm = clip_gradients(grads, max_norm)
    adamw_step(params, grads, m, v, decoupled, step, lr, scratch=scratch, skip=skip)
    return norm


# ====================================================================================================
# 7. checkpoints
# ====================================================================================================
# A checkpoint is one safetensors file (opening it can't run code): the weights under their names, AdamW's moments as
# flat buffers, and in its metadata the config, the tokenizer and the run's state (RunState: step, best validation
# loss, GLoss so far, ReLU-zone streaks, the float16 loss scaler, the batch sampler's random state). Files are written
# by write_atomically (data/tokens.py): a temporary name in the same folder, fsynced, then renamed over the old one,
# so a kill at any moment leaves either the old file or the new one, whole.

CHECKPOINT_FORMAT = "slm-checkpoint-1"


class RunFiles:
    """The files of a run, named once: in out_dir, latest.safetensors (train resumes from it), best.safetensors (the
    lowest validation loss; write() uses it), log.jsonl (every progress line), training.png (its plot), and the run
    lock train.lock with train.pid (which process holds it)."""

    def __init__(self, out_dir):
        self.folder = Path(out_dir)
        self.latest = self.folder / "latest.safetensors"
        self.best = self.folder / "best.safetensors"
        self.log = self.folder / "log.jsonl"
        self.plot = self.folder / "training.png"
        self.lock = self.folder / "train.lock"
        self.pid = self.folder / "train.pid"

    def outputs(self):
        """What a run writes: a study run removes these to start from step 0."""
        return (self.latest, self.best, self.log, self.plot)


def checkpoint_path(cfg):
    """The checkpoint to write stories with (and to export or serve): cfg.checkpoint, else out_dir/best.safetensors."""
    return Path(cfg.checkpoint) if cfg.checkpoint else RunFiles(cfg.out_dir).best


@dataclasses.dataclass
class RunState:
    """What a run carries from step to step beside the weights and AdamW's moments. A checkpoint's metadata holds it
    (to_meta / from_meta), so a resumed run goes on exactly where it stopped."""
    rng: numpy.random.Generator      # the batch sampler's random state
    relu_streak: list                # per layer: log lines in a row outside relu_zone
    scaler: dict                     # float16's dynamic loss scale: {"scale", "good_steps", "skipped"}
    step: int = 0                    # optimizer steps done
    best_val: float = math.inf       # lowest validation loss at a checkpoint so far
    gloss_sum: float = 0.0           # training losses since the last checkpoint: GLoss = gloss_sum / gloss_count
    gloss_count: int = 0

    @classmethod
    def start(cls, cfg):
        scale = 2.0 ** 16 if cfg.dtype == "float16" else 1.0
        return cls(rng=numpy.random.default_rng(cfg.seed), relu_streak=[0] * cfg.n_layer,
                   scaler={"scale": scale, "good_steps": 0, "skipped": 0})

    def to_meta(self):
        return {"step": self.step, "best_val": self.best_val, "gloss_sum": self.gloss_sum,
                "gloss_count": self.gloss_count, "relu_streak": self.relu_streak, "scaler": self.scaler,
                "rng": self.rng.bit_generator.state}

    @classmethod
    def from_meta(cls, meta, cfg):
        """The state a checkpoint saved. The loss scaler carries over only into another float16 run."""
        state = cls.start(cfg)
        state.rng.bit_generator.state = meta["rng"]
        state.step, state.best_val = meta["step"], meta["best_val"]
        state.gloss_sum, state.gloss_count, state.relu_streak = meta["gloss_sum"], meta["gloss_count"], \
            meta["relu_streak"]
        if cfg.dtype == "float16" and "scaler" in meta:
            state.scaler = meta["scaler"]
        return state

    def take_gloss(self):
        """GLoss of the steps since the last checkpoint; the sums start again from zero."""
        gloss = self.gloss_sum / max(self.gloss_count, 1)
        self.gloss_sum, self.gloss_count = 0.0, 0
        return gloss


def save_checkpoint(path, cfg, params, m, v, meta):
    """Write weights, moments and meta (a JSON-able dict) to path, atomically."""
    from safetensors.numpy import save
    host = to_host(params)
    tensors = {f"model.{name}": numpy.ascontiguousarray(view) for name, view in views(host, cfg).items()}
    tensors["adam.m"] = to_host(m)
    tensors["adam.v"] = to_host(v)
    model_cfg = {k: getattr(cfg, k) for k in FLAG_KINDS}
    header = {"format": CHECKPOINT_FORMAT, "config": json.dumps(model_cfg)}
    header.update({k: json.dumps(val) for k, val in meta.items()})
    write_atomically(path, save(tensors, metadata=header))


def load_checkpoint(path):
    """(tensors {name: host array}, meta {key: value}, its config as a namespace). One-line SlmError when the file is
    missing, damaged or not an slm checkpoint; the file itself is never changed."""
    from safetensors import safe_open
    path = Path(path)
    if not path.is_file():
        raise SlmError(f"no checkpoint at {path}: train first (`python slm.py train`), "
                       f"or set checkpoint = 'path/to/file.safetensors'")
    fix = f"it was left as it is; set checkpoint or out_dir to another file, or move it away to start fresh"
    try:
        with safe_open(str(path), framework="numpy") as f:
            header = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}
    except Exception as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SlmError(f"checkpoint {path} is damaged or not a safetensors file ({reason}): {fix}") from None
    if header.get("format") != CHECKPOINT_FORMAT:
        raise SlmError(f"{path} is not an slm checkpoint (format {header.get('format')!r}): {fix}")
    try:
        meta = {k: json.loads(val) for k, val in header.items() if k != "format"}
        ckpt_cfg = SimpleNamespace(**meta.pop("config"))
        expected = {f"model.{n}": s for n, s in param_shapes(ckpt_cfg)}
        expected.update({"adam.m": (n_params(ckpt_cfg),), "adam.v": (n_params(ckpt_cfg),)})
    except Exception as e:
        raise SlmError(f"checkpoint {path} has an unreadable header ({type(e).__name__}: {e}): {fix}") from None
    for name, shape in expected.items():
        if name not in tensors or tuple(tensors[name].shape) != tuple(shape):
            raise SlmError(f"checkpoint {path} is damaged: tensor {name} is missing or has the wrong shape: {fix}")
    return tensors, meta, ckpt_cfg


def flat_params(tensors, cfg, dtype="float32"):
    """The checkpoint's named weights, packed into one flat buffer in model order (on the host)."""
    return numpy.concatenate([tensors[f"model.{n}"].astype(dtype).reshape(-1) for n, _ in param_shapes(cfg)])


def check_same_shape(path, ckpt_cfg, cfg):
    """SlmError naming every shape flag where the checkpoint and the config disagree."""
    diffs = [f"{k}={getattr(ckpt_cfg, k)} (config: {getattr(cfg, k)})" for k in SHAPE_FLAGS
             if getattr(ckpt_cfg, k) != getattr(cfg, k)]
    if diffs:
        raise SlmError(f"{path} holds a different model: {', '.join(diffs)}: set those flags back, "
                       f"or use a new out_dir to train a new model (the checkpoint is kept)")


class StopRequest:
    """Ctrl-C and SIGTERM only raise this flag; the training loop finishes the step in flight, saves, and returns.
    A second Ctrl-C while saving just raises it again, so the save can't be torn."""

    def __init__(self):
        self.signal = None
        self.previous = {}

    def _handle(self, signum, frame):
        if self.signal is None:
            print(f"\n[{signal.Signals(signum).name}] finishing this step, then saving a checkpoint...", flush=True)
        self.signal = signal.Signals(signum).name

    def __enter__(self):
        for s in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError):  # only the main thread may set handlers
                self.previous[s] = signal.signal(s, self._handle)
        return self

    def __exit__(self, *exc):
        for s, handler in self.previous.items():
            signal.signal(s, handler)


def check_out_dir(folder):
    """Make out_dir and prove it takes a file, before any work: one SlmError if it cannot be made or written."""
    folder = Path(folder)
    probe = folder / f".write-test-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise SlmError(f"out_dir = {str(folder)!r} cannot hold checkpoints ({e.strerror or type(e).__name__}): "
                       f"choose a folder you can write, e.g. --out_dir=checkpoints") from None


@contextlib.contextmanager
def one_run_at_a_time(files):
    """Hold out_dir's run lock while training, so a second run on the same out_dir stops at once with one line that
    names the first one's pid. The lock is an OS file lock (filelock: flock on Unix, LockFileEx on Windows): the
    kernel releases it when its process ends, however it ends, so a killed run leaves nothing that blocks the next."""
    from filelock import FileLock, Timeout
    lock = FileLock(str(files.lock), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            holder = files.pid.read_text().strip() or "unknown"
        except OSError:
            holder = "unknown"
        raise SlmError(f"another run is training in {files.folder}/ (pid {holder}): wait for it to finish or stop "
                       f"it, or give this run another out_dir") from None
    try:
        write_atomically(files.pid, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            files.pid.unlink()
        lock.release()


# ====================================================================================================
# 8. train
# ====================================================================================================
# GLoss ("global loss") is the mean training loss over the steps since the previous checkpoint: a steadier number than
# one step's loss, printed on every [Checkpoint] line.

def measure_matmul_peak(dtype="float32", threads=None):
    """FLOP/s of large square matmuls on this backend: the denominator of MFU. threads: measure as the batch shards
    train, that many matmuls at once in the thread pool, each with BLAS on one thread (NumPy only); else one matmul
    with BLAS's own threads. Best of five, after a warm-up."""
    n = 4096 if xp is not numpy else 1024
    copies = threads if threads and xp is numpy else 1
    mats = [(xp.ones((n, n), dtype=dtype), xp.ones((n, n), dtype=dtype), xp.empty((n, n), dtype=dtype))
            for _ in range(copies)]

    def one(k):
        a, b, c = mats[k]
        xp.matmul(a, b, out=c)

    def run():
        if copies > 1:
            list(thread_pool().map(one, range(copies)))
        else:
            one(0)
    best = float("inf")
    with blas_threads(1 if copies > 1 else None):
        run()
        for _ in range(5):
            synchronize()
            t = time.perf_counter()
            run()
            synchronize()
            best = min(best, time.perf_counter() - t)
    return copies * 2 * n ** 3 / best


def synchronize():
    if xp is not numpy:
        xp.cuda.Device().synchronize()


def evaluate(P, cfg, windows):
    """Mean loss over the fixed validation windows (a host (n, ctx+1) array), in batches of batch_size."""
    total, count = 0.0, 0
    for i in range(0, len(windows), cfg.batch_size):
        chunk = to_device(windows[i:i + cfg.batch_size])
        _, loss, _, _ = forward(P, cfg, chunk[:, :-1], chunk[:, 1:])
        total += float(loss) * len(chunk)
        count += len(chunk)
    return total / max(count, 1)


def append_log(path, record):
    with open(path, "a") as f:
        f.write(json.dumps(record) + "\n")


def trim_log(path, step):
    """Drop log lines past `step` (from a run killed after its last checkpoint), so a resumed log reads straight."""
    if not path.exists():
        return
    lines = path.read_text().splitlines()
    kept = [ln for ln in lines if ln.strip() and json.loads(ln).get("step", 0) <= step]
    if len(kept) != len(lines):
        write_atomically(path, "".join(ln + "\n" for ln in kept).encode())


def relu_text(usage):
    return " ".join(f"{u:.2f}" for u in usage)


def prepare_data(cfg, log=print):
    """Tokenize cfg.data once (reused while nothing changes). Prepared files go under data/, or under the folder in
    the environment variable SLM_DATA_DIR."""
    return prepare(cfg.data, vocab_size=cfg.vocab_size, ctx=cfg.ctx, val_fraction=cfg.val_fraction,
                   story_separator=cfg.story_separator, log=log, data_dir=data_folder(),
                   tinystories_mb=cfg.tinystories_mb)


def data_folder():
    """Where generated corpora, downloads and prepared tokens go: data/, or the folder in SLM_DATA_DIR."""
    return Path(os.environ.get("SLM_DATA_DIR") or DATA_DIR)


def start_or_resume(cfg, files, data, log=print):
    """(params, m, v, RunState): from files.latest when it exists (it must fit cfg and the data), else a fresh start.
    Nothing is ever overwritten here: a checkpoint that does not fit stops the run with one line."""
    if not files.latest.exists():
        params = init_params(cfg)
        return params, xp.zeros_like(params), xp.zeros_like(params), RunState.start(cfg)
    tensors, meta, ckpt_cfg = load_checkpoint(files.latest)
    check_same_shape(files.latest, ckpt_cfg, cfg)
    saved_mode = getattr(ckpt_cfg, "decay_mode", "decoupled")     # checkpoints from before the flag decayed so
    if saved_mode != cfg.decay_mode:
        raise SlmError(f"{files.latest} was trained with decay_mode = {saved_mode!r}, not {cfg.decay_mode!r}: "
                       f"set decay_mode back, or use a new out_dir (the checkpoint is kept)")
    if meta["tokenizer"] != data.tokenizer_json:
        raise SlmError(f"{files.latest} was trained with another tokenizer (data = {ckpt_cfg.data!r}): set data back, "
                       f"or use a new out_dir (the checkpoint is kept)")
    params = to_device(flat_params(tensors, cfg))
    m, v = to_device(tensors["adam.m"].astype("float32")), to_device(tensors["adam.v"].astype("float32"))
    state = RunState.from_meta(meta, cfg)
    trim_log(files.log, state.step)
    log(f"resuming {files.latest} at step {state.step} (best val {state.best_val:.4f})")
    return params, m, v, state


def read_window(window_losses, window_relu, scaler=None):
    """(the step losses as host floats, [relu_usage, relu_units] per layer as host lists) of a log window, from the
    device arrays the steps left (window_relu: relu_measures' (2, n_layer) per micro-batch): read in one transfer, so
    the GPU runs on between log lines without waiting for the CPU. scaler: a DeviceScaler, whose state comes along in
    the same transfer and is returned third (host floats)."""
    relu = xp.stack(window_relu).mean(axis=0)                             # (2, n_layer)
    if xp is numpy:
        return [float(loss) for loss in window_losses], relu.tolist(), *(
            [scaler.state.tolist()] if scaler is not None else [])
    n, k = len(window_losses), relu.size
    parts = [xp.stack(window_losses).astype(numpy.float64).reshape(n), relu.reshape(-1).astype(numpy.float64)]
    if scaler is not None:
        parts.append(scaler.state.astype(numpy.float64))
    both = to_host(xp.concatenate(parts))
    read = both[:n].tolist(), both[n:n + k].reshape(2, -1).tolist()
    return read + ((both[n + k:].tolist(),) if scaler is not None else ())


def progress(cfg, state, window_losses, relu, seconds, lr, peak, log=print, n_ranks=1):
    """The progress line of the steps since the last one (printed, and returned as log.jsonl's record), and the
    one-time warning for a layer that has stayed outside relu_zone for relu_patience lines. window_losses: the
    window's step losses, relu: its mean [relu_usage, relu_units] per layer (host floats, from read_window)."""
    tokens_per_step = cfg.batch_size * cfg.ctx * cfg.grad_accum
    usage, units = relu                                                 # from read_window
    record = {"step": state.step, "loss": sum(window_losses) / len(window_losses), "lr": lr,
              "tokens_per_s": tokens_per_step / seconds, "mfu": flops_per_token(cfg) * tokens_per_step / seconds / peak,
              "relu_usage": usage, "relu_units": units, "ms_per_step": 1000 * seconds}
    log(f"step {state.step:6d} | loss {record['loss']:.4f} | lr {lr:.2e} | {record['tokens_per_s']:8,.0f} tok/s"
        f" | MFU {100 * record['mfu']:4.1f}% | relu {relu_text(usage)} | {1000 * seconds:.0f} ms"
        + (f" | {n_ranks} ranks" if n_ranks > 1 else ""))
    low, high = cfg.relu_zone
    for l, u in enumerate(usage):
        state.relu_streak[l] = state.relu_streak[l] + 1 if not low <= u <= high else 0
        if state.relu_streak[l] == cfg.relu_patience:
            kind = "odd, decayed" if l % 2 else "even, free to roam"
            log(f"warning: layer {l} ({kind}) ReLU usage {u:.2f} has stayed outside the {low:.2f}-{high:.2f} zone "
                f"for {state.relu_streak[l]} log lines")
    return record


def train(cfg=None, log=print):
    """Train on cfg.data until max_steps (or Ctrl-C), saving checkpoints in cfg.out_dir. Returns the final state:
    {"step", "gloss", "val_loss", "best_val", "losses" (every step's loss in this call)}."""
    cfg = cfg or make_config()
    ranks = join_ranks(cfg)            # one process, or this one's rank of mpiexec's (appendix D)
    lead = ranks.rank == 0             # rank 0 alone prints, logs, saves and plots
    log = log if lead else quiet
    files = RunFiles(cfg.out_dir)
    with claim_out_dir(files, cfg, ranks):   # out_dir takes files, its run lock is held, nothing gets overwritten
        data = prepare_data_in_turn(ranks, cfg, log)
        if data.vocab_size != cfg.vocab_size:
            log(f"note: the tokenizer learned {data.vocab_size} tokens (vocab_size = {cfg.vocab_size}); "
                f"the model uses {data.vocab_size}")
            cfg = SimpleNamespace(**{**vars(cfg), "vocab_size": data.vocab_size})
        params, m, v, state = start_on_every_rank(ranks, cfg, files, data, log)
        saved = state.step if files.latest.exists() else None   # the step latest.safetensors holds
        settled = state.step        # the last step whose state is on disk (or that a fresh run starts from)
        if state.step >= cfg.max_steps:
            log(f"already at step {state.step} of max_steps = {cfg.max_steps}: raise max_steps to train further")
            return {"step": state.step, "gloss": None, "val_loss": None, "best_val": state.best_val, "losses": []}
        grads, scratch = gradient_buffer(ranks, params), xp.empty_like(params)
        # float16: the forward and backward read a float16 copy of the weights, made again after every update; the
        # float32 params stay the master weights that AdamW updates and checkpoints save
        half = params.astype(numpy.float16) if cfg.dtype == "float16" else None
        P, G = views(params if half is None else half, cfg), views(grads, cfg)
        decays = mode_decays(cfg)
        windows = val_windows(data.val, cfg.eval_windows, cfg.ctx)
        enable_fused_kernels(log, ("float32", "float16") if half is not None else ("float32",))
        enable_cpu_kernels(cfg.cpu_kernels, log)   # on NumPy: appendix A2's numba kernels, or the NumPy layers
        shards = batch_shards(cfg, grads, batch_size=cfg.batch_size // ranks.size)
        with precision(cfg.tf32):                # MFU's peak in the run's dtype and math mode (float32 on NumPy,
            peak = ranks.sum_number(              # whose float16 products are float32 BLAS's), summed over the ranks
                measure_matmul_peak("float16" if cfg.dtype == "float16" and xp is not numpy else "float32",
                                    threads=len(shards) if shards else None), "the matmul peak")
        log(f"model: {n_params(cfg):,} parameters, {cfg.n_layer} layers, d_model {cfg.d_model}, {cfg.n_head} heads, "
            f"ctx {cfg.ctx}, vocab {cfg.vocab_size} | decay per layer {layer_decays(cfg)} ({cfg.decay_mode})")
        log(f"training to step {cfg.max_steps}, {cfg.batch_size * cfg.ctx * cfg.grad_accum:,} tokens a step; "
            f"checkpoints go to {files.folder}/ (Ctrl-C saves one and stops)")
        if not ranks.alone:
            log(f"ranks: {ranks.size} over {ranks.kind}, {cfg.batch_size // ranks.size} of each micro-batch's "
                f"{cfg.batch_size} windows per rank, {THREADS} thread{'s' * (THREADS > 1)} each"
                f"{'; ZeRO-1: AdamW moments split over the ranks' if ranks.zero else ''}")
        losses, window_losses, window_usage = [], [], []   # window_*: device values of the steps since a log line
        scaler = DeviceScaler(state.scaler) if cfg.dtype == "float16" and xp is not numpy and not ranks.zero else None
        last = {"gloss": None, "val_loss": None}
        t_window, timed = time.perf_counter(), 0
        # NumPy's overflow warnings are not for the user: a loss gone nan or inf stops the run with its own line
        with ranks.stop_request() as stop, precision(cfg.tf32), blas_threads(1 if shards else None), \
                numpy.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # a stop that lands after a step chose not to save (while it logs, say) gets one more step, which saves
            while state.step < cfg.max_steps and (stop.signal is None or state.step != settled):
                lr = lr_at(state.step, cfg)
                grads[...] = 0
                step_loss = 0.0
                loss_scale = scaler.scale if scaler is not None else state.scaler["scale"]
                for _ in range(cfg.grad_accum):
                    windows_drawn = sample_batch(data.train, cfg.batch_size, cfg.ctx, state.rng)  # same on every rank
                    batch = to_device(rank_slice(ranks, windows_drawn))
                    loss, usage = forward_backward(P, G, grads, cfg, batch, loss_scale / ranks.size,
                                                   shards)   # each rank's gradient weighs its share of the batch
                    step_loss += loss / cfg.grad_accum
                    window_usage.append(usage)
                step_loss = sum_over_ranks(ranks, grads, step_loss, stop)   # the step's one collective
                if scaler is not None:                      # unscale on the device: the scale is a device value
                    grads *= (1.0 / (cfg.grad_accum * scaler.scale)).astype(grads.dtype)
                elif cfg.grad_accum > 1 or loss_scale != 1.0:
                    grads *= grads.dtype.type(1.0 / (cfg.grad_accum * loss_scale))
                state.step += 1
                if scaler is not None:
                    optimizer_step(params, grads, m, v, decays, state.step, lr, cfg.grad_clip, scratch,
                                   skip=scaler.check(grads))
                elif cfg.dtype == "float16" and not update_loss_scale(state.scaler, grads):
                    log(f"float16: gradients overflowed at step {state.step}; skipped the update, loss scale now "
                        f"{state.scaler['scale']:g}")
                elif ranks.zero:
                    zero_step(ranks, params, grads, m, v, decays, state.step, lr, cfg.grad_clip, scratch)
                else:
                    optimizer_step(params, grads, m, v, decays, state.step, lr, cfg.grad_clip, scratch)
                if half is not None:
                    half[...] = params                      # the float16 weights of the next step and of validation
                window_losses.append(step_loss)             # stays on the device until the log line
                timed += 1
                at_checkpoint = (state.step % cfg.checkpoint_every == 0 or state.step == cfg.max_steps
                                 or stop.signal is not None)
                if state.step % cfg.log_every == 0 or at_checkpoint:
                    step_losses, relu, *scaled = read_window(window_losses, mean_over_ranks(ranks, window_usage),
                                                             scaler)
                    first = state.step - len(step_losses) + 1
                    for at, step_loss in enumerate(step_losses, start=first):   # before anything is saved
                        if not math.isfinite(step_loss):
                            kept = (f"{files.latest} still holds step {saved}, the last good checkpoint"
                                    if saved is not None else "no checkpoint had been saved yet")
                            raise on_rank_0(SlmError(f"the loss became {step_loss} at step {at}: lower lr (now "
                                                     f"{cfg.lr}) or raise warmup_steps; {kept}"))
                        losses.append(step_loss)
                        state.gloss_sum += step_loss
                        state.gloss_count += 1
                    if scaled and scaler.fold(scaled[0]):
                        log(f"float16: {scaled[0][2]:.0f} of the last {len(step_losses)} steps overflowed; skipped "
                            f"their updates, loss scale now {state.scaler['scale']:g}")
                    seconds = (time.perf_counter() - t_window) / timed
                    record = progress(cfg, state, step_losses, relu, seconds, lr, peak, log,
                                      n_ranks=ranks.size)
                    if at_checkpoint:
                        last["val_loss"] = evaluate_over_ranks(ranks, P, cfg, windows)
                        last["gloss"] = state.take_gloss()
                        record.update(gloss=last["gloss"], val_loss=last["val_loss"])
                        is_best = last["val_loss"] < state.best_val
                        state.best_val = min(state.best_val, last["val_loss"])
                        meta = {**state.to_meta(), "gloss": last["gloss"], "val_loss": last["val_loss"],
                                "relu_usage": record["relu_usage"], "tokenizer": data.tokenizer_json}
                        save_checkpoints(ranks, files, cfg, params, m, v, meta, is_best)
                        saved = settled = state.step
                        log(f"[Checkpoint] Step {state.step} | GLoss: {last['gloss']:.4f} | "
                            f"val: {last['val_loss']:.4f}")
                    if lead:
                        append_log(files.log, record)
                    if at_checkpoint and cfg.plot and lead:
                        import slm_study    # plots: an optional part, loaded when a run first draws one
                        slm_study.plot_quietly(cfg, log)
                    window_losses, window_usage = [], []
                    t_window, timed = time.perf_counter(), 0
                elif len(losses) + len(window_losses) == 1:  # the first step compiled the GPU's kernels: the first
                    synchronize()                            # tok/s leaves it out
                    t_window, timed = time.perf_counter(), 0
        if stop.signal is not None:
            log(f"stopped by {stop.signal} at step {state.step}; `python slm.py` continues from {files.latest}")
        return {"step": state.step, "gloss": last["gloss"], "val_loss": last["val_loss"], "best_val": state.best_val,
                "losses": losses}


class DeviceScaler:
    """float16's dynamic loss scaling (update_loss_scale's rule) kept on the GPU, so a step never waits to learn
    whether its gradients overflowed: the scale, the clean steps in a row and the steps skipped since the last log
    line live in one device array; check() updates them on the device and hands AdamW a device flag that skips the
    update (the fused kernel reads it); the log line reads the array with its losses (read_window) and fold() brings
    it into the run state's scaler dict, which checkpoints save. ZeRO-1 keeps the host rule (its clip norm is read
    on the host anyway)."""

    def __init__(self, scaler, growth_interval=1000):
        self.host, self.growth_interval = scaler, growth_interval
        self.state = xp.asarray(numpy.array([scaler["scale"], scaler["good_steps"], 0.0], dtype=numpy.float32))
        self.found = xp.zeros(1, dtype=xp.float32)      # 1.0: this step's gradients overflowed (AdamW skips)

    @property
    def scale(self):
        """The loss scale as a 0-d device array (it multiplies the loss's gradient, then unscales grads)."""
        return self.state[0]

    def check(self, grads):
        """After unscaling: flag an inf or nan in grads and update the scale as update_loss_scale does, all on the
        device. Returns the flag (a 1-element device array) for optimizer_step's skip."""
        bad = (~xp.isfinite(grads).all()).astype(xp.float32)
        scale, good, skipped = self.state[0], self.state[1], self.state[2]
        grown = (good + 1 >= self.growth_interval).astype(xp.float32)       # 1.0 when this clean step grows it
        keep = 1 - bad
        self.state[...] = xp.stack([
            bad * xp.maximum(scale / 2, 1) + keep * (scale * (1 + grown)),
            keep * (good + 1) * (1 - grown),
            skipped + bad])
        self.found[...] = bad
        return self.found

    def fold(self, values):
        """values: the state as read at a log line (host floats). Updates the scaler dict and starts a new window on
        the device; returns the number of steps skipped since the last line."""
        scale, good, skipped = values
        self.host.update(scale=float(scale), good_steps=int(good), skipped=self.host["skipped"] + int(skipped))
        self.state[2] = 0
        return int(skipped)


def update_loss_scale(scaler, grads, growth_interval=1000):
    """Dynamic loss scaling for float16: halve the scale and skip the step when the unscaled gradients hold an inf or
    nan; double it after growth_interval clean steps in a row. Returns whether the gradients are usable."""
    if not bool(xp.isfinite(grads).all()):
        scaler["scale"] = max(scaler["scale"] / 2, 1.0)
        scaler["good_steps"] = 0
        scaler["skipped"] += 1
        return False
    scaler["good_steps"] += 1
    if scaler["good_steps"] == growth_interval:
        scaler["scale"] *= 2
        scaler["good_steps"] = 0
    return True


# ====================================================================================================
# 9. write
# ====================================================================================================
# Generation keeps each layer's keys and values of past positions (the KV cache), so a new token costs O(context)
# instead of re-running the whole window. Positions are learned up to ctx; when a story reaches the edge of the
# window, the oldest quarter is dropped and the cache is refilled from the tokens kept.

_loaded = {}  # checkpoint path -> (mtime, model); write() called in a loop loads the file once


def load_model(path):
    """(P views on the device, model config, tokenizer, eot_id) from a checkpoint file."""
    path = Path(path)
    mtime = path.stat().st_mtime_ns if path.is_file() else None
    if path in _loaded and _loaded[path][0] == mtime and _loaded[path][1][4] is xp:
        return _loaded[path][1][:4]
    tensors, meta, mcfg = load_checkpoint(path)
    tokenizer = tokenizer_from_json(meta["tokenizer"])
    enable_fused_kernels(log=lambda line: print(line, file=sys.stderr))
    P = views(to_device(flat_params(tensors, mcfg)), mcfg)
    model = (P, mcfg, tokenizer, tokenizer.token_to_id(EOT), xp)
    _loaded[path] = (mtime, model)
    return model[:4]


_kernels_said = set()   # (cpu_kernels, dtype) whose start-up line this process has printed


def writing_kernels(cfg, dtype, log=lambda line: print(line, file=sys.stderr)):
    """On the CPU, appendix A2's kernels for writing and scoring (the decode step too), as the cpu_kernels flag says;
    their one line (on, or why not) is said once a process, not at every write() of a loop."""
    said = (cfg.cpu_kernels, numpy.dtype(dtype).name)
    enable_cpu_kernels(cfg.cpu_kernels, log if said not in _kernels_said else (lambda line: None),
                       numpy.dtype(dtype).name if numpy.dtype(dtype).name in CPU_KERNEL_DTYPES else "float32",
                       decode=True)
    _kernels_said.add(said)


def sample_next(logits, temperature, top_k, top_p, rng):
    """logits (N, V) on the host -> (N,) token ids: greedy at temperature 0, else softmax(logits / temperature) in
    float64, restricted to the top_k likeliest and to the smallest set holding top_p of the probability.

    All rows are sampled at once. temperature, top_k and top_p are one value for every row or one a row (serving's
    stories each have their own); rng is one Generator, whose draws go to the sampled rows in order (write()'s
    n_samples), or a sequence of one a row. A row's token depends only on its own logits, settings and generator,
    so a story sampled in a batch gets the token it would get alone; a greedy row draws nothing."""
    N, V = logits.shape
    tokens = logits.argmax(axis=-1)
    temperature = numpy.broadcast_to(numpy.asarray(temperature, dtype=numpy.float64), (N,))
    drawn = numpy.flatnonzero(temperature > 0)                         # the rows that sample
    if not drawn.size:
        return tokens
    top_k = numpy.broadcast_to(numpy.asarray(top_k, dtype=numpy.int64), (N,))
    top_p = numpy.broadcast_to(numpy.asarray(top_p, dtype=numpy.float64), (N,))
    z = logits[drawn] / temperature[drawn, None]                        # (n, V) float64
    ks = top_k[drawn]
    for k in numpy.unique(ks[(ks > 0) & (ks < V)]):                     # rows with the same top_k together
        rows = numpy.flatnonzero(ks == k)
        kth = numpy.partition(z[rows], V - k, axis=-1)[:, V - k][:, None]
        z[rows] = numpy.where(z[rows] < kth, -numpy.inf, z[rows])
    probs = numpy.exp(z - z.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    ps = top_p[drawn]
    nucleus = numpy.flatnonzero(ps < 1.0)
    if nucleus.size:
        probs[nucleus] = keep_nucleus(probs[nucleus], ps[nucleus])
    cumulative = probs.cumsum(axis=-1)
    if isinstance(rng, numpy.random.Generator):
        draws = rng.random((drawn.size, 1))
    else:
        draws = numpy.array([[rng[i].random()] for i in drawn])
    tokens[drawn] = numpy.minimum((cumulative <= draws * cumulative[:, -1:]).sum(axis=-1), V - 1)
    return tokens


def keep_nucleus(probs, top_p):
    """probs (n, V), each row summing to 1, top_p (n,) -> (n, V): each row's smallest set of likeliest tokens
    holding top_p of its probability (a token is kept while the likelier ones hold less than top_p; the likeliest
    always), the rest 0, renormalised.

    The set comes from the sorted probabilities alone (numpy.sort, several times faster than an argsort): the running
    sums over them say how many tokens j are kept, and those are the tokens at least as likely as the j-th. Where
    that cannot tell the tokens apart (the j-th and the next are equally likely), the row takes the argsort, as
    before. Each row is sorted on its own: its set does not depend on the other rows."""
    n, V = probs.shape
    values = -numpy.sort(-probs, axis=-1)                               # (n, V), likeliest first
    before = numpy.cumsum(values, axis=-1) - values                     # mass of the likelier tokens
    inside = before < top_p[:, None]
    j = inside.sum(axis=-1)                                             # tokens kept, >= 1
    last = values[numpy.arange(n), j - 1][:, None]                      # the least likely kept
    keep = probs >= last
    tied = (j < V) & (values[numpy.arange(n), numpy.minimum(j, V - 1)] == last[:, 0])
    tied |= (inside != (numpy.arange(V) < j[:, None])).any(axis=-1)     # (rounding made the sums step back)
    for row in numpy.flatnonzero(tied):
        order = numpy.argsort(-probs[row])
        keep[row] = False
        keep[row, order[inside[row]]] = True
    probs = numpy.where(keep, probs, 0.0)
    probs /= probs.sum(axis=-1, keepdims=True)
    return probs


class StoryPrinter:
    """Streams one story to the terminal as its tokens arrive, holding back a half-decoded UTF-8 character."""

    def __init__(self, tokenizer, ids):
        self.tokenizer, self.ids, self.shown = tokenizer, list(ids), decode(tokenizer, ids)
        print(self.shown, end="", flush=True)

    def add(self, token):
        self.ids.append(int(token))
        text = decode(self.tokenizer, self.ids)
        if not text.endswith("\ufffd"):
            print(text[len(self.shown):], end="", flush=True)
            self.shown = text

    def close(self):
        print(flush=True)


def write(seed="Once upon a time", n_tokens=200, cfg=None, stream=True):
    """Write a story that begins with `seed`, up to n_tokens new tokens, with the model in cfg.checkpoint
    (default: {out_dir}/best.safetensors). Returns the text (seed included); a list of texts when n_samples > 1.

    The sampling flags in cfg (default: config.py's) apply: temperature, top_k, top_p, sample_seed, stop_at_end,
    n_samples. stream: print the story to the terminal as it is written (stream=False only returns it).
    """
    cfg = cfg or make_config()
    if not isinstance(seed, str):
        raise SlmError(f"write() takes the seed as text, got {type(seed).__name__}: write('Once upon a time', 200)")
    if isinstance(n_tokens, bool) or not isinstance(n_tokens, int) or n_tokens < 0:
        raise SlmError(f"write() takes a whole number of tokens (0 or more), got {n_tokens!r}")
    P, mcfg, tokenizer, eot = load_model(checkpoint_path(cfg))
    writing_kernels(cfg, P["wte"].dtype)
    n = cfg.n_samples
    prompt = [eot] + encode(tokenizer, seed)             # every story starts after <|endoftext|>, as in training
    prompt = prompt[-mcfg.ctx:]                          # a seed longer than the window keeps its last tokens
    history = numpy.tile(numpy.array(prompt, dtype=numpy.int64), (n, 1))   # (n, len)
    rng = numpy.random.default_rng(None if cfg.sample_seed < 0 else cfg.sample_seed)
    dtype = P["wte"].dtype
    kv = KVCache.new(mcfg, n, dtype)
    logits = forward(P, mcfg, to_device(history), kv=kv, last=[history.shape[1] - 1] * n)[0][:, -1]
    pos = history.shape[1]
    keep = max(1, mcfg.ctx - mcfg.ctx // 4)
    new = [[] for _ in range(n)]
    done = numpy.zeros(n, dtype=bool)
    printer = StoryPrinter(tokenizer, prompt[1:] if prompt[0] == eot else prompt) if stream and n == 1 else None
    for _ in range(n_tokens):
        nxt = sample_next(to_host(logits).astype(numpy.float64), cfg.temperature, cfg.top_k, cfg.top_p, rng)
        for i in range(n):
            if not done[i]:
                if cfg.stop_at_end and nxt[i] == eot:
                    done[i] = True
                else:
                    new[i].append(int(nxt[i]))
                    if printer:
                        printer.add(nxt[i])
        if done.all():
            break
        history = numpy.concatenate([history, nxt[:, None]], axis=1)
        if pos < mcfg.ctx:
            logits = forward(P, mcfg, to_device(nxt[:, None]), kv=kv, pos=pos)[0][:, -1]
            pos += 1
        else:  # the window is full: keep its newest tokens, positions restart at 0
            logits = forward(P, mcfg, to_device(history[:, -keep:]), kv=kv, last=[keep - 1] * n)[0][:, -1]
            pos = keep
    if printer:
        printer.close()
    start = [t for t in prompt if t != eot] if prompt[0] == eot else prompt
    texts = [decode(tokenizer, start + ids) for ids in new]
    if stream and n > 1:
        for i, text in enumerate(texts):
            print(f"--- story {i + 1} ---\n{text}", flush=True)
    return texts[0] if n == 1 else texts


def score_stories(P, mcfg, tokenizer, eot, stories, batch_size=16):
    """-> (nats, tokens, bytes): the summed -log p of every token of every story, each story after <|endoftext|> as
    in training, each token scored once with as much context as the model has. A story longer than the window slides
    it by ctx // 2 and scores only the tokens each window adds, so every token keeps at least ctx // 2 of context."""
    windows = []                                     # (input ids, target ids, index of the first target to score)
    stride = max(1, mcfg.ctx // 2)
    for story in stories:
        ids = [eot] + encode(tokenizer, story)
        n, done = len(ids) - 1, 0                    # n targets: ids[1:]
        while done < n:
            end = min(done + (mcfg.ctx if done == 0 else stride), n)
            begin = max(0, end - mcfg.ctx)
            windows.append((ids[begin:end], ids[begin + 1:end + 1], done - begin))
            done = end
    nats, tokens = 0.0, 0
    for i in range(0, len(windows), batch_size):
        group = windows[i:i + batch_size]
        T = max(len(w[0]) for w in group)
        idx, targets = numpy.zeros((len(group), T), numpy.int64), numpy.zeros((len(group), T), numpy.int64)
        scored = numpy.zeros((len(group), T), bool)  # padding and already-scored targets count for nothing
        for row, (x, y, first) in enumerate(group):
            idx[row, :len(x)], targets[row, :len(y)], scored[row, first:len(y)] = x, y, True
        logits = forward(P, mcfg, to_device(idx))[0]                    # (B, T, V); causal: padding is after
        top = logits.max(axis=-1, keepdims=True)
        log_total = xp.log(xp.exp(logits - top).sum(axis=-1)) + top[..., 0]          # (B, T)
        picked = xp.take_along_axis(logits, to_device(targets)[..., None], axis=-1)[..., 0]
        loss = to_host(log_total - picked).astype(numpy.float64)         # -log p of each target, one transfer
        nats += float(loss[scored].sum())
        tokens += int(scored.sum())
    return nats, tokens, sum(len(story.encode("utf-8")) for story in stories)


def eval_stories(data, cfg, log=print):
    """The stories eval scores for data: 'builtin', the built-in corpus's validation split (its last val_fraction,
    as training splits it); 'tinystories', its own validation file; else any .txt file, folder of them, or text."""
    if data not in ("builtin", "tinystories"):
        return read_stories(data, cfg.story_separator, log)
    _, train_files, val_files, _ = story_sources(data, data_folder(), log, cfg.tinystories_mb)
    if val_files:
        return read_stories(val_files[0], cfg.story_separator, log)
    stories = read_stories(train_files[0], cfg.story_separator, log)
    return stories[len(stories) - min(len(stories) - 1, max(1, round(len(stories) * cfg.val_fraction))):]


def eval(path_or_text=None, cfg=None, log=print):
    """Score a text with the checkpoint write() uses (cfg.checkpoint, else out_dir/best.safetensors): its mean loss in
    nats per token and in bits per UTF-8 byte (which compares models with different tokenizers). path_or_text: a .txt
    file, a folder of them, the text itself, or None for cfg.data ('builtin': the built-in validation split;
    'tinystories': its validation file). Returns {"nats_per_token", "bits_per_byte", "tokens", "bytes", "stories"}."""
    cfg = cfg or make_config()
    P, mcfg, tokenizer, eot = load_model(checkpoint_path(cfg))
    writing_kernels(cfg, P["wte"].dtype, log)
    stories = eval_stories(cfg.data if path_or_text is None else path_or_text, cfg, log)
    with numpy.errstate(over="ignore", invalid="ignore"):
        nats, tokens, n_bytes = score_stories(P, mcfg, tokenizer, eot, stories, cfg.batch_size)
    result = {"nats_per_token": nats / tokens, "bits_per_byte": nats / math.log(2) / n_bytes, "tokens": tokens,
              "bytes": n_bytes, "stories": len(stories)}
    log(f"eval {checkpoint_path(cfg)} on {len(stories):,} {'story' if len(stories) == 1 else 'stories'} "
        f"({tokens:,} tokens, {n_bytes:,} bytes): "
        f"{result['nats_per_token']:.4f} nats/token, {result['bits_per_byte']:.4f} bits/byte")
    return result


# ====================================================================================================
# Appendix A. fused CUDA kernels (CuPy only)
# ====================================================================================================
# On the GPU the elementwise layers above are bound by memory, not arithmetic: as xp calls, a softmax passes over its
# (B, H, T, T) scores several times and makes temporaries. Each kernel below does one layer's elementwise work in one
# launch, one thread block per row, with float32 sums. The NumPy functions of section 4 stay the reference: every
# wrapper takes and returns what its layer function does, and check_kernels() compares the two. The layers of
# section 4 call the wrappers when fused() says so: on CuPy, for the dtypes whose kernels enable_fused_kernels() found
# all agreeing.
#
# The CUDA C is compiled from KERNEL_SOURCE by NVRTC on first use (CuPy's RawModule), and CI compiles the same string
# to PTX without a GPU (compile_kernels_to_ptx); tests/test_kernels.py also runs it on the CPU. Every kernel comes as
# _f32 and, except AdamW, _f16: float16 arrays are read and written as their 16 bits and converted to float32 in
# registers, so all sums are float32. A row kernel's block is a power of two threads, at least a warp, so its
# reductions may use full-warp shuffles.

KERNEL_OPTIONS = ("-std=c++14",)  # NVRTC options; RawModule adds the device's architecture and -ftz=true
ROW_THREADS = 256                 # most threads per block for a row of T keys or C channels
VOCAB_THREADS = 1024              # ... for a row of V logits
ELEMENT_THREADS = 256             # threads per block of the elementwise kernels (bias + ReLU, AdamW)
KERNEL_TOLERANCE = {"f32": 1e-4, "f16": 1e-2}   # largest max-abs error check_kernels() should accept, per dtype
KERNEL_SUFFIX = {"float32": "f32", "float16": "f16"}   # array dtype -> its kernels' name suffix

KERNEL_SOURCE = r"""
// slm's fused kernels. Row kernels: grid = one block per row, block = a power of two >= 32 threads.
// Indices into whole tensors are long long: B*T*V passes 2^31 at GPT-2 sizes.

struct half16 { unsigned short bits; };   // one float16, as CuPy stores it

#ifndef SLM_KERNELS_ON_HOST   // tests/cuda_on_host.h brings these two when the tests run the kernels on the CPU
__device__ __forceinline__ float half_to_float(unsigned short h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}
__device__ __forceinline__ unsigned short float_to_half(float f) {
    unsigned short h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));   // round to nearest even, as numpy's astype
    return h;
}
#endif

__device__ __forceinline__ float load(const float* p, long long i) { return p[i]; }
__device__ __forceinline__ float load(const half16* p, long long i) { return half_to_float(p[i].bits); }
__device__ __forceinline__ void store(float* p, long long i, float x) { p[i] = x; }
__device__ __forceinline__ void store(half16* p, long long i, float x) { p[i].bits = float_to_half(x); }

__device__ __forceinline__ float negative_infinity() { return __int_as_float((int)0xff800000u); }
__device__ __forceinline__ float not_a_number() { return __int_as_float(0x7fc00000); }

__device__ __forceinline__ float warp_sum(float x) {
    for (int offset = 16; offset > 0; offset >>= 1) x += __shfl_xor_sync(0xffffffffu, x, offset);
    return x;
}
__device__ __forceinline__ float warp_max(float x) {
    for (int offset = 16; offset > 0; offset >>= 1) x = fmaxf(x, __shfl_xor_sync(0xffffffffu, x, offset));
    return x;
}

// Sum (max) of x over the block, returned to every thread. Every thread of the block must call it (it syncs);
// shared holds 32 floats. The first sync lets a previous call's readers of shared finish before it is rewritten.
__device__ float block_reduce(float x, float* shared, bool max) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    x = max ? warp_max(x) : warp_sum(x);
    __syncthreads();
    if (lane == 0) shared[warp] = x;
    __syncthreads();
    x = lane < warps ? shared[lane] : (max ? negative_infinity() : 0.0f);
    return max ? warp_max(x) : warp_sum(x);
}
__device__ float block_sum(float x, float* shared) { return block_reduce(x, shared, false); }
__device__ float block_max(float x, float* shared) { return block_reduce(x, shared, true); }

// Causal softmax, in place. att: rows of Tk scores (already scaled); row r is query r % Tq, which sees keys
// 0 .. r % Tq + (Tk - Tq) (Tk == Tq in training; Tk > Tq when new queries follow cached keys). Keys past that get 0.
// exp is computed again in the last pass instead of stored, so a float16 row is rounded once.
template <typename S>
__device__ void softmax_causal(S* att, int Tq, int Tk) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * Tk;
    const int last = (int)(row % Tq) + (Tk - Tq);
    float top = negative_infinity();
    for (int j = tid; j <= last; j += threads) top = fmaxf(top, load(att, at + j));
    top = block_max(top, shared);
    float total = 0.0f;
    for (int j = tid; j <= last; j += threads) total += expf(load(att, at + j) - top);
    total = block_sum(total, shared);
    for (int j = tid; j < Tk; j += threads)
        store(att, at + j, j <= last ? expf(load(att, at + j) - top) / total : 0.0f);
}

// Causal softmax backward: dpre = att * (datt - sum_keys(datt * att)) * scale, 0 past the last key.
// dpre may be datt itself: each thread reads its elements before it overwrites them.
template <typename S>
__device__ void softmax_causal_backward(S* dpre, const S* att, const S* datt, int Tq, int Tk, float scale) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * Tk;
    const int last = (int)(row % Tq) + (Tk - Tq);
    float dot = 0.0f;
    for (int j = tid; j <= last; j += threads) dot += load(datt, at + j) * load(att, at + j);
    dot = block_sum(dot, shared);
    for (int j = tid; j < Tk; j += threads)
        store(dpre, at + j, j <= last ? load(att, at + j) * (load(datt, at + j) - dot) * scale : 0.0f);
}

// LayerNorm over rows of C: out = xhat * g + b, and the backward's cache xhat (rows of C) and rstd (one per row,
// float32 whatever S is: a statistic).
template <typename S>
__device__ void layernorm_forward(S* out, S* xhat, float* rstd, const S* x, const S* g, const S* b, int C, float eps) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * C;
    float sum = 0.0f;
    for (int j = tid; j < C; j += threads) sum += load(x, at + j);
    const float mean = block_sum(sum, shared) / C;
    float squares = 0.0f;
    for (int j = tid; j < C; j += threads) {
        const float centred = load(x, at + j) - mean;
        squares += centred * centred;
    }
    const float r = 1.0f / sqrtf(block_sum(squares, shared) / C + eps);
    for (int j = tid; j < C; j += threads) {
        const float xh = (load(x, at + j) - mean) * r;
        store(xhat, at + j, xh);
        store(out, at + j, xh * load(g, j) + load(b, j));
    }
    if (tid == 0) rstd[row] = r;
}

// LayerNorm backward over rows_per_block rows a block (of rows, each of C): dx = rstd * (dxhat - mean(dxhat) - xhat *
// mean(dxhat * xhat)) with dxhat = dout * g, and the parameters' gradients over the block's rows, in float32:
// partial[block][j] = sum(dout * xhat) (dg) and partial[blocks + block][j] = sum(dout) (db), for the caller to sum
// over the blocks. Thread t keeps the sums of columns t, t + threads, ... (at most LAYERNORM_COLUMNS) in registers
// from row to row, so no (rows, C) temporary is made.
constexpr int LAYERNORM_COLUMNS = 8;
template <typename S>
__device__ void layernorm_backward(S* dx, float* partial, const S* dout, const S* xhat, const float* rstd, const S* g,
                                   long long rows, int C, int rows_per_block) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    float dg[LAYERNORM_COLUMNS], db[LAYERNORM_COLUMNS];
    for (int k = 0; k < LAYERNORM_COLUMNS; ++k) dg[k] = db[k] = 0.0f;
    const long long first = (long long)blockIdx.x * rows_per_block;
    const long long end = first + rows_per_block < rows ? first + rows_per_block : rows;
    for (long long row = first; row < end; ++row) {   // the same rows for every thread: all reach the barriers
        const long long at = row * C;
        float sum = 0.0f, dot = 0.0f;
        for (int k = 0; k < LAYERNORM_COLUMNS; ++k) {
            const int j = tid + k * threads;
            if (j < C) {
                const float d = load(dout, at + j), xh = load(xhat, at + j), dxhat = d * load(g, j);
                sum += dxhat;
                dot += dxhat * xh;
                dg[k] += d * xh;
                db[k] += d;
            }
        }
        const float mean = block_sum(sum, shared) / C;
        const float mean_dot = block_sum(dot, shared) / C;
        const float r = rstd[row];
        for (int k = 0; k < LAYERNORM_COLUMNS; ++k) {
            const int j = tid + k * threads;
            if (j < C) store(dx, at + j, r * (load(dout, at + j) * load(g, j) - mean - load(xhat, at + j) * mean_dot));
        }
    }
    for (int k = 0; k < LAYERNORM_COLUMNS; ++k) {
        const int j = tid + k * threads;
        if (j < C) {
            partial[(long long)blockIdx.x * C + j] = dg[k];
            partial[((long long)gridDim.x + blockIdx.x) * C + j] = db[k];
        }
    }
}

// Bias + ReLU: a = max(h + b, 0) over n elements, b of length F broadcast over rows; grid-stride loop.
// Written as a comparison, not fmaxf, so a NaN passes through as it does in numpy.maximum.
template <typename S>
__device__ void bias_relu(S* out, const S* h, const S* b, long long n, int F) {
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const float a = load(h, i) + load(b, i % F);
        store(out, i, a < 0.0f ? 0.0f : a);
    }
}

// Cross-entropy per row of V logits, fused with its backward: losses[row] = log(sum(exp(z))) - z[target] with
// z = logits - max, and the row is overwritten with (softmax - onehot(target)) * inv_n * scale[0] (scale: the loss
// scale, on the device; in float16 the scaled gradient is what must not underflow). A target outside 0..V-1 gives
// a NaN loss. Thread 0 reads the target's logit before the first block reduction, so before any thread overwrites it.
template <typename S>
__device__ void cross_entropy(S* logits, float* losses, const long long* targets, const float* scale, int V,
                              float inv_n) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * V;
    const long long target = targets[row];
    const bool valid = target >= 0 && target < V;
    const float picked = (tid == 0 && valid) ? load(logits, at + target) : 0.0f;
    float top = negative_infinity();
    for (int j = tid; j < V; j += threads) top = fmaxf(top, load(logits, at + j));
    top = block_max(top, shared);
    float total = 0.0f;
    for (int j = tid; j < V; j += threads) total += expf(load(logits, at + j) - top);
    total = block_sum(total, shared);
    if (tid == 0) losses[row] = valid ? logf(total) - (picked - top) : not_a_number();
    const float factor = inv_n * scale[0];
    for (int j = tid; j < V; j += threads) {
        float p = expf(load(logits, at + j) - top) / total;
        if (j == target) p -= 1.0f;
        store(logits, at + j, p * factor);
    }
}

// The entry points: extern "C" keeps their names as written, for RawModule.get_function and for the PTX check.
extern "C" __global__ void softmax_causal_f32(float* att, int Tq, int Tk) { softmax_causal(att, Tq, Tk); }
extern "C" __global__ void softmax_causal_f16(half16* att, int Tq, int Tk) { softmax_causal(att, Tq, Tk); }

extern "C" __global__ void softmax_causal_backward_f32(float* dpre, const float* att, const float* datt, int Tq,
                                                       int Tk, float scale) {
    softmax_causal_backward(dpre, att, datt, Tq, Tk, scale);
}
extern "C" __global__ void softmax_causal_backward_f16(half16* dpre, const half16* att, const half16* datt, int Tq,
                                                       int Tk, float scale) {
    softmax_causal_backward(dpre, att, datt, Tq, Tk, scale);
}

extern "C" __global__ void layernorm_forward_f32(float* out, float* xhat, float* rstd, const float* x, const float* g,
                                                 const float* b, int C, float eps) {
    layernorm_forward(out, xhat, rstd, x, g, b, C, eps);
}
extern "C" __global__ void layernorm_forward_f16(half16* out, half16* xhat, float* rstd, const half16* x,
                                                 const half16* g, const half16* b, int C, float eps) {
    layernorm_forward(out, xhat, rstd, x, g, b, C, eps);
}

// __launch_bounds__: without it ptxas keeps a row's values of every column in registers (128 of them), too many for
// a block of 1024 threads; held to 64, it uses 32 and spills nothing
extern "C" __global__ void __launch_bounds__(1024) layernorm_backward_f32(float* dx, float* partial, const float* dout,
                                                                          const float* xhat, const float* rstd,
                                                                          const float* g, long long rows, int C,
                                                                          int rows_per_block) {
    layernorm_backward(dx, partial, dout, xhat, rstd, g, rows, C, rows_per_block);
}
extern "C" __global__ void __launch_bounds__(1024) layernorm_backward_f16(half16* dx, float* partial,
                                                                          const half16* dout, const half16* xhat,
                                                                          const float* rstd, const half16* g,
                                                                          long long rows, int C, int rows_per_block) {
    layernorm_backward(dx, partial, dout, xhat, rstd, g, rows, C, rows_per_block);
}

extern "C" __global__ void bias_relu_f32(float* out, const float* h, const float* b, long long n, int F) {
    bias_relu(out, h, b, n, F);
}
extern "C" __global__ void bias_relu_f16(half16* out, const half16* h, const half16* b, long long n, int F) {
    bias_relu(out, h, b, n, F);
}

// AdamW over the flat buffers, in the order and with the roundings of slm.adamw_step (section 6), whose float32
// steps round after every operation: the _rn intrinsics keep the compiler from fusing any pair into one FMA.
extern "C" __global__ void adamw_step_f32(float* params, const float* grads, float* m, float* v, const float* decay,
                                          long long n, float lr, float beta1, float one_minus_beta1, float beta2,
                                          float one_minus_beta2, float step_size, float inv_sqrt_bias2, float eps,
                                          const float* skip) {
    // the same operations, in the same order and rounding, as adamw_step's NumPy passes; skip[0] != 0: none at all
    if (skip[0] != 0.0f) return;
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const float g = grads[i];
        const float mi = __fadd_rn(__fmul_rn(m[i], beta1), __fmul_rn(one_minus_beta1, g));
        const float vi = __fadd_rn(__fmul_rn(v[i], beta2), __fmul_rn(__fmul_rn(g, g), one_minus_beta2));
        m[i] = mi;
        v[i] = vi;
        const float denom = __fadd_rn(__fmul_rn(__fsqrt_rn(vi), inv_sqrt_bias2), eps);
        const float w = __fmul_rn(params[i], __fadd_rn(__fmul_rn(decay[i], -lr), 1.0f));
        params[i] = __fsub_rn(w, __fmul_rn(__fdiv_rn(mi, denom), step_size));
    }
}

extern "C" __global__ void cross_entropy_f32(float* logits, float* losses, const long long* targets,
                                             const float* scale, int V, float inv_n) {
    cross_entropy(logits, losses, targets, scale, V, inv_n);
}
extern "C" __global__ void cross_entropy_f16(half16* logits, float* losses, const long long* targets,
                                             const float* scale, int V, float inv_n) {
    cross_entropy(logits, losses, targets, scale, V, inv_n);
}
"""
# the kernels' entry points, read from the source so each name is written once
KERNEL_NAMES = tuple(re.findall(r'extern "C" __global__ void (?:__launch_bounds__\(\d+\) )?(\w+)', KERNEL_SOURCE))
# LayerNorm's backward kernel: the most columns a thread sums (from the source), hence the widest row it takes at
# 1024 threads (a wider d_model uses section 4's layernorm_backward), and the most blocks it runs in (each sums its
# share of the rows into one row of partial sums: a few hundred blocks fill a GPU and keep those partials small)
LAYERNORM_COLUMNS = int(re.search(r"constexpr int LAYERNORM_COLUMNS = (\d+);", KERNEL_SOURCE)[1])
LAYERNORM_MOST_CHANNELS = 1024 * LAYERNORM_COLUMNS
LAYERNORM_BACKWARD_BLOCKS = 512

_kernel_module = None  # the compiled RawModule, built on the first launch
_kernel_functions = {}  # kernel name -> its function in _kernel_module, looked up once (get_function builds a new
                        # kernel object on every call: about 45 a step)


def _launch(name, grid, block, *args):
    """Run kernel `name` on grid blocks of block threads. args: CuPy arrays and numpy scalars of the kernel's C types
    (CuPy would pass a Python int as long long and a float as double)."""
    global _kernel_module
    function = _kernel_functions.get(name)
    if function is None:
        if _kernel_module is None:
            import cupy
            _kernel_module = cupy.RawModule(code=KERNEL_SOURCE, options=KERNEL_OPTIONS)
        function = _kernel_functions[name] = _kernel_module.get_function(name)
    function((grid,), (block,), args)


def _threads(n, most):
    """Threads for a row of n: the smallest power of two >= n, at least a warp (32), at most `most`."""
    return min(most, max(32, 1 << (max(n, 1) - 1).bit_length()))


def _blocks(n, threads):
    """Blocks for a grid-stride loop over n elements: one per `threads` elements, at most 65535 (the loop strides)."""
    return max(1, min(-(-n // threads), 65535))


def _kind(*arrays):
    """'f32' or 'f16', the kernel suffix for arrays that must share one float dtype and be C-contiguous."""
    dtype = arrays[0].dtype
    for a in arrays:
        if a.dtype != dtype:
            raise ValueError(f"fused kernels take arrays of one dtype, got {dtype} and {a.dtype}")
        if not a.flags.c_contiguous:
            raise ValueError("fused kernels take C-contiguous arrays: pass xp.ascontiguousarray(a)")
    if dtype == numpy.float32:
        return "f32"
    if dtype == numpy.float16:
        return "f16"
    raise ValueError(f"fused kernels run on float32 or float16, not {dtype}")


def softmax_causal_gpu(att):
    """att (..., Tq, Tk) scaled scores, Tk >= Tq -> att, overwritten with the causal softmax over its last axis:
    query r sees keys 0 .. r + Tk - Tq, the rest get exactly 0 (as attention_forward's mask and softmax)."""
    Tq, Tk = att.shape[-2:]
    if Tk < Tq:
        raise ValueError(f"causal softmax needs at least as many keys as queries, got {Tq} queries and {Tk} keys")
    rows = att.size // Tk if Tk else 0
    if rows:
        _launch(f"softmax_causal_{_kind(att)}", rows, _threads(Tk, ROW_THREADS), att, numpy.int32(Tq),
                numpy.int32(Tk))
    return att


def softmax_backward_gpu(att, datt, scale, out=None):
    """att (..., Tq, Tk) causal softmax probabilities, datt d(att) -> dpre = att * (datt - sum(datt * att)) * scale,
    d(scores before scaling). out: where to write it (datt itself is fine), else a new array."""
    out = xp.empty_like(att) if out is None else out
    if not att.shape == datt.shape == out.shape:
        raise ValueError(f"att, datt and out must have one shape, got {att.shape}, {datt.shape}, {out.shape}")
    Tq, Tk = att.shape[-2:]
    rows = att.size // Tk if Tk else 0
    if rows:
        _launch(f"softmax_causal_backward_{_kind(att, datt, out)}", rows, _threads(Tk, ROW_THREADS), out, att, datt,
                numpy.int32(Tq), numpy.int32(Tk), numpy.float32(scale))
    return out


def layernorm_forward_gpu(x, g, b, eps=1e-5):
    """x (B, T, C), g (C), b (C) -> out (B, T, C), cache (xhat (B, T, C), rstd (B, T, 1) float32), as
    layernorm_forward."""
    C = x.shape[-1]
    if g.shape != (C,) or b.shape != (C,):
        raise ValueError(f"layernorm_forward_gpu takes x (..., C), g and b (C), got {x.shape}, {g.shape}, {b.shape}")
    out, xhat = xp.empty_like(x), xp.empty_like(x)
    rstd = xp.empty(x.shape[:-1] + (1,), dtype=xp.float32)
    rows = x.size // C if C else 0
    if rows:
        _launch(f"layernorm_forward_{_kind(x, g, b)}", rows, _threads(C, ROW_THREADS), out, xhat, rstd, x, g, b,
                numpy.int32(C), numpy.float32(eps))
    return out, (xhat, rstd)


def layernorm_backward_gpu(dout, cache, g, dg, db):
    """dout (B, T, C) -> dx (B, T, C); adds into dg, db (C), as layernorm_backward. One kernel reads dout and xhat for
    dx and for the sums behind dg and db (per block of rows, float32); what is left is a sum over the blocks."""
    xhat, rstd = cache
    C = dout.shape[-1]
    if xhat.shape != dout.shape or rstd.shape != dout.shape[:-1] + (1,) or g.shape != (C,):
        raise ValueError(f"layernorm_backward_gpu takes dout and xhat (..., C), rstd (..., 1), g (C), got "
                         f"{dout.shape}, {xhat.shape}, {rstd.shape}, {g.shape}")
    if C > LAYERNORM_MOST_CHANNELS:
        raise ValueError(f"layernorm_backward_gpu takes rows of at most {LAYERNORM_MOST_CHANNELS} channels, got {C}")
    kind = _kind(dout, xhat, g)
    if _kind(rstd) != "f32":
        raise ValueError(f"layernorm_backward_gpu takes rstd as float32, got {rstd.dtype}")
    dx = xp.empty_like(dout)
    rows = dout.size // C if C else 0
    if rows:
        per_block = -(-rows // LAYERNORM_BACKWARD_BLOCKS)
        blocks = -(-rows // per_block)
        partial = xp.empty((2, blocks, C), dtype=xp.float32)       # dg's and db's sums, one row a block
        threads = max(_threads(C, ROW_THREADS), _threads(-(-C // LAYERNORM_COLUMNS), 1024))
        _launch(f"layernorm_backward_{kind}", blocks, threads, dx, partial, dout, xhat, rstd, g, numpy.int64(rows),
                numpy.int32(C), numpy.int32(per_block))
        sums = partial.sum(axis=1)                                 # (2, C)
        dg += sums[0]
        db += sums[1]
    return dx


def bias_relu_gpu(h, b, out=None):
    """h (..., F) a matmul's output without its bias, b (F) -> relu(h + b) (..., F), as relu_forward(linear_forward).
    out: where to write it (h itself is fine), else a new array. Its backward stays relu_backward(dout, a)."""
    out = xp.empty_like(h) if out is None else out
    if b.shape != h.shape[-1:] or out.shape != h.shape:
        raise ValueError(f"bias_relu_gpu takes h (..., F), b (F) and out like h, got {h.shape}, {b.shape}, {out.shape}")
    if h.size:
        _launch(f"bias_relu_{_kind(h, b, out)}", _blocks(h.size, ELEMENT_THREADS), ELEMENT_THREADS, out, h, b,
                numpy.int64(h.size), numpy.int32(h.shape[-1]))
    return out


_zero_flag = {}   # array module -> a 1-element 0.0 flag: AdamW's kernel always takes one


def _no_skip():
    if xp not in _zero_flag:
        _zero_flag[xp] = xp.zeros(1, dtype=xp.float32)
    return _zero_flag[xp]


def adamw_step_gpu(params, grads, m, v, decay, step, lr, beta1=0.9, beta2=0.95, eps=1e-8, skip=None):
    """adamw_step in one pass over the flat float32 buffers (all of length n): params, m, v change in place.
    The scalar factors are worked out here in float64 and rounded once to float32, as numpy does with Python floats.
    skip: a 1-element float32 device flag; nonzero makes every thread leave its elements as they are."""
    if _kind(params, grads, m, v, decay) != "f32":
        raise ValueError("the fused AdamW runs on float32 buffers")
    n = params.size
    if not grads.size == m.size == v.size == decay.size == n:
        raise ValueError("AdamW's params, grads, m, v and decay must have the same length")
    bias1 = 1 - beta1 ** step
    bias2 = 1 - beta2 ** step
    f32 = numpy.float32
    if n:
        _launch("adamw_step_f32", _blocks(n, ELEMENT_THREADS), ELEMENT_THREADS, params, grads, m, v, decay,
                numpy.int64(n), f32(lr), f32(beta1), f32(1 - beta1), f32(beta2), f32(1 - beta2), f32(lr / bias1),
                f32(1 / math.sqrt(bias2)), f32(eps), _no_skip() if skip is None else skip)


_device_ones = {}   # array module -> a 1-element 1.0: the cross-entropy kernel's scale when it is a host number


def cross_entropy_gpu(logits, targets, scale=1.0):
    """logits (B, T, V), targets (B, T) ints -> (mean loss as a 0-d float32 device array, dlogits (B, T, V)).

    dlogits is cross_entropy_backward's (probs - onehot(targets)) / (B*T) * scale, written over logits (which is
    returned): the (B, T, V) probabilities are never stored, and the loss scale costs no pass of its own. scale: a
    number, or a 0-d or 1-element float32 device array (float16's loss scale, never read on the host). The loss
    stays on the device until the caller asks for float(loss).
    """
    V = logits.shape[-1]
    rows = logits.size // V if V else 0
    if targets.size != rows:
        raise ValueError(f"cross_entropy_gpu takes one target per row of logits, got {targets.size} for {rows}")
    targets = xp.ascontiguousarray(targets, dtype=xp.int64)    # targets are a strided slice of the batch
    if isinstance(scale, (int, float)):
        if xp not in _device_ones:
            _device_ones[xp] = xp.ones(1, dtype=xp.float32)
        on_device, inv_n = _device_ones[xp], scale / rows if rows else 0.0
    else:
        on_device, inv_n = xp.ascontiguousarray(scale, dtype=xp.float32).reshape(1), 1.0 / rows if rows else 0.0
    losses = xp.empty(rows, dtype=xp.float32)
    if rows:
        _launch(f"cross_entropy_{_kind(logits)}", rows, _threads(V, VOCAB_THREADS), logits, losses, targets,
                on_device, numpy.int32(V), numpy.float32(inv_n))
    return losses.mean(), logits


def compile_kernels_to_ptx(arch):
    """KERNEL_SOURCE compiled by NVRTC to PTX text for arch (80, 'sm_80' or 'compute_80') with the options RawModule
    uses; needs no GPU. RuntimeError with NVRTC's log when the source does not compile."""
    from cupy_backends.cuda.libs import nvrtc
    target = f"compute_{str(arch).rsplit('_', 1)[-1]}"
    program = nvrtc.createProgram(KERNEL_SOURCE, "slm_kernels.cu", [], [])
    try:
        try:
            nvrtc.compileProgram(program, [f"--gpu-architecture={target}", *KERNEL_OPTIONS, "-ftz=true"])
        except nvrtc.NVRTCError as e:
            raise RuntimeError(f"NVRTC cannot compile slm's kernels for {target} ({e}):\n"
                               f"{nvrtc.getProgramLog(program)}") from None
        ptx = nvrtc.getPTX(program)
    finally:
        nvrtc.destroyProgram(program)
    return (ptx.decode() if isinstance(ptx, bytes) else ptx).rstrip("\0")


@contextlib.contextmanager
def _numpy_layers():
    """Section 4's functions on host arrays for a while, whatever xp is: the reference check_kernels() uses."""
    global xp
    saved, xp = xp, numpy
    try:
        yield
    finally:
        xp = saved


def check_kernels(seed=0, dtypes=("float32", "float16")):
    """Run every kernel of the given dtypes on small random inputs (xp must be CuPy) and compare it with section 4's
    NumPy functions on host copies -> {kernel name: max abs error}. float16 kernels are compared with the float32
    reference on the same (rounded) inputs; AdamW's kernel (float32 only) counts as float32's. Errors above
    KERNEL_TOLERANCE mean a kernel disagrees; use the reference for it."""
    rng = numpy.random.default_rng(seed)
    B, H, T, V = 2, 3, 37, 515    # T and V: not multiples of a warp
    C, F, D = 48, 192, 64         # D = 64: attention's scale 1/8 is exact
    errors = {}

    def host(a):
        return to_host(a).astype(numpy.float32)

    def worst(*pairs):
        return max(float(numpy.abs(host(a) - numpy.asarray(b, dtype=numpy.float32)).max()) for a, b in pairs)

    for kind, dtype in (("f32", numpy.float32), ("f16", numpy.float16)):
        if numpy.dtype(dtype).name not in dtypes:
            continue

        def rounded(*shape, scale=1.0):   # random host values, representable in dtype, as float32
            return (rng.normal(0.0, scale, shape).astype(dtype)).astype(numpy.float32)

        def dev(a):
            return to_device(a.astype(dtype))

        # softmax forward and backward through attention_forward/backward with k = v = the identity (T, D): their
        # matmuls then copy, so the scores are q[..., :T] / 8 exactly (D = 64) and dq holds dpre, the softmax's
        # gradient, in its first T columns
        eye = numpy.broadcast_to(numpy.eye(T, D, dtype=numpy.float32), (B, H, T, D))
        q = rounded(B, H, T, D, scale=8.0)
        qkv = numpy.concatenate([a.transpose(0, 2, 1, 3).reshape(B, T, H * D) for a in (q, eye, eye)], axis=-1)
        with _numpy_layers():
            _, (_, _, _, (probs,), _) = attention_forward(qkv, H, block=T)   # one (T, T) block
        errors[f"softmax_causal_{kind}"] = worst((softmax_causal_gpu(dev(q[..., :T] / 8)), probs))
        probs = probs.astype(dtype).astype(numpy.float32)
        datt = rounded(B, H, T, T)
        dy = numpy.zeros((B, H, T, D), numpy.float32)
        dy[..., :T] = datt
        with _numpy_layers():
            y = numpy.matmul(probs, eye).transpose(0, 2, 1, 3)       # (B, T, H, D), the forward's output
            dqkv = attention_backward(dy.transpose(0, 2, 1, 3).reshape(B, T, H * D), (q, eye, eye, [probs], y))
        dpre = dqkv[:, :, :H * D].reshape(B, T, H, D).transpose(0, 2, 1, 3)[..., :T]
        errors[f"softmax_causal_backward_{kind}"] = worst((softmax_backward_gpu(dev(probs), dev(datt), 1 / 8), dpre))

        # LayerNorm forward and backward
        x, b, dout = rounded(B, T, C, scale=2.0), rounded(C, scale=0.1), rounded(B, T, C)
        g = (1.0 + rounded(C, scale=0.1)).astype(dtype).astype(numpy.float32)
        with _numpy_layers():
            out, (xhat, rstd) = layernorm_forward(x, g, b)
        got, (got_xhat, got_rstd) = layernorm_forward_gpu(dev(x), dev(g), dev(b))
        errors[f"layernorm_forward_{kind}"] = worst((got, out), (got_xhat, xhat), (got_rstd, rstd))
        xhat = xhat.astype(dtype).astype(numpy.float32)              # rstd stays float32 in either dtype
        dg, db = numpy.zeros(C, numpy.float32), numpy.zeros(C, numpy.float32)
        with _numpy_layers():
            dx = layernorm_backward(dout, (xhat, rstd), g, dg, db)
        got_dg, got_db = xp.zeros(C, dtype=xp.float32), xp.zeros(C, dtype=xp.float32)   # gradients: float32
        got = layernorm_backward_gpu(dev(dout), (dev(xhat), to_device(rstd)), dev(g), got_dg, got_db)
        errors[f"layernorm_backward_{kind}"] = worst((got, dx), (got_dg, dg), (got_db, db))

        # bias + ReLU: relu_forward(linear_forward(x, w, b)) with h = x @ w from the same host matmul
        x2, w, b2 = rounded(B, T, C), rounded(C, F, scale=0.2), rounded(F)
        h = (x2 @ w).astype(dtype).astype(numpy.float32)
        with _numpy_layers():
            a = relu_forward(h + b2)
        errors[f"bias_relu_{kind}"] = worst((bias_relu_gpu(dev(h), dev(b2)), a))

        # cross-entropy and its fused backward, times a loss scale on the device (as float16 training passes it)
        logits, targets = rounded(B, T, V, scale=3.0), rng.integers(0, V, size=(B, T))
        with _numpy_layers():
            loss, probs_ce = cross_entropy_forward(logits, targets)
            dlogits = cross_entropy_backward(probs_ce, targets, 64.0)
        got_loss, got_dlogits = cross_entropy_gpu(dev(logits), to_device(targets),
                                                  to_device(numpy.array(64.0, numpy.float32)))
        errors[f"cross_entropy_{kind}"] = worst((got_loss, loss), (got_dlogits / 64, dlogits / 64))

    if "float32" not in dtypes:
        return errors
    # AdamW, three steps
    n = 1000
    params, decay = rng.normal(0.0, 1.0, n).astype(numpy.float32), rng.uniform(0, 1, n).astype(numpy.float32)
    state = [params, numpy.zeros(n, numpy.float32), numpy.zeros(n, numpy.float32)]
    on_device = [to_device(a.copy()) for a in state]
    for step in (1, 2, 3):
        grads = rng.normal(0.0, 1.0, n).astype(numpy.float32)
        with _numpy_layers():
            adamw_step(state[0], grads, state[1], state[2], decay, step, 1e-2)
        adamw_step_gpu(on_device[0], to_device(grads), on_device[1], on_device[2], to_device(decay), step, 1e-2)
    errors["adamw_step_f32"] = worst(*zip(on_device, state))
    return errors


def enable_fused_kernels(log=print, dtypes=("float32",)):
    """On CuPy, compile the kernels and check those of the given dtypes against the NumPy reference once; each dtype's
    kernels are used only if all of them agree (FUSED_DTYPES), and the start-up line says which are on. Returns
    whether every given dtype's kernels are on. float32 by default, as write() runs; training in float16 asks for
    both (its activations take the float16 kernels, AdamW over the float32 master weights the float32 one)."""
    global FUSED, FUSED_DTYPES
    if xp is numpy:
        return False
    if FUSED is xp and all(d in FUSED_DTYPES for d in dtypes):
        return True
    try:
        errors = check_kernels(dtypes=dtypes)
    except Exception as e:
        log(f"warning: the fused CUDA kernels do not run here ({type(e).__name__}: {str(e).splitlines()[0]}); "
            f"using the plain CuPy layers")
        return False
    passed, notes = [], []
    for dtype in dtypes:
        mine = {k: v for k, v in errors.items() if k.endswith("_" + KERNEL_SUFFIX[dtype])}
        bad = {k: v for k, v in mine.items() if not v <= KERNEL_TOLERANCE[KERNEL_SUFFIX[dtype]]}
        if bad:
            notes.append(f"warning: {dtype} kernels disagree with the reference ({bad}); {dtype} arrays use the "
                         f"plain CuPy layers")
        else:
            passed.append(dtype)
            notes.append(f"{dtype} on ({len(mine)} checked against NumPy, largest error {max(mine.values()):.1e})")
    kept = [d for d in FUSED_DTYPES if d not in dtypes] if FUSED is xp else []   # checked before, still on
    others = [d for d in ("float32", "float16") if d not in dtypes and d not in kept]
    log("fused CUDA kernels: " + "; ".join(notes)
        + (f"; {', '.join(others)} not checked (this run does not use them)" if others else ""))
    if kept or passed:
        FUSED, FUSED_DTYPES = xp, tuple(kept + passed)
    return len(passed) == len(dtypes)


# ====================================================================================================
# Appendix A2. fused CPU kernels (numba)
# ====================================================================================================
# NumPy makes one pass over memory per operation: attention's masked softmax alone reads and writes each (B, H, T, T)
# block five times, and LayerNorm, bias + ReLU and the loss's softmax several times over (B, T, C) or (B, T, V). The
# kernels below are plain loops that numba compiles (LLVM, vectorised with fastmath) into one pass each, with the
# GIL released (nogil), so the batch shards' threads (section 5) run them at once. cache=True keeps the machine code
# on disk (__pycache__), so only the first run on a machine pays the compile.
#
# Attention is FlashAttention's way, a block of 4 queries at a time: their scores against keys 0 .. t live in 4 rows
# of T values that stay in L1 (8 KB at T = 512), get their mask and softmax there (max, exp, sum over the row held
# whole, so no running max is needed at these T), and are multiplied into v at once: no (T, T) array in memory. Each
# key vector loaded serves the 4 queries. The keys and values of one (batch, head) are copied transposed, (D, T), so
# every inner loop runs over keys, contiguous, and vectorises. The forward keeps only each row's log-sum-exp; the
# backward recomputes the probabilities from it. float32's exp is a vectorisable polynomial (rel. error < 1e-7; numba's
# math.exp is a scalar call without Intel's SVML); float64 keeps math.exp, so the float64 tests compare to ~1e-13.
#
# The layers in section 4 call the wrappers when cpu_kernels() says so: CPU_KERNELS is on (enable_cpu_kernels, from
# the cpu_kernels flag), xp is NumPy, and the arrays are float32 or float64. CuPy never takes these paths.

CPU_KERNEL_DTYPES = ("float32", "float64")
CPU_KERNEL_TOLERANCE = {"float64": 1e-10, "float32": 1e-4}   # the self-check's largest relative error, per dtype
_cpu_checks = {}          # dtype -> check_cpu_kernels' errors: the self-check runs once a process, per dtype


def cpu_kernels(*arrays):
    """Whether the numba kernels take these arrays: CPU_KERNELS is on, xp is NumPy, and each array is a C-contiguous
    float32 or float64 NumPy array (the layouts the kernels are compiled for: one signature per dtype)."""
    return (CPU_KERNELS and xp is numpy
            and all(isinstance(a, numpy.ndarray) and a.dtype.name in CPU_KERNEL_DTYPES and a.flags.c_contiguous
                    for a in arrays))


def _exp_row(s, n, bits, exact):
    """s[:n] <- exp(s[:n]) in place, for s[:n] <= ~0 (the max or the log-sum-exp subtracted). bits: int32 scratch of
    at least n. float32: 2^k * p(r) with k = round(x / ln 2), r = x - k ln 2, p a degree-6 polynomial (Cephes'
    expf), 2^k made by placing k + 127 in a float's exponent bits; two loops that vectorise. exact: math.exp."""
    if exact:
        for j in range(n):
            s[j] = math.exp(s[j])
        return
    scaled = bits.view(numpy.float32)
    for j in range(n):
        x = max(s[j], numpy.float32(-87.0))                  # exp(-87) ~ 1.6e-38: below it everything is ~0
        k = numpy.floor(x * numpy.float32(1.4426950408889634) + numpy.float32(0.5))
        r = x - k * numpy.float32(0.693359375) + k * numpy.float32(2.12194440e-4)   # ln 2 in two parts
        p = numpy.float32(1.9875691500e-4)
        p = p * r + numpy.float32(1.3981999507e-3)
        p = p * r + numpy.float32(8.3334519073e-3)
        p = p * r + numpy.float32(4.1665795894e-2)
        p = p * r + numpy.float32(1.6666665459e-1)
        p = p * r + numpy.float32(5.0000001201e-1)
        s[j] = p * r * r + r + numpy.float32(1.0)
        bits[j] = (numpy.int32(k) + numpy.int32(127)) << 23
    for j in range(n):
        s[j] *= scaled[j]


def _scores_block(S, n, Q, M, scale):
    """S[r, j] = scale * sum_d Q[r, d] M[d, j] for the 4 rows r and j < n: a block of 4 queries (or their output
    gradients) against M (D, T), the keys (or values) transposed, so j is contiguous. Each key vector loaded feeds 4
    queries' products, two d at a time: 8 multiply-adds a load of 4 score vectors, where one query a row would be 2."""
    D = M.shape[0]
    s0, s1, s2, s3 = S[0], S[1], S[2], S[3]
    for j in range(n):
        s0[j] = 0
        s1[j] = 0
        s2[j] = 0
        s3[j] = 0
    d = 0
    while d + 2 <= D:
        k0, k1 = M[d], M[d + 1]
        a00, a01, a10, a11 = Q[0, d] * scale, Q[0, d + 1] * scale, Q[1, d] * scale, Q[1, d + 1] * scale
        a20, a21, a30, a31 = Q[2, d] * scale, Q[2, d + 1] * scale, Q[3, d] * scale, Q[3, d + 1] * scale
        for j in range(n):
            x0, x1 = k0[j], k1[j]
            s0[j] += a00 * x0 + a01 * x1
            s1[j] += a10 * x0 + a11 * x1
            s2[j] += a20 * x0 + a21 * x1
            s3[j] += a30 * x0 + a31 * x1
        d += 2
    if d < D:                                                # D odd: the last d
        k0 = M[d]
        a0, a1, a2, a3 = Q[0, d] * scale, Q[1, d] * scale, Q[2, d] * scale, Q[3, d] * scale
        for j in range(n):
            x0 = k0[j]
            s0[j] += a0 * x0
            s1[j] += a1 * x0
            s2[j] += a2 * x0
            s3[j] += a3 * x0


def _weighted_sums(Y, n, S, M, scale):
    """Y[r, d] = scale[r] * sum_{j < n} S[r, j] M[d, j] for the 4 rows: weights times the (D, T) values or keys."""
    s0, s1, s2, s3 = S[0], S[1], S[2], S[3]
    for d in range(M.shape[0]):
        m = M[d]
        a0 = m[0] - m[0]                                     # a zero of the arrays' dtype
        a1, a2, a3 = a0, a0, a0
        for j in range(n):
            x = m[j]
            a0 += s0[j] * x
            a1 += s1[j] * x
            a2 += s2[j] * x
            a3 += s3[j] * x
        Y[0, d], Y[1, d], Y[2, d], Y[3, d] = a0 * scale[0], a1 * scale[1], a2 * scale[2], a3 * scale[3]


def _add_outer_block(M, n, Q, S, scale):
    """M[d, j] += scale * sum_r Q[r, d] S[r, j] for j < n: 4 rows' gradients added into (D, T) key or value gradients."""
    s0, s1, s2, s3 = S[0], S[1], S[2], S[3]
    for d in range(M.shape[0]):
        a0, a1, a2, a3 = Q[0, d] * scale, Q[1, d] * scale, Q[2, d] * scale, Q[3, d] * scale
        m = M[d]
        for j in range(n):
            m[j] += a0 * s0[j] + a1 * s1[j] + a2 * s2[j] + a3 * s3[j]


def _heads_transposed(qkv, b, h, D, kT, vT):
    """kT, vT (D, T) <- the keys and values of batch row b, head h, from qkv (B, T, 3C)."""
    C = qkv.shape[2] // 3
    for j in range(qkv.shape[1]):
        for d in range(D):
            kT[d, j] = qkv[b, j, C + h * D + d]
            vT[d, j] = qkv[b, j, 2 * C + h * D + d]


def _rows_block(out, src, b, i0, rows, col):
    """out (4, D) <- src[b, i0 + r, col : col + D] for the block's rows r < rows, zeros for the rest (T not a
    multiple of 4: the last block's missing rows compute nothing that is kept)."""
    D = out.shape[1]
    for r in range(4):
        for d in range(D):
            out[r, d] = src[b, i0 + r, col + d] if r < rows else 0


def _softmax_block(S, i0, rows, n, shift, bits, exact, total):
    """Row r of the block (query i0 + r) sees keys 0 .. i0 + r: its entries past that are set to 0 (the causal mask),
    the rest become exp(S - shift[r]), shift the row's max (forward) or log-sum-exp (backward); total[r] their sum."""
    for r in range(4):
        row, seen = S[r], min(i0 + r + 1, n)
        if r >= rows:
            seen = 0
        for j in range(seen):
            row[j] -= shift[r]
        _exp_row(row, seen, bits, exact)
        acc = row[0] - row[0]
        for j in range(seen):
            acc += row[j]
        total[r] = acc
        for j in range(seen, n):
            row[j] = 0


def _attention_forward_kernel(qkv, n_head, y, lse):
    """qkv (B, T, 3C) -> y (B, T, C) causal softmax(q k^T / sqrt(D)) v, and lse (B, H, T): each query's log-sum-exp
    of its scaled scores, all the backward keeps. Queries 4 at a time (a block), against keys 0 .. the block's last."""
    B, T, C3 = qkv.shape
    D = C3 // 3 // n_head
    consts = numpy.empty(2, qkv.dtype)                       # 1 and 1 / sqrt(D) in the arrays' dtype: a float64
    consts[0], consts[1] = 1.0, 1.0 / math.sqrt(D)           # scalar would turn every float32 loop into float64
    scale = consts[1]
    exact = qkv.itemsize == 8
    kT, vT = numpy.empty((D, T), qkv.dtype), numpy.empty((D, T), qkv.dtype)
    S, Q, Y = numpy.empty((4, T), qkv.dtype), numpy.empty((4, D), qkv.dtype), numpy.empty((4, D), qkv.dtype)
    top, total, inv = numpy.empty(4, qkv.dtype), numpy.empty(4, qkv.dtype), numpy.empty(4, qkv.dtype)
    bits = numpy.empty(T, numpy.int32)
    for b in range(B):
        for h in range(n_head):
            _heads_transposed(qkv, b, h, D, kT, vT)
            for i0 in range(0, T, 4):
                rows, n = min(4, T - i0), min(i0 + 4, T)     # the block's queries; the keys the last one sees
                _rows_block(Q, qkv, b, i0, rows, h * D)
                _scores_block(S, n, Q, kT, scale)
                for r in range(4):
                    best = S[r, 0]
                    for j in range(1, min(i0 + r + 1, n)):
                        best = max(best, S[r, j])
                    top[r] = best
                _softmax_block(S, i0, rows, n, top, bits, exact, total)
                for r in range(4):
                    inv[r] = consts[0] / total[r] if r < rows else 0
                _weighted_sums(Y, n, S, vT, inv)
                for r in range(rows):
                    lse[b, h, i0 + r] = top[r] + math.log(total[r])
                    for d in range(D):
                        y[b, i0 + r, h * D + d] = Y[r, d]


def _attention_backward_kernel(qkv, y, lse, dy, n_head, dqkv):
    """dy (B, T, C) -> dqkv (B, T, 3C), every element written. Per block of 4 queries: p recomputed from lse,
    dp = dy . v, ds = p (dp - dy . y) (FlashAttention's row sum), dv += p dy, dq = ds k / sqrt(D), dk += ds q / sqrt(D)."""
    B, T, C3 = qkv.shape
    C = C3 // 3
    D = C // n_head
    consts = numpy.empty(2, qkv.dtype)
    consts[0], consts[1] = 1.0, 1.0 / math.sqrt(D)
    scale = consts[1]
    exact = qkv.itemsize == 8
    kT, vT = numpy.empty((D, T), qkv.dtype), numpy.empty((D, T), qkv.dtype)
    dkT, dvT = numpy.empty((D, T), qkv.dtype), numpy.empty((D, T), qkv.dtype)
    P, dS = numpy.empty((4, T), qkv.dtype), numpy.empty((4, T), qkv.dtype)
    Q, G, Yb, dQ = (numpy.empty((4, D), qkv.dtype), numpy.empty((4, D), qkv.dtype), numpy.empty((4, D), qkv.dtype),
                    numpy.empty((4, D), qkv.dtype))
    shift, total, scales = numpy.empty(4, qkv.dtype), numpy.empty(4, qkv.dtype), numpy.full(4, scale, qkv.dtype)
    bits = numpy.empty(T, numpy.int32)
    for b in range(B):
        for h in range(n_head):
            _heads_transposed(qkv, b, h, D, kT, vT)
            dkT[:] = 0
            dvT[:] = 0
            for i0 in range(0, T, 4):
                rows, n = min(4, T - i0), min(i0 + 4, T)
                _rows_block(Q, qkv, b, i0, rows, h * D)
                _rows_block(G, dy, b, i0, rows, h * D)
                _rows_block(Yb, y, b, i0, rows, h * D)
                _scores_block(P, n, Q, kT, scale)
                for r in range(4):
                    shift[r] = lse[b, h, i0 + r] if r < rows else 0
                _softmax_block(P, i0, rows, n, shift, bits, exact, total)   # P: the forward's probabilities
                _scores_block(dS, n, G, vT, consts[0])                     # d(P) = dy . v_j
                for r in range(4):
                    rowdot = G[r, 0] - G[r, 0]
                    for d in range(D):
                        rowdot += G[r, d] * Yb[r, d]
                    p, g = P[r], dS[r]
                    for j in range(n):
                        g[j] = p[j] * (g[j] - rowdot)                     # d(scores); 0 where masked (p is 0)
                _add_outer_block(dvT, n, G, P, consts[0])
                _weighted_sums(dQ, n, dS, kT, scales)
                _add_outer_block(dkT, n, Q, dS, scale)
                for r in range(rows):
                    for d in range(D):
                        dqkv[b, i0 + r, h * D + d] = dQ[r, d]
            for j in range(T):
                for d in range(D):
                    dqkv[b, j, C + h * D + d] = dkT[d, j]
                    dqkv[b, j, 2 * C + h * D + d] = dvT[d, j]


def _row_stats(row, consts):
    """(mean, 1 / sqrt(variance + eps)) of a row, consts (1, 1 / C, eps) in its dtype: the LayerNorm kernels' pass."""
    mean = row[0] - row[0]
    for c in range(row.shape[0]):
        mean += row[c]
    mean *= consts[1]
    var = row[0] - row[0]
    for c in range(row.shape[0]):
        var += (row[c] - mean) * (row[c] - mean)
    return mean, consts[0] / math.sqrt(var * consts[1] + consts[2])


def _layernorm_forward_kernel(x, g, b, eps, out, xhat, rstd):
    """x (N, C) -> out (N, C), xhat (N, C), rstd (N,): one read of each row for its mean and variance, one write."""
    N, C = x.shape
    consts = numpy.empty(3, x.dtype)                         # 1, 1 / C and eps in the arrays' dtype
    consts[0], consts[1], consts[2] = 1.0, 1.0 / C, eps
    for r in range(N):
        row = x[r]
        mean, rs = _row_stats(row, consts)
        rstd[r] = rs
        for c in range(C):
            xh = (row[c] - mean) * rs
            xhat[r, c] = xh
            out[r, c] = xh * g[c] + b[c]


def _layernorm_backward_kernel(dout, xhat, rstd, g, dg, db, dx):
    """dout (N, C) -> dx (N, C); adds into dg, db (C)."""
    N, C = dout.shape
    inv_c = numpy.full(1, 1.0 / C, dout.dtype)[0]
    for r in range(N):
        d_row, x_row = dout[r], xhat[r]
        along = d_row[0] - d_row[0]
        mean = d_row[0] - d_row[0]
        for c in range(C):
            dxh = d_row[c] * g[c]
            along += dxh * x_row[c]
            mean += dxh
            dg[c] += d_row[c] * x_row[c]
            db[c] += d_row[c]
        along *= inv_c
        mean *= inv_c
        rs = rstd[r]
        for c in range(C):
            dx[r, c] = (d_row[c] * g[c] - x_row[c] * along - mean) * rs


def _bias_relu_kernel(out, b):
    """out (N, F) <- max(out + b, 0) in place, one pass."""
    N, F = out.shape
    zero = numpy.zeros(1, out.dtype)[0]
    for r in range(N):
        row = out[r]
        for c in range(F):
            row[c] = max(row[c] + b[c], zero)


def _relu_backward_kernel(dout, a):
    """dout (n,) <- dout where a > 0, else 0, in place (a: the ReLU's output). A select, not a branch: it vectorises."""
    zero = numpy.zeros(1, dout.dtype)[0]
    for i in range(dout.size):
        dout[i] = dout[i] if a[i] > zero else zero


def _cross_entropy_rows_kernel(logits, labels, exps, total, picked):
    """logits (N, V), labels (N,) -> exps (N, V) = exp(logits - row max), total (N,) their row sums, picked (N,) the
    target's logit minus the max: one read of the logits for the max, one write of the exps."""
    N, V = logits.shape
    exact = logits.itemsize == 8
    bits = numpy.empty(V, numpy.int32)
    for r in range(N):
        row, e = logits[r], exps[r]
        top = row[0]
        for j in range(1, V):
            top = max(top, row[j])
        for j in range(V):
            e[j] = row[j] - top
        picked[r] = e[labels[r]]
        _exp_row(e, V, bits, exact)
        acc = e[0] - e[0]
        for j in range(V):
            acc += e[j]
        total[r] = acc


def _adamw_kernel(w, g, m, v, decay, c):
    """AdamW over flat buffers in one pass, as adamw_step's twelve; the decay from the weights before the update.
    c: (lr, beta1, 1 - beta1, beta2, 1 - beta2, eps, lr / bias1, bias2) in the buffers' dtype."""
    lr, beta1, keep1, beta2, keep2, eps, step_size, bias2 = c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
    for i in range(w.size):
        mi = beta1 * m[i] + keep1 * g[i]
        vi = beta2 * v[i] + keep2 * g[i] * g[i]
        m[i] = mi
        v[i] = vi
        w[i] = w[i] - lr * decay[i] * w[i] - step_size * mi / (math.sqrt(vi) * bias2 + eps)


# --- writing's decode step: one token a row, the whole layer in one call -----------------------------------------
# A decode step (write(), serving) is a few thousand multiply-adds per weight matrix and row: as NumPy calls it is
# some 40 small calls a layer, each a few microseconds of dispatch, and that overhead, not arithmetic, was most of a
# step. Here one call runs a whole layer for a block of rows (LayerNorm, qkv, the new key and value into the cache,
# attention over the row's keys 0 .. pos, the projection, LayerNorm, the MLP, both residual adds) and one more the
# final LayerNorm and the output head. Each row's numbers are computed by the same loops whatever rows share the
# call, so a story written in a batch gets exactly the tokens it gets alone.

def _layernorm_rows(x, g, b, out):
    """out[r] = LayerNorm(x[r]) * g + b for the (N, C) rows, eps 1e-5 as layernorm_forward."""
    N, C = x.shape
    consts = numpy.empty(3, x.dtype)
    consts[0], consts[1], consts[2] = 1.0, 1.0 / C, 1e-5
    for r in range(N):
        row = x[r]
        mean, rs = _row_stats(row, consts)
        for c in range(C):
            out[r, c] = (row[c] - mean) * rs * g[c] + b[c]


def _affine_rows(h, w, bias, out, add):
    """out[r] = h[r] @ w + bias (add: out[r] += it, the residual add), w (In, Out) as linear_forward's. Each weight
    row is read once for all the rows (i outer); the inner loop runs over Out, contiguous, and vectorises."""
    N, In = h.shape
    Out = w.shape[1]
    acc = numpy.empty((N, Out), h.dtype)
    for r in range(N):
        for j in range(Out):
            acc[r, j] = bias[j]
    for i in range(In):
        wi = w[i]
        for r in range(N):
            hi = h[r, i]
            a = acc[r]
            for j in range(Out):
                a[j] += hi * wi[j]
    for r in range(N):
        if add:
            for j in range(Out):
                out[r, j] += acc[r, j]
        else:
            for j in range(Out):
                out[r, j] = acc[r, j]


def _decode_layer_kernel(x, pos, ln1_g, ln1_b, w_qkv, b_qkv, w_proj, b_proj, ln2_g, ln2_b, w_fc, b_fc, w_out, b_out,
                         K, V):
    """One transformer block for rows of one token each, in place over the residual x (N, C). Row r's token is at
    position pos[r]: its key and value go into the cache K, V (N, H, ctx, D) there, and its query attends over the
    row's keys 0 .. pos[r] (softmax(q k^T / sqrt(D)) v, as attention_at_positions)."""
    N, C = x.shape
    H, D = K.shape[1], K.shape[3]
    consts = numpy.empty(4, x.dtype)                         # 1, 1 / sqrt(D), -inf and 0 in the arrays' dtype
    consts[0], consts[1], consts[2], consts[3] = 1.0, 1.0 / math.sqrt(D), -numpy.inf, 0.0
    scale, zero = consts[1], consts[3]
    exact = x.itemsize == 8
    h = numpy.empty((N, C), x.dtype)
    qkv = numpy.empty((N, 3 * C), x.dtype)
    y = numpy.empty((N, C), x.dtype)
    a = numpy.empty((N, w_fc.shape[1]), x.dtype)
    s = numpy.empty(K.shape[2], x.dtype)
    bits = numpy.empty(K.shape[2], numpy.int32)
    q = numpy.empty(D, x.dtype)
    _layernorm_rows(x, ln1_g, ln1_b, h)
    _affine_rows(h, w_qkv, b_qkv, qkv, False)
    for r in range(N):
        p = pos[r]
        for hd in range(H):
            col = hd * D
            for d in range(D):
                K[r, hd, p, d] = qkv[r, C + col + d]
                V[r, hd, p, d] = qkv[r, 2 * C + col + d]
                q[d] = qkv[r, col + d] * scale
            keys, values = K[r, hd], V[r, hd]
            top = consts[2]
            for t in range(p + 1):
                kt = keys[t]
                acc = q[0] - q[0]
                for d in range(D):
                    acc += q[d] * kt[d]
                s[t] = acc
                top = max(top, acc)
            for t in range(p + 1):
                s[t] -= top
            _exp_row(s, p + 1, bits, exact)
            total = s[0] - s[0]
            for t in range(p + 1):
                total += s[t]
            inv = consts[0] / total
            for d in range(D):
                y[r, col + d] = zero
            for t in range(p + 1):
                wt = s[t] * inv
                vt = values[t]
                for d in range(D):
                    y[r, col + d] += wt * vt[d]
    _affine_rows(y, w_proj, b_proj, x, True)
    _layernorm_rows(x, ln2_g, ln2_b, h)
    _affine_rows(h, w_fc, b_fc, a, False)
    for r in range(N):
        for j in range(a.shape[1]):
            a[r, j] = max(a[r, j], zero)
    _affine_rows(a, w_out, b_out, x, True)


def _decode_head_kernel(x, g, b, wte, logits):
    """The final LayerNorm of the (N, C) rows and the output head tied to the embedding: logits (N, V) = hf wte^T,
    a dot product over C (contiguous in wte's rows) for each token and row."""
    N, C = x.shape
    hf = numpy.empty((N, C), x.dtype)
    _layernorm_rows(x, g, b, hf)
    for v in range(wte.shape[0]):
        row = wte[v]
        for r in range(N):
            acc = hf[r, 0] - hf[r, 0]
            for c in range(C):
                acc += hf[r, c] * row[c]
            logits[r, v] = acc


def decode_step_cpu(P, cfg, idx, kv, pos):
    """forward's decode step (one token a row, with the KV cache) by the kernels: idx (N, 1) ints, pos an int or (N,)
    host ints -> logits (N, 1, V). The rows are split across the CPU's cores (split_rows)."""
    N = idx.shape[0]
    positions = numpy.ascontiguousarray(numpy.broadcast_to(numpy.asarray(pos, dtype=numpy.int64), (N,)))
    x = P["wte"][numpy.asarray(idx)[:, 0]] + P["wpe"][positions]                   # (N, C), a new array
    logits = numpy.empty((N, P["wte"].shape[0]), dtype=x.dtype)
    layers = [[P[f"h.{l}.{name}"] for name in DECODE_WEIGHTS] for l in range(cfg.n_layer)]

    def rows(a, e):
        xs = x[a:e]
        for l, weights in enumerate(layers):
            _decode_layer_kernel(xs, positions[a:e], *weights, kv.keys[l][a:e], kv.values[l][a:e])
        _decode_head_kernel(xs, P["ln_f.g"], P["ln_f.b"], P["wte"], logits[a:e])
    split_rows(rows, N, N * (P["wte"].size + sum(w.size for w in layers[0]) * len(layers)))
    return logits[:, None]


DECODE_WEIGHTS = ("ln_1.g", "ln_1.b", "attn.qkv.w", "attn.qkv.b", "attn.proj.w", "attn.proj.b", "ln_2.g", "ln_2.b",
                  "mlp.fc.w", "mlp.fc.b", "mlp.proj.w", "mlp.proj.b")   # _decode_layer_kernel's order

CPU_HELPERS = ("_exp_row", "_scores_block", "_weighted_sums", "_add_outer_block", "_heads_transposed", "_rows_block",
               "_softmax_block", "_row_stats", "_layernorm_rows", "_affine_rows")   # jitted first: the kernels call them
CPU_KERNEL_NAMES = ("_attention_forward_kernel", "_attention_backward_kernel", "_layernorm_forward_kernel",
                    "_layernorm_backward_kernel", "_bias_relu_kernel", "_relu_backward_kernel",
                    "_cross_entropy_rows_kernel", "_adamw_kernel", "_decode_layer_kernel", "_decode_head_kernel")


@dataclasses.dataclass
class FlashCache:
    """attention_forward_cpu's cache: what the kernel backward recomputes the probabilities from."""
    qkv: object       # (B, T, 3C) the queries, keys and values, heads side by side
    y: object         # (B, T, C) the output
    lse: object       # (B, H, T) each query's log-sum-exp of its scaled scores
    n_head: int


def attention_forward_cpu(qkv, n_head):
    """attention_forward (from position 0, no KV cache) by the kernel: qkv (B, T, 3C) -> (y (B, T, C), FlashCache).
    The batch rows are split across the CPU's cores (split_rows)."""
    B, T, C3 = qkv.shape
    y = numpy.empty((B, T, C3 // 3), dtype=qkv.dtype)
    lse = numpy.empty((B, n_head, T), dtype=qkv.dtype)
    split_rows(lambda a, b: _attention_forward_kernel(qkv[a:b], n_head, y[a:b], lse[a:b]), B, B * T * T * C3)
    return y, FlashCache(qkv, y, lse, n_head)


def attention_backward_cpu(dy, cache):
    """attention_backward by the kernel: dy (B, T, C) -> dqkv (B, T, 3C)."""
    qkv, y, lse, n_head = cache.qkv, cache.y, cache.lse, cache.n_head
    dy = numpy.ascontiguousarray(dy, dtype=qkv.dtype)
    dqkv = numpy.empty_like(qkv)
    B, T, C3 = qkv.shape
    split_rows(lambda a, b: _attention_backward_kernel(qkv[a:b], y[a:b], lse[a:b], dy[a:b], n_head, dqkv[a:b]),
               B, 3 * B * T * T * C3)
    return dqkv


def layernorm_forward_cpu(x, g, b, eps=1e-5):
    """layernorm_forward by the kernel: x (B, T, C) -> out, (xhat, rstd (B, T, 1)), the NumPy layer's cache."""
    C = x.shape[-1]
    out, xhat = numpy.empty_like(x), numpy.empty_like(x)
    rstd = numpy.empty(x.shape[:-1] + (1,), dtype=x.dtype)
    x2, o2, h2, r1 = x.reshape(-1, C), out.reshape(-1, C), xhat.reshape(-1, C), rstd.reshape(-1)
    split_rows(lambda a, e: _layernorm_forward_kernel(x2[a:e], g, b, eps, o2[a:e], h2[a:e], r1[a:e]),
               len(x2), x.size)
    return out, (xhat, rstd)


def layernorm_backward_cpu(dout, cache, g, dg, db):
    """layernorm_backward by the kernel: dout (B, T, C) -> dx; adds into dg, db (C). One thread: dg and db are
    sums over every row (the batch shards already run in parallel threads)."""
    xhat, rstd = cache
    C = dout.shape[-1]
    dx = numpy.empty_like(dout)
    _layernorm_backward_kernel(dout.reshape(-1, C), xhat.reshape(-1, C), rstd.reshape(-1), g, dg, db,
                               dx.reshape(-1, C))
    return dx


def bias_relu_cpu(out, b):
    """out (..., F) <- relu(out + b) in place, by the kernel."""
    rows = out.reshape(-1, out.shape[-1])
    split_rows(lambda a, e: _bias_relu_kernel(rows[a:e], b), len(rows), out.size)
    return out


def relu_backward_cpu(dout, a):
    """relu_backward by the kernel, in place over dout."""
    flat, fired = dout.reshape(-1), a.reshape(-1)
    split_rows(lambda i, j: _relu_backward_kernel(flat[i:j], fired[i:j]), flat.size, flat.size)
    return dout


def cross_entropy_forward_cpu(logits, targets):
    """cross_entropy_forward by the kernel: the same loss and the same cache (exps, total)."""
    B, T, V = logits.shape
    flat = logits.reshape(B * T, V)
    labels = numpy.ascontiguousarray(targets.reshape(-1), dtype=numpy.int64)
    exps = numpy.empty_like(flat)
    total, picked = numpy.empty(B * T, dtype=logits.dtype), numpy.empty(B * T, dtype=logits.dtype)
    split_rows(lambda a, b: _cross_entropy_rows_kernel(flat[a:b], labels[a:b], exps[a:b], total[a:b], picked[a:b]),
               B * T, logits.size)
    loss = (numpy.log(total) - picked).mean()
    return loss, (exps.reshape(B, T, V), total.reshape(B, T, 1))


def adamw_step_cpu(params, grads, m, v, decay, step, lr, beta1=0.9, beta2=0.95, eps=1e-8):
    """adamw_step by the kernel: one pass over the five buffers, split across the CPU's cores."""
    bias1, bias2 = 1 - beta1 ** step, 1 / math.sqrt(1 - beta2 ** step)
    c = numpy.array([lr, beta1, 1 - beta1, beta2, 1 - beta2, eps, lr / bias1, bias2], dtype=params.dtype)
    split_rows(lambda a, b: _adamw_kernel(params[a:b], grads[a:b], m[a:b], v[a:b], decay[a:b], c),
               params.size, params.size)


def compile_cpu_kernels():
    """Jit the kernels with numba (from its on-disk cache after the first run on a machine). The helpers are
    replaced by their compiled versions in this module, which is where numba looks them up when it compiles the
    kernels that call them. Returns numba's version."""
    import numba
    jit = numba.njit(nogil=True, fastmath=True, cache=True)
    names = globals()
    for name in CPU_HELPERS + CPU_KERNEL_NAMES:
        if not isinstance(names[name], numba.core.dispatcher.Dispatcher):
            names[name] = jit(names[name])
    return numba.__version__


def check_cpu_kernels(dtype="float32", seed=0):
    """Run every CPU kernel on small random inputs of dtype (odd sizes, two query rows past a tile) and compare it
    with section 4's NumPy layers -> {kernel: largest error relative to the reference's largest value}. Compiles
    the kernels' signatures for dtype on the way (from numba's cache when it has them)."""
    global CPU_KERNELS
    rng = numpy.random.default_rng(seed)

    def rand(*shape):
        return rng.normal(0.0, 1.0, shape).astype(dtype)

    def error(ours, ref):
        ours, ref = numpy.asarray(ours, dtype=numpy.float64), numpy.asarray(ref, dtype=numpy.float64)
        return float(numpy.abs(ours - ref).max() / max(numpy.abs(ref).max(), 1e-30))
    saved, CPU_KERNELS = CPU_KERNELS, False
    try:
        qkv, dy = rand(2, 7, 3 * 6), rand(2, 7, 6)
        x, g, b, dout = rand(2, 5, 7), rand(7), rand(7), rand(2, 5, 7)
        h, hb, a, da = rand(3, 9), rand(9), numpy.maximum(rand(3, 9), 0), rand(3, 9)
        logits, targets = 3 * rand(2, 3, 11), rng.integers(0, 11, (2, 3))
        w, gr, mo, ve, dec = rand(13), rand(13), rand(13), numpy.abs(rand(13)), numpy.abs(rand(13))
        ref_y, ref_cache = attention_forward(qkv, 2)
        ref_dqkv = attention_backward(dy, ref_cache)
        ref_ln, ref_ln_cache = layernorm_forward(x, g, b)
        ref_dg, ref_db = numpy.zeros_like(g), numpy.zeros_like(b)
        ref_dx = layernorm_backward(dout, ref_ln_cache, g, ref_dg, ref_db)
        ref_relu = numpy.maximum(h + hb, 0)
        ref_da = relu_backward(da.copy(), a)
        ref_loss, (ref_exps, _) = cross_entropy_forward(logits, targets)
        ref_m = 0.9 * mo.astype(numpy.float64) + 0.1 * gr      # AdamW written out (step 3, lr 1e-2), in float64
        ref_v = 0.95 * ve.astype(numpy.float64) + 0.05 * gr.astype(numpy.float64) ** 2
        ref_w = (w * (1 - 1e-2 * dec.astype(numpy.float64)) - 1e-2 / (1 - 0.9 ** 3) * ref_m
                 / (numpy.sqrt(ref_v / (1 - 0.95 ** 3)) + 1e-8))
    finally:
        CPU_KERNELS = saved
    y, cache = attention_forward_cpu(qkv, 2)
    dqkv = attention_backward_cpu(dy, cache)
    ln, ln_cache = layernorm_forward_cpu(x, g, b)
    dg, db = numpy.zeros_like(g), numpy.zeros_like(b)
    dx = layernorm_backward_cpu(dout, ln_cache, g, dg, db)
    loss, (exps, _) = cross_entropy_forward_cpu(logits, targets)
    adamw_step_cpu(w, gr, mo, ve, dec, 3, 1e-2)
    return {"attention_forward": error(y, ref_y), "attention_backward": error(dqkv, ref_dqkv),
            "layernorm_forward": max(error(ln, ref_ln), error(ln_cache[1], ref_ln_cache[1])),
            "layernorm_backward": max(error(dx, ref_dx), error(dg, ref_dg), error(db, ref_db)),
            "bias_relu": error(bias_relu_cpu(h.copy(), hb), ref_relu),
            "relu_backward": error(relu_backward_cpu(da.copy(), a), ref_da),
            "cross_entropy": max(error(loss, ref_loss), error(exps, ref_exps)),
            "adamw": max(error(w, ref_w), error(mo, ref_m), error(ve, ref_v))}



def check_decode_kernels(dtype="float32", seed=0):
    """decode_step_cpu against forward's NumPy decode step on a small random model of dtype (3 rows at different
    positions, head size odd) -> {"decode_step": largest error relative to the reference's largest value}."""
    global CPU_KERNELS, DECODE_KERNELS
    mcfg = SimpleNamespace(n_layer=2, d_model=10, n_head=2, ctx=9, vocab_size=13, seed=seed)
    rng = numpy.random.default_rng(seed)
    flat = init_params(mcfg, dtype=dtype, seed=seed)
    flat += rng.normal(0.0, 0.3, flat.shape).astype(dtype)
    P = views(flat, mcfg)
    pos, tokens = numpy.array([2, 8, 5]), rng.integers(0, mcfg.vocab_size, (3, 9))
    saved = CPU_KERNELS, DECODE_KERNELS
    try:
        CPU_KERNELS = DECODE_KERNELS = False
        kv = KVCache.new(mcfg, 3, dtype)
        forward(P, mcfg, tokens[:, :8], kv=kv)                    # every row's keys 0 .. 7 (a row reads its own)
        ours_kv = KVCache([k.copy() for k in kv.keys], [v.copy() for v in kv.values])
        ref = forward(P, mcfg, tokens[:, 8:], kv=kv, pos=pos)[0]
    finally:
        CPU_KERNELS, DECODE_KERNELS = saved
    ours = decode_step_cpu(P, mcfg, tokens[:, 8:], ours_kv, pos)
    error = numpy.abs(ours.astype(numpy.float64) - ref).max() / max(numpy.abs(ref).max(), 1e-30)
    cache_error = max(numpy.abs(a.astype(numpy.float64) - b).max() for a, b in zip(ours_kv.keys + ours_kv.values,
                                                                                   kv.keys + kv.values))
    return {"decode_step": float(max(error, cache_error))}

def enable_cpu_kernels(mode="auto", log=print, dtype="float32", decode=False):
    """Turn the numba kernels on for the cpu_kernels flag's mode: 'auto' when numba imports, compiles and its kernels
    agree with the NumPy layers (else one line says so and the NumPy layers run), 'numba' the same but SlmError
    instead of the fallback, 'numpy' off. On CuPy nothing happens (the GPU has appendix A). Returns whether on.
    decode: writing's decode step too (write(), eval, serving), checked as well; training leaves it off, so its
    first run does not compile it."""
    global CPU_KERNELS, DECODE_KERNELS
    if mode == "numpy" or xp is not numpy:
        CPU_KERNELS = DECODE_KERNELS = False
        return False
    started = time.perf_counter()
    try:
        version = compile_cpu_kernels()
        errors = _cpu_checks[dtype] if dtype in _cpu_checks else check_cpu_kernels(dtype)
        if decode:
            key = dtype + " decode"
            _cpu_checks[key] = _cpu_checks[key] if key in _cpu_checks else check_decode_kernels(dtype)
            errors = {**errors, **_cpu_checks[key]}
    except Exception as e:
        CPU_KERNELS = DECODE_KERNELS = False
        problem = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        if mode == "numba":
            raise SlmError(f"cpu_kernels = 'numba' but numba's kernels do not run here ({problem}): install it "
                           f"with `pip install -r requirements.txt`, or set cpu_kernels = 'auto'") from None
        log(f"warning: the fused CPU kernels do not run here ({problem}); using the NumPy layers "
            f"(pip install -r requirements.txt brings numba)")
        return False
    _cpu_checks[dtype] = {k: v for k, v in errors.items() if k != "decode_step"}
    bad = {k: f"{v:.1e}" for k, v in errors.items() if not v <= CPU_KERNEL_TOLERANCE[dtype]}
    if bad:
        CPU_KERNELS = DECODE_KERNELS = False
        if mode == "numba":
            raise SlmError(f"cpu_kernels = 'numba' but the kernels disagree with the NumPy layers ({bad}): "
                           f"report it, and set cpu_kernels = 'numpy' meanwhile")
        log(f"warning: the fused CPU kernels disagree with the NumPy layers ({bad}); using the NumPy layers")
        return False
    log(f"fused CPU kernels: on (numba {version}; {len(errors)} checked against NumPy in {dtype}, largest "
        f"error {max(errors.values()):.1e}; compiled or loaded in {time.perf_counter() - started:.1f} s)")
    CPU_KERNELS, DECODE_KERNELS = True, decode
    return True


# ====================================================================================================
# Appendix D. data-parallel ranks: `mpiexec -n N python slm.py`
# ====================================================================================================
# mpiexec starts N copies of this script, the ranks. Every rank draws the same window indices from the shared sampler
# state (RunState.rng) and trains on its 1/N slice of each micro-batch, so an optimizer step still sees batch_size x
# grad_accum windows whatever N is, and a run on N ranks is the run on one process up to the order of float sums.
# After the step's micro-batches one collective sums the flat gradient buffer across the ranks, the step's loss and
# the stop flag riding at its end; every rank then takes the same AdamW step. zero = True (ZeRO-1) instead
# reduce-scatters the gradients, each rank updates its 1/N part of the buffer with its part of the moments, and an
# all-gather brings the weights back whole. Rank 0 alone prints, logs, saves and plots; the ranks split the validation
# windows. The communicators share one interface:
#   OneProcess  no MPI at all: every collective leaves its arguments as they are (python slm.py)
#   MpiRanks    mpi4py: MPI collectives on host arrays (GPU arrays go through the host)
#   NcclRanks   an MpiRanks whose array collectives run in NCCL (cupy.cuda.nccl) on the GPU; MPI passes its unique id
# Every collective runs under a watchdog: a rank that waits longer than rank_timeout ends the whole job (MPI_Abort), so
# a rank that dies or hangs never leaves the others waiting; checkpoints are atomic, so the last one stays whole.

def launcher_ranks():
    """(rank, size) as mpiexec's environment gives them (MPICH's hydra: PMI_*; Open MPI: OMPI_COMM_WORLD_*), or
    (0, 1) for a process that mpiexec did not start. Read before MPI starts, so no MPI is needed to ask."""
    for rank, size in (("PMI_RANK", "PMI_SIZE"), ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE")):
        if os.environ.get(size, "").isdigit():
            return int(os.environ.get(rank, "0") or 0), int(os.environ[size])
    return 0, 1


def on_rank_0(error):
    """error on rank 0; elsewhere a quiet exit. For a problem every rank finds at once, so it is said once."""
    return error if launcher_ranks()[0] == 0 else SystemExit(1)


def quiet(*args, **kwargs):
    """The log of every rank but rank 0."""


class Watchdog:
    """Ends the job when one collective has waited longer than timeout seconds: the other side of it has died or
    hangs. One daemon thread sleeps until the deadline of the collective in flight (MPI calls release the GIL)."""

    def __init__(self, timeout, end):
        self.timeout, self.end = timeout, end
        self.what, self.since = None, 0.0
        self.changed = threading.Condition()
        threading.Thread(target=self._watch, name="slm-watchdog", daemon=True).start()

    @contextlib.contextmanager
    def __call__(self, what):
        with self.changed:
            self.what, self.since = what, time.monotonic()
            self.changed.notify()
        try:
            yield
        finally:
            with self.changed:
                self.what = None

    def _watch(self):
        with self.changed:
            while True:
                left = None if self.what is None else self.since + self.timeout - time.monotonic()
                if left is not None and left <= 0:
                    self.end(f"waited {self.timeout:g} s for the other ranks in {self.what}: a rank has died or "
                             f"hangs, so the job ends (the last checkpoint is whole; rerun to resume from it, or "
                             f"raise rank_timeout if a rank was only slow)")
                    return
                self.changed.wait(left)


class OneProcess:
    """The communicator of a run in one process. Arrays are flat xp buffers summed in place; objects are JSON-able
    Python values. Here every collective leaves its arguments as they are."""
    kind = "one process"
    rank, size, local_rank, local_size = 0, 1, 0, 1
    alone = True       # no collective at all: train() runs exactly as it did before ranks existed
    zero = False

    def sum(self, buf, what="the gradient all-reduce"):
        """buf <- the sum of every rank's buf (all-reduce)."""

    def sum_parts(self, buf, what="the gradient reduce-scatter"):
        """This rank's part of buf (see part) <- the sum of every rank's (reduce-scatter); the rest of buf is left."""

    def gather_parts(self, buf, what="the weights' all-gather"):
        """Every part of buf <- its owner's (all-gather)."""

    def sum_number(self, x, what="a sum over the ranks"):
        return x

    def share(self, value, what="rank 0's start"):
        """Rank 0's value, on every rank."""
        return value

    def collect(self, value, what="a check of every rank"):
        """[every rank's value], on every rank."""
        return [value]

    def share_array(self, buf, what="rank 0's weights"):
        """buf <- rank 0's buf (broadcast)."""

    def gather_array_parts(self, part, n, what="the moments' gather"):
        """Rank 0: the whole (n,) host array of every rank's part; elsewhere None."""
        return to_host(part)[:n]

    def scatter_array_parts(self, whole, n, dtype, what="the moments' scatter"):
        """This rank's part (chunk,) of rank 0's whole (n,) array, on the device."""
        return to_device(to_host(whole).astype(dtype))

    def chunk(self, n):
        """Elements per part when a buffer of n is cut into size parts (the last part is padded)."""
        return -(-n // self.size)

    def part(self, n):
        """(lo, hi): the elements of an (n,) buffer this rank owns under ZeRO-1."""
        c = self.chunk(n)
        return min(n, self.rank * c), min(n, (self.rank + 1) * c)

    @contextlib.contextmanager
    def together(self, bounded=True):
        """Run the block; under several ranks a one-line SlmError on any rank ends the run on every rank. bounded:
        whether rank_timeout bounds the wait for the slowest rank (not while rank 0 prepares the data alone)."""
        yield

    def stop_request(self):
        return StopRequest()


class MpiRanks(OneProcess):
    """The ranks mpiexec started, over mpi4py. Collectives on host arrays; a GPU array is copied through the host."""

    alone = False      # even a single rank runs every collective (comm = 'mpi' or 'nccl' in one process)

    def __init__(self, MPI, timeout):
        self.MPI, self.comm = MPI, MPI.COMM_WORLD
        self.rank, self.size = self.comm.Get_rank(), self.comm.Get_size()
        node = self.comm.Split_type(MPI.COMM_TYPE_SHARED)          # the ranks on this machine
        self.local_rank, self.local_size = node.Get_rank(), node.Get_size()
        node.Free()
        self.kind = f"MPI ({' '.join(MPI.Get_library_version().splitlines()[0].split())})"
        self.bounded = Watchdog(timeout, self.abort)
        default_hook = sys.excepthook

        def abort_on_crash(*exc):   # an exception nobody caught: its traceback, then end every rank, never a hang
            default_hook(*exc)
            self.comm.Abort(1)
        sys.excepthook = abort_on_crash

    def abort(self, message):
        print(f"error: rank {self.rank} {message}", file=sys.stderr, flush=True)
        time.sleep(1.0)    # mpiexec forwards the line from a pipe: once Abort has killed the ranks, it may never
        self.comm.Abort(1)

    def _host_op(self, buf, op):
        host = to_host(buf)                   # the buffer itself on NumPy
        op(host)
        if host is not buf:
            buf[...] = to_device(host)

    def sum(self, buf, what="the gradient all-reduce"):
        with self.bounded(what):
            self._host_op(buf, lambda h: self.comm.Allreduce(self.MPI.IN_PLACE, h, op=self.MPI.SUM))

    def sum_parts(self, buf, what="the gradient reduce-scatter"):
        c = len(buf) // self.size            # buf holds whole parts (padded)
        with self.bounded(what):
            host = to_host(buf)
            mine = numpy.empty(c, dtype=host.dtype)
            self.comm.Reduce_scatter_block(host, mine, op=self.MPI.SUM)
            buf[self.rank * c:(self.rank + 1) * c] = to_device(mine)

    def gather_parts(self, buf, what="the weights' all-gather"):
        with self.bounded(what):
            self._host_op(buf, lambda h: self.comm.Allgather(self.MPI.IN_PLACE, h))

    def sum_number(self, x, what="a sum over the ranks"):
        with self.bounded(what):
            return self.comm.allreduce(x, op=self.MPI.SUM)

    def share(self, value, what="rank 0's start"):
        with self.bounded(what):
            return self.comm.bcast(value, root=0)

    def collect(self, value, what="a check of every rank"):
        with self.bounded(what):
            return self.comm.allgather(value)

    def share_array(self, buf, what="rank 0's weights"):
        with self.bounded(what):
            self._host_op(buf, lambda h: self.comm.Bcast(h, root=0))

    def gather_array_parts(self, part, n, what="the moments' gather"):
        host = numpy.ascontiguousarray(to_host(part))
        whole = numpy.empty(self.size * len(host), dtype=host.dtype) if self.rank == 0 else None
        with self.bounded(what):
            self.comm.Gather(host, whole, root=0)
        return None if whole is None else whole[:n]

    def scatter_array_parts(self, whole, n, dtype, what="the moments' scatter"):
        c = self.chunk(n)
        padded = None
        if self.rank == 0:
            padded = numpy.zeros(self.size * c, dtype=dtype)
            padded[:n] = to_host(whole)
        mine = numpy.empty(c, dtype=dtype)
        with self.bounded(what):
            self.comm.Scatter(padded, mine, root=0)
        return to_device(mine)

    def arrive(self, what, bounded=True):
        """Wait, asleep, until every rank has come here: ranks that wait while rank 0 prepares the data or writes a
        checkpoint take no CPU from it (a blocking MPI call would spin)."""
        request = self.comm.Ibarrier()
        with self.bounded(what) if bounded else contextlib.nullcontext():
            while not request.Test():
                time.sleep(0.01)

    @contextlib.contextmanager
    def together(self, bounded=True):
        error = None
        try:
            yield
        except SlmError as e:
            error = str(e)
        self.arrive("the wait for every rank's start or checkpoint", bounded)
        errors = self.collect(error)
        failed = [(r, e) for r, e in enumerate(errors) if e]
        if failed:
            r, e = failed[0]
            raise SlmError(e if r == 0 else f"rank {r}: {e}") if self.rank == 0 else SystemExit(1)

    def stop_request(self):
        return StopAcrossRanks(lead=self.rank == 0)


class NcclRanks(MpiRanks):
    """MpiRanks whose array collectives run in NCCL on the GPU's current stream (the buffers are float32 CuPy arrays);
    MPI starts it (the unique id goes out from rank 0) and still carries the small Python values."""

    def __init__(self, mpi_ranks, nccl):
        self.__dict__.update(vars(mpi_ranks))       # the same MPI ranks, watchdog and all
        self.nccl = nccl
        uid = self.share(nccl.get_unique_id() if self.rank == 0 else None, "NCCL's unique id")
        with self.bounded("NCCL's start"):
            self.nccl_comm = nccl.NcclCommunicator(self.size, uid, self.rank)
        self.kind = f"NCCL {nccl.get_version()} (started over {self.kind})"

    def _run(self, what, call):
        import cupy
        stream = cupy.cuda.get_current_stream()
        with self.bounded(what):
            call(stream.ptr)
            stream.synchronize()

    def sum(self, buf, what="the gradient all-reduce"):
        n = self.nccl
        self._run(what, lambda s: self.nccl_comm.allReduce(buf.data.ptr, buf.data.ptr, buf.size, n.NCCL_FLOAT32,
                                                           n.NCCL_SUM, s))

    def sum_parts(self, buf, what="the gradient reduce-scatter"):
        n, c = self.nccl, buf.size // self.size     # in place: the result lands on this rank's part of buf
        self._run(what, lambda s: self.nccl_comm.reduceScatter(buf.data.ptr, buf.data.ptr + self.rank * c * 4, c,
                                                               n.NCCL_FLOAT32, n.NCCL_SUM, s))

    def gather_parts(self, buf, what="the weights' all-gather"):
        n, c = self.nccl, buf.size // self.size
        self._run(what, lambda s: self.nccl_comm.allGather(buf.data.ptr + self.rank * c * 4, buf.data.ptr, c,
                                                           n.NCCL_FLOAT32, s))


class StopAcrossRanks(StopRequest):
    """Under several ranks a signal only marks this rank's wish (pending): it rides with the step's gradients, and
    agree() raises stop.signal on every rank after the same step."""

    def __init__(self, lead):
        super().__init__()
        self.lead, self.pending = lead, None

    def _handle(self, signum, frame):
        name = signal.Signals(signum).name
        if self.pending is None and self.lead:
            print(f"\n[{name}] finishing this step on every rank, then saving a checkpoint...", flush=True)
        self.pending = name

    def agree(self, flag):
        if flag > 0 and self.signal is None:
            self.signal = self.pending or "a signal to another rank"


def import_nccl():
    """cupy.cuda.nccl, or one SlmError that says how to get NCCL."""
    try:
        from cupy.cuda import nccl
        if getattr(nccl, "available", True):
            return nccl
        problem = "CuPy finds no NCCL library"
    except Exception as e:
        problem = f"cupy.cuda.nccl does not import ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})"
    raise SlmError(f"GPU ranks need NCCL but {problem}: pip install nvidia-nccl-cu12 (CuPy loads it from there), "
                   f"or set comm = 'mpi' to sum the gradients over MPI through the host")


def gpu_for_rank(local_rank, local_size, n_gpus):
    """The GPU a rank uses: its index among the ranks on its machine; one SlmError when they outnumber the GPUs."""
    if local_size > n_gpus:
        raise SlmError(f"{local_size} GPU ranks on this machine but it has {n_gpus} GPU{'s' * (n_gpus != 1)}: start "
                       f"at most {n_gpus} rank{'s' * (n_gpus != 1)} per machine (mpiexec -n {n_gpus}, or -ppn), "
                       f"or set device = 'cpu'")
    return local_rank


def check_batch_divides(batch_size, n_ranks):
    """SlmError unless every rank gets the same whole slice of each micro-batch."""
    if batch_size % n_ranks:
        below, above = batch_size // n_ranks * n_ranks, (batch_size // n_ranks + 1) * n_ranks
        options = " or ".join(str(b) for b in (below, above) if b > 0)
        raise SlmError(f"batch_size = {batch_size} does not divide over {n_ranks} ranks: set batch_size to a "
                       f"multiple of {n_ranks} (e.g. {options}), or start {n_ranks} ranks less often")


def settings_fingerprint(cfg):
    """What every rank must agree on: every flag, the backend's kind and slm.py itself."""
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return {"flags": {k: getattr(cfg, k) for k in FLAG_KINDS}, "backend": BACKEND.split()[0], "slm.py": source}


def join_ranks(cfg):
    """This process's communicator: OneProcess, unless mpiexec started several ranks (or comm = 'mpi'/'nccl' asks for
    MPI in one process). Checks, on every rank at once, that the ranks agree on their settings, that the batch divides
    and that each GPU rank has a GPU of its own; each problem is one line from rank 0."""
    _, size = launcher_ranks()
    if size == 1 and cfg.comm == "auto":
        return OneProcess()
    if cfg.comm == "nccl" and xp is numpy:
        raise on_rank_0(SlmError("comm = 'nccl' needs GPU ranks: set device = 'gpu' (and install CuPy), or comm = "
                                 "'auto' to sum over MPI on the CPU"))
    try:
        from mpi4py import MPI
    except Exception as e:
        problem = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        started = f"mpiexec started {size} ranks" if size > 1 else f"comm = {cfg.comm!r} needs MPI"
        raise on_rank_0(SlmError(f"{started} but mpi4py does not import ({problem}): pip install -r "
                                 f"requirements-mpi.txt, or run `python slm.py` alone")) from None
    ranks, nccl = MpiRanks(MPI, cfg.rank_timeout), None
    ranks.arrive("the start", bounded=False)     # ranks start seconds apart on a busy machine
    with ranks.together():
        mine = settings_fingerprint(cfg)
        theirs = ranks.collect(mine, "the check of every rank's settings")
        for r, other in enumerate(theirs):
            if other != mine:
                diffs = [f"{k}={other['flags'].get(k)!r} (rank {ranks.rank}: {v!r})"
                         for k, v in mine["flags"].items() if other["flags"].get(k) != v]
                diffs += [f"{k} {other[k]} (rank {ranks.rank}: {mine[k]})" for k in ("backend", "slm.py")
                          if other[k] != mine[k]]
                raise SlmError(f"the ranks were started with different settings: rank {r} has {', '.join(diffs)}: "
                               f"start every rank with the same config.py, flags and slm.py")
        check_batch_divides(cfg.batch_size, ranks.size)
        if xp is not numpy:
            import cupy
            cupy.cuda.Device(gpu_for_rank(ranks.local_rank, ranks.local_size,
                                          cupy.cuda.runtime.getDeviceCount())).use()
            nccl = import_nccl() if cfg.comm != "mpi" else None
        elif ranks.local_size > 1 and not os.environ.get("OMP_NUM_THREADS") and CORES == (os.cpu_count() or 1):
            share_cores(max(1, CORES // ranks.local_size))
    if nccl is not None:
        ranks = NcclRanks(ranks, nccl)
    ranks.zero, ranks.dtype = cfg.zero, cfg.dtype
    return ranks


def share_cores(n):
    """Ranks that share one machine split its cores: n threads for this rank's batch shards, and BLAS held to n."""
    global THREADS, _blas_limit
    THREADS = n
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_limits
        _blas_limit = threadpool_limits(limits=n, user_api="blas")   # in force until the process ends


_blas_limit = None


@contextlib.contextmanager
def claim_out_dir(files, cfg, ranks):
    """Before any work, on rank 0: out_dir takes files, its run lock is held (only rank 0 takes it, or the ranks
    would block each other), and there is nothing resume = False would overwrite."""
    with contextlib.ExitStack() as held:
        with ranks.together():
            if ranks.rank == 0:
                check_out_dir(files.folder)
                held.enter_context(one_run_at_a_time(files))
                if files.latest.exists() and not cfg.resume:    # before preparing the data, which can take minutes
                    raise SlmError(f"{files.latest} exists and resume = False: set resume = True to continue it, "
                                   f"or choose a new out_dir to start fresh (nothing was overwritten)")
        yield


def prepare_data_in_turn(ranks, cfg, log=print):
    """prepare_data on every rank: rank 0 first, then the first rank of each other machine, then the rest (who find
    the token files ready), so no two ranks build the same files at once. Every rank must end with the same tokens."""
    data = None
    for turn in (lambda: ranks.rank == 0, lambda: ranks.rank != 0 and ranks.local_rank == 0,
                 lambda: ranks.local_rank != 0):
        with ranks.together(bounded=False):     # preparing TinyStories can take a while
            if turn():
                data = prepare_data(cfg, log)
        if ranks.alone:
            return data
    mine = (hashlib.sha256(data.tokenizer_json.encode()).hexdigest(), len(data.train), len(data.val))
    with ranks.together():
        if any(other != mine for other in ranks.collect(mine, "the check of every rank's tokens")):
            raise SlmError(f"the ranks prepared different tokens from data = {cfg.data!r}: give every machine the "
                           f"same data files (or one shared folder)")
    return data


def start_on_every_rank(ranks, cfg, files, data, log=print):
    """(params, m, v, RunState) on every rank: rank 0 starts or resumes (start_or_resume) and shares it. Under ZeRO-1
    m and v are this rank's part only, and params is a view into a buffer padded to whole parts."""
    if ranks.alone:
        return start_or_resume(cfg, files, data, log)
    lead = ranks.rank == 0
    params = m = v = state = None
    with ranks.together():
        if lead:
            params, m, v, state = start_or_resume(cfg, files, data, log)
    meta = ranks.share(state.to_meta() if lead else None)
    state = state if lead else RunState.from_meta(meta, cfg)
    n = n_params(cfg)
    whole = xp.zeros(ranks.chunk(n) * ranks.size if ranks.zero else n, dtype="float32")
    if lead:
        whole[:n] = params
    ranks.share_array(whole)
    params = whole[:n]
    ranks.params_buffer = whole
    if ranks.zero:
        m, v = (ranks.scatter_array_parts(a, n, "float32") for a in (m, v))
    else:
        m, v = (a if lead else xp.empty(n, dtype="float32") for a in (m, v))
        ranks.share_array(m, "rank 0's moments")
        ranks.share_array(v, "rank 0's moments")
    return params, m, v, state


def gradient_buffer(ranks, params):
    """The flat gradient buffer, zeroed. Under several ranks it is a view into the buffer the collective sums, whose
    tail carries the step's loss and stop flag (and, under ZeRO-1, padding up to whole parts)."""
    if ranks.alone:
        return xp.zeros_like(params)
    n = len(params)
    ranks.wire = xp.zeros((len(ranks.params_buffer) if ranks.zero else n) + 2, dtype=params.dtype)
    return ranks.wire[:n]


def rank_slice(ranks, batch):
    """This rank's rows of the micro-batch every rank drew: (B, T+1) -> (B/N, T+1)."""
    per = len(batch) // ranks.size
    return batch[ranks.rank * per:(ranks.rank + 1) * per]


def sum_over_ranks(ranks, grads, step_loss, stop):
    """The step's one collective: the gradients summed over the ranks (each rank's were already scaled by its share
    of the batch), with the step's loss and the stop flag at the buffer's end; under ZeRO-1 a reduce-scatter, each
    rank getting its own part. Returns the step's loss over the whole batch; raises stop.signal on every rank after
    the same step when any rank was asked to stop."""
    if ranks.alone:
        return step_loss
    tail = ranks.wire[-2:]
    tail[0] = step_loss / ranks.size
    tail[1] = signal.Signals[stop.pending].value if stop.pending else 0
    if ranks.zero:
        ranks.sum(tail, "the step's loss and stop flag")
        ranks.sum_parts(ranks.wire[:-2])
        if ranks.dtype == "float16":   # the loss scaler's verdict, from every part: a bad part poisons every rank
            lo, hi = ranks.part(len(grads))
            if ranks.sum_number(int(not bool(xp.isfinite(grads[lo:hi]).all())), "the float16 overflow check"):
                grads[0] = numpy.nan
    else:
        ranks.sum(ranks.wire)
    stop.agree(float(tail[1]))
    return tail[0].copy()


def zero_step(ranks, params, grads, m, v, decays, step, lr, max_norm, scratch):
    """ZeRO-1's optimizer step, optimizer_step on this rank's part: the l2 term (decay_mode "l2"), clipping by the
    global norm (its square summed over the parts), AdamW with its part of the moments, then every part of the weights
    from its owner. decays: from mode_decays. Returns the norm before clipping."""
    lo, hi = ranks.part(len(params))
    g = grads[lo:hi]
    into_gradient, decoupled = decays
    if into_gradient is not None:
        add_l2_gradient(g, params[lo:hi], into_gradient[lo:hi], scratch[lo:hi])
    squares = ranks.sum_number(to_host(xp.dot(g, g)), "the clip norm")   # in g's dtype, as clip_gradients
    norm = float(numpy.sqrt(squares))
    if max_norm > 0:
        coef = max_norm / (norm + 1e-6)
        if coef < 1.0:
            g *= g.dtype.type(coef)
    adamw_step(params[lo:hi], g, m[:hi - lo], v[:hi - lo], decoupled[lo:hi], step, lr, scratch=scratch[lo:hi])
    ranks.gather_parts(ranks.params_buffer)
    return norm


def mean_over_ranks(ranks, window_usage):
    """The ReLU measures of the log window, averaged over the ranks (each measured its slice; relu_units is then the
    ranks' mean share of units firing in their slice): [(2, n_layer) array]."""
    if ranks.alone:
        return window_usage
    mine = to_host(xp.stack(window_usage).mean(axis=0)).astype(numpy.float64)
    return [to_device(ranks.sum_number(mine, "the ReLU usage's average") / ranks.size)]


def evaluate_over_ranks(ranks, P, cfg, windows):
    """evaluate() over the validation windows, each rank taking its share of them and the sums reduced."""
    if ranks.alone:
        return evaluate(P, cfg, windows)
    n = len(windows)
    lo, hi = n * ranks.rank // ranks.size, n * (ranks.rank + 1) // ranks.size
    return ranks.sum_number(evaluate(P, cfg, windows[lo:hi]) * (hi - lo), "the validation loss") / max(n, 1)


def save_checkpoints(ranks, files, cfg, params, m, v, meta, is_best):
    """latest.safetensors (and best.safetensors when is_best), written by rank 0 with the whole state: under ZeRO-1
    the moments' parts are gathered first. A failed save (a full disk) ends every rank with its one line."""
    if ranks.zero:
        m, v = (ranks.gather_array_parts(a, len(params)) for a in (m, v))
    with ranks.together():
        if ranks.rank == 0:
            save_checkpoint(files.latest, cfg, params, m, v, meta)
            if is_best:
                save_checkpoint(files.best, cfg, params, m, v, meta)


# ====================================================================================================
# Appendix F. commands and the __main__ block
# ====================================================================================================

USAGE = """usage: python slm.py [command] [--name=value ...]
  (no command)           train when config.py says train = True, else write a story
  train                  train on cfg.data, saving checkpoints in out_dir
  write [SEED] [N]       write a story that starts with SEED, N tokens at most (default: 'Once upon a time' 200)
  eval [--data=FILE]     score the checkpoint on a text: nats per token and bits per UTF-8 byte (data = 'builtin':
                         the built-in validation split; 'tinystories': its validation file; or a .txt file / folder)
  serve                  serve the checkpoint at http://host:port/: a page to write stories in, and the OpenAI
                         completions API at /v1 (many readers at once); Ctrl-C stops
  export DIR             write the checkpoint (checkpoint, or out_dir/best.safetensors) as a Hugging Face GPT-2 folder
  import DIR             turn a Hugging Face GPT-2 folder (ReLU) into out_dir/latest.safetensors and best.safetensors
  plot                   draw out_dir/training.png from out_dir/log.jsonl (needs matplotlib)
  study                  train one model under 'alternating', 'uniform' and 'none' decay in out_dir/study/, then
                         print a table (usage, dead units, loss spikes) and draw out_dir/study/decay_study.png;
                         at most 600 steps, d_model 64, ctx 64 unless --max_steps, --d_model, --ctx are given;
                         --decay_mode=l2 runs it with the decay as coupled L2 (Adam's weight_decay)
flags: any setting of config.py, e.g. --lr=3e-4 --data=tinystories --temperature=0.7"""

COMMANDS = ("train", "write", "eval", "serve", "export", "import", "plot", "study")


def setup(argv):
    """Read config.py and the flags, pick the backend, print which. Returns (command or None, its words, the run's
    configuration, the names of the flags given on the command line)."""
    words = [a for a in argv if not a.startswith("--")]
    flags = [a for a in argv if a.startswith("--")]
    if "--help" in flags or "-h" in words:
        print(USAGE)
        raise SystemExit(0)
    command, args = (words[0], words[1:]) if words else (None, [])
    if command is not None and command not in COMMANDS:
        close = difflib.get_close_matches(command, COMMANDS, n=1)
        raise SlmError(f"unknown command {command!r}{f' (did you mean {close[0]}?)' if close else ''}: "
                       f"use one of {', '.join(COMMANDS)}, or none")
    cfg = make_config(flags)
    given = {f[2:].split("=", 1)[0] for f in flags}
    rank, size = launcher_ranks()
    if size > 1 and (command or ("train" if cfg.train else "write")) != "train":
        raise on_rank_0(SlmError(f"mpiexec started {size} ranks, but only training runs on several ranks: run "
                                 f"`python slm.py {command or 'write'}` without mpiexec"))
    backend = use_backend(cfg.device)
    if rank == 0:                                        # under mpiexec, rank 0 alone prints
        print("backend:", backend, flush=True)
    return command, args, cfg, given


def run_command(command, args, cfg, given=()):
    """One command of the command line, with the run's configuration and the flags given (the study keeps those)."""
    if command == "train":
        train(cfg)
    elif command == "write":
        if len(args) > 2:
            raise SlmError(f"write takes a seed and a token count, got {len(args)} words: quote the seed, "
                           f"python slm.py write \"Once upon a time\" 200")
        count = 200
        if len(args) == 2:
            if not args[1].isdigit():
                raise SlmError(f"the token count {args[1]!r} is not a whole number: python slm.py write \"...\" 200")
            count = int(args[1])
        write(args[0] if args else "Once upon a time", count, cfg)
    elif command == "eval":
        if args:
            raise SlmError(f"eval takes the text as --data=FILE, got {' '.join(args)!r}: "
                           f"python slm.py eval --data=stories.txt")
        eval(None, cfg)
    elif command == "serve":
        if args:
            raise SlmError(f"serve takes no words, got {' '.join(args)!r}: give flags, e.g. python slm.py serve "
                           f"--port=8000 --host=127.0.0.1")
        import slm_serve
        slm_serve.serve(cfg)
    elif command == "export":
        if len(args) != 1:
            raise SlmError("export takes one folder to write: python slm.py export hf_model "
                           "(the checkpoint: --checkpoint=..., or out_dir/best.safetensors)")
        import slm_hf
        slm_hf.export_hf(checkpoint_path(cfg), args[0])
    elif command == "import":
        if len(args) != 1:
            raise SlmError("import takes one folder to read: "
                           "python slm.py import hf_model --out_dir=checkpoints/imported")
        import slm_hf
        slm_hf.import_command(args[0], cfg)
    elif command in ("plot", "study"):
        if args:
            raise SlmError(f"{command} takes no words, got {' '.join(args)!r}: choose the folder with "
                           f"--out_dir=..., e.g. python slm.py {command} --out_dir=checkpoints")
        import slm_study
        if command == "plot":
            print(f"drew {slm_study.plot_training(cfg.out_dir, cfg.relu_zone)}")
        else:
            slm_study.study(cfg, given)


@contextlib.contextmanager
def friendly_errors():
    """Problems the user can fix end the program with one line, never a traceback."""
    try:
        yield
    except SlmError as e:                       # DataError too: it is one
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(1)
    except KeyboardInterrupt:
        print("\nstopped (nothing was being saved).", file=sys.stderr)
        raise SystemExit(130)
    except MemoryError:
        print("error: out of memory: lower batch_size or ctx (or d_model)", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    with friendly_errors():
        command, args, cfg, given = setup(sys.argv[1:])   # config.py, then --name=value flags; prints the backend
        if command:
            run_command(command, args, cfg, given)
        elif cfg.train:
            train(cfg)
        else:
            write("Once upon a time", 200, cfg)            # <- your seed text, and how many tokens to write
