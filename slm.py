"""slm: a small language model for children's stories, written by hand in NumPy and CuPy.

Every forward and backward pass is written out below; there is no autograd. This file is the core, top to bottom:
  1. backend       - xp is CuPy on an NVIDIA GPU, else NumPy; host <-> device copies are explicit; the module state;
                     the kernel registry the fast paths plug into
  2. configuration - config.py, then --name=value flags, checked with one-line errors
  3. stories and tokens - lives in data/ (data/stories.py, data/tokens.py); imported here
  4. layers        - forward/backward pairs, side by side, with a shape legend
  5. model         - parameters as named views into one flat buffer; one forward (training, and writing with a KV
                     cache) and its backward
  6. optimizer     - AdamW over the flat buffer with a per-element decay vector (the alternating decay); float16's
                     loss scale
  7. checkpoints   - safetensors, atomic writes, the run's state and files, safe stop on Ctrl-C, exact resume
  8. train         - the ranks interface (one process here), and the loop: learning rate, micro-batches, one
                     reduce, clip and step, log, save
  9. write         - KV-cached sampling, streaming to the terminal; eval
 10. commands      - the command line, and the __main__ block with its write("Once upon a time", 200) line last
The optional parts are modules beside it, each loaded only when it is used; a reader who wants the transformer
needs none of them:
  slm_cuda.py (+ slm_cuda.cu)   fused CUDA kernels for CuPy, registered after checking against section 4
  slm_numba.py                  fused CPU kernels (numba), registered the same way
  slm_study.py                  training.png, and the decay study (alternating vs uniform vs no decay)
  slm_hf.py                     export to / import from a Hugging Face GPT-2 folder
  slm_ranks.py                  `mpiexec -n N python slm.py`: MPI, NCCL, ZeRO-1 behind section 8's interface
  slm_serve.py (+ .html)        `python slm.py serve`: the OpenAI completions API and a page, continuous batching
docs/ has a page for each; README.md is the front door.

Run `python slm.py` (config.py decides: train, or write a story),
or `python slm.py train|write|eval|serve|export|import|plot|study`.
"""
import ast
import contextlib
import dataclasses
import difflib
import json
import math
import os
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

from data.tokens import (  # noqa: E402
    DATA_DIR,
    EOT,
    MAX_VOCAB,
    MIN_VOCAB,
    SEPARATORS,
    SlmError,
    decode,
    encode,
    prepare,
    read_stories,
    remove_stale_temps,
    sample_batch,
    story_sources,
    tokenizer_from_json,
    val_windows,
    write_atomically,
)

# ====================================================================================================
# 1. backend
# ====================================================================================================
# `xp` is the array module every layer uses: numpy, or cupy when a CUDA device answers. The code below uses only what
# both share, so one code path serves both. Data lives on the host (memmaps, tokenizer) and crosses to the device on
# purpose through to_device / to_host.
#
# The module state slm keeps, all of it here (everything else a function needs comes in as an argument):
#   xp, BACKEND   the array module and the line that says which and why (use_backend sets both)
#   KERNELS       the kernel registry: the fast paths that passed their self-check, per layer, array module and dtype
#                 (slm_cuda.py and slm_numba.py register them; kernel() hands them to the layers)
#   THREADS       CPU threads for the batch shards and split_rows (one per core, or OMP_NUM_THREADS when lower;
#                 ranks that share a machine split its cores: use_threads)
# and what changes no result: the thread pool, reference_layers' switch, write()'s loaded models, and which start-up
# lines were said.
#
# The parts beside this file (slm_cuda, slm_numba, slm_study, slm_hf, slm_ranks, slm_serve) reach the core by
# `import slm`. Under `python slm.py` this file runs as the module __main__, and the lines after HERE above register
# it as `slm` too, so every part shares this one state instead of importing a second copy.

xp = numpy
BACKEND = "numpy (not chosen yet)"
KERNELS = {}      # (layer, array module, dtype name) -> (kernel, accepts or None); see kernel()
_plain = False    # reference_layers(): every layer runs its own code, whatever is registered


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


# --- the kernel registry ------------------------------------------------------------------------------------------
# A fast path does one layer's work in one pass: slm_cuda.py's CUDA kernels on CuPy, slm_numba.py's compiled loops on
# NumPy. A kernel module checks each kernel against the layer's own code in section 4 (reference_layers) and
# registers only those that agree, per array module and dtype. A layer asks kernel(name, *arrays): it gets the
# kernel, or None and runs its own plain code. The layers never name a backend.

KERNEL_MODULES = {"numpy": "slm_numba", "cupy": "slm_cuda"}    # xp's name -> the part that holds its kernels


def register(layer, module, dtype, function, accepts=None):
    """function does `layer`'s work on arrays of `module` (numpy, cupy) and dtype; it passed its self-check.
    accepts(*arrays): a further condition on the arrays (a kernel's largest row, say), or None."""
    KERNELS[(layer, module, numpy.dtype(dtype).name)] = (function, accepts)


def unregister(module, dtypes=None, layers=None):
    """Take the kernels for module (of the given dtypes and layers, default all) out of the registry."""
    for key in [k for k in KERNELS if k[1] is module and (dtypes is None or k[2] in dtypes)
                and (layers is None or k[0] in layers)]:
        del KERNELS[key]


def kernel(layer, *arrays):
    """The registered kernel for `layer` on these arrays, or None: one passed its self-check for xp and the first
    array's dtype, every array is C-contiguous and of that dtype, and the kernel accepts them."""
    if not KERNELS or _plain:
        return None
    dtype = arrays[0].dtype
    entry = KERNELS.get((layer, xp, dtype.name))
    if entry is None or not all(a.dtype == dtype and a.flags.c_contiguous for a in arrays):
        return None
    function, accepts = entry
    return function if accepts is None or accepts(*arrays) else None


def use_kernels(cpu_kernels="auto", log=print, dtypes=("float32",), decode=False):
    """Load the kernel module for xp and let it check and register its kernels: on CuPy slm_cuda, for dtypes; on
    NumPy slm_numba, as the cpu_kernels flag says ('auto', 'numba', or 'numpy': none), for dtypes[0], with writing's
    decode step too when decode (training leaves it off, so its first run does not compile it). Returns whether
    they are on; the module says so in one line through log."""
    import importlib
    part = importlib.import_module(KERNEL_MODULES.get(getattr(xp, "__name__", ""), "slm_cuda"))
    return part.enable(log=log, dtypes=dtypes, mode=cpu_kernels, decode=decode)


@contextlib.contextmanager
def reference_layers():
    """Within the block every layer runs its own code on host (NumPy) arrays, whatever xp is and whatever kernels
    are registered: what the kernel modules check their kernels against."""
    global xp, _plain
    saved, (xp, _plain) = (xp, _plain), (numpy, True)
    try:
        yield
    finally:
        xp, _plain = saved


def use_threads(n):
    """CPU threads for this process: n for the batch shards and split_rows, and BLAS held to n (ranks that share a
    machine split its cores). In force until the process ends."""
    global THREADS, _pool
    THREADS, _pool = n, None
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_limits
        _blas_limits.append(threadpool_limits(limits=n, user_api="blas"))


_blas_limits = []   # use_threads' BLAS limits, kept alive


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
    "grad_clip": float, "label_smoothing": float, "smoothing_prior": ("unigram", "uniform"),
    "seed": int, "dtype": ("float32", "float16"), "tf32": bool,
    "decay_schedule": "schedule", "odd_layer_decay": float, "embed_decay": float, "decay_mode": ("decoupled", "l2"),
    "relu_zone": "zone", "relu_patience": int,
    "log_every": int, "checkpoint_every": int, "eval_windows": int, "out_dir": str, "resume": bool, "plot": bool,
    "init_from": str, "finetune_lr": float, "finetune_min_lr": float, "finetune_warmup_steps": int,
    "finetune_max_steps": int, "finetune_replay": float,
    "zero": bool, "comm": ("auto", "mpi", "nccl"), "rank_timeout": float,
    "checkpoint": str, "temperature": float, "top_k": int, "top_p": float, "sample_seed": int, "stop_at_end": bool,
    "n_samples": int,
    "host": str, "port": int, "api_key": str, "serve_slots": int, "serve_max_tokens": int, "serve_max_n": int,
    "serve_max_body": int, "serve_max_waiting": int, "serve_timeout": float,
}
# Flags that fix the shape of the model (and its tokens): a checkpoint only fits a config that agrees on these.
SHAPE_FLAGS = ("n_layer", "d_model", "n_head", "ctx", "vocab_size")
# Flags a checkpoint does not keep: the key is a secret, and the rest belong to this machine or this server, not to the
# model. A checkpoint records the model, data, training and sampling settings it needs to resume, write and export.
LOCAL_FLAGS = ("api_key", "host", "port", "serve_slots", "serve_max_tokens", "serve_max_n", "serve_max_body",
               "serve_max_waiting", "serve_timeout", "device", "rank_timeout", "checkpoint")
SECRET_FLAGS = ("api_key",)   # never printed: a message names the flag, not its value
# With init_from, config.py's finetune_* values stand in for these (a flag given on the command line still wins).
FINETUNE_FLAGS = ("lr", "min_lr", "warmup_steps", "max_steps")


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

    def wrong(expected):                                # a key is never printed, even a wrong one
        return SlmError(f"{name} = {'(hidden)' if name in SECRET_FLAGS else repr(value)} in {where} must be "
                        f"{expected}: fix {name}")
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
    given = set(overrides)
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
        given.add(name)
    for name, value in overrides.items():
        if name not in FLAG_KINDS:
            raise SlmError(f"unknown flag {name}{nearest_flag(name)}: see config.py for the flags")
        checked[name] = check_flag(name, value, "the call")
    if checked["init_from"]:                   # fine-tuning: its own schedule, and the shape of the checkpoint
        checked.update({n: checked[f"finetune_{n}"] for n in FINETUNE_FLAGS if n not in given})
    cfg = SimpleNamespace(**checked)
    if cfg.init_from:
        cfg = follow_init_from(cfg, given, strict=False)
    validate(cfg)
    return cfg


MOST_PARAMS = 1 << 31   # a float32 model of more would not fit a machine slm trains on (8 GiB of weights alone)


def check_model_settings(cfg, where="config.py or the flags", least_vocab=MIN_VOCAB):
    """The shape flags' checks (each a one-line SlmError), made before anything of that size is allocated: the flags,
    and the settings a checkpoint or a Hugging Face folder brings (where: which file). least_vocab: the smallest
    vocab_size taken (a tokenizer slm trains has at least MIN_VOCAB tokens; a checkpoint's own is checked on load)."""
    for name in SHAPE_FLAGS:
        value = getattr(cfg, name, None)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SlmError(f"{name} = {value!r} in {where} must be a whole number, at least 1")
    if cfg.d_model % cfg.n_head:
        raise SlmError(f"d_model = {cfg.d_model} must divide by n_head = {cfg.n_head} ({where}): change one of them")
    if not least_vocab <= cfg.vocab_size <= MAX_VOCAB:
        raise SlmError(f"vocab_size = {cfg.vocab_size} in {where} must be between {least_vocab}"
                       f"{f' (256 bytes and {EOT})' if least_vocab == MIN_VOCAB else ''} and {MAX_VOCAB} (what uint16 "
                       f"tokens hold)")
    if n_params(cfg) > MOST_PARAMS:
        raise SlmError(f"n_layer = {cfg.n_layer}, d_model = {cfg.d_model}, ctx = {cfg.ctx} and vocab_size = "
                       f"{cfg.vocab_size} in {where} make {n_params(cfg):,} parameters, more than slm takes "
                       f"({MOST_PARAMS:,}): choose a smaller model")


def follow_init_from(cfg, given=(), strict=True):
    """cfg with the shape flags (SHAPE_FLAGS) of init_from's checkpoint: a fine-tune has the model's shape. A shape
    flag in `given` (set on the command line or in the call) that says otherwise is a one-line SlmError. strict=False
    leaves cfg as it is when the checkpoint cannot be read (train() says why in one line; other commands don't use
    it)."""
    try:
        path = init_checkpoint(cfg.init_from)
        _, ckpt_cfg = read_checkpoint_header(path, f"init_from = {cfg.init_from!r}")
    except SlmError:
        if strict:
            raise
        return cfg
    diffs = [k for k in SHAPE_FLAGS if k in given and getattr(cfg, k) != getattr(ckpt_cfg, k)]
    if diffs:
        raise SlmError(f"init_from = {cfg.init_from!r} holds a model with "
                       f"{', '.join(f'{k}={getattr(ckpt_cfg, k)}' for k in diffs)}, but "
                       f"{' '.join(f'--{k}={getattr(cfg, k)}' for k in diffs)} was given: a fine-tune keeps its "
                       f"checkpoint's shape; leave {' '.join(f'--{k}' for k in diffs)} out")
    return SimpleNamespace(**{**vars(cfg), **{k: getattr(ckpt_cfg, k) for k in SHAPE_FLAGS}})


def validate(cfg):
    """Checks between flags and of ranges, each a one-line SlmError."""
    def need(ok, message):
        if not ok:
            raise SlmError(message)
    for name in ("n_layer", "d_model", "n_head", "ctx", "batch_size", "grad_accum", "max_steps", "log_every",
                 "checkpoint_every", "eval_windows", "relu_patience", "n_samples"):
        need(getattr(cfg, name) >= 1, f"{name} = {getattr(cfg, name)} must be at least 1")
    check_model_settings(cfg)
    need(0 < cfg.val_fraction < 1, f"val_fraction = {cfg.val_fraction} must be between 0 and 1, like 0.01")
    need(cfg.lr > 0 and cfg.min_lr >= 0, "lr must be above 0 and min_lr at least 0")
    need(cfg.warmup_steps >= 0 and cfg.grad_clip >= 0, "warmup_steps and grad_clip must be at least 0")
    need(0 <= cfg.label_smoothing < 1, f"label_smoothing = {cfg.label_smoothing} must be at least 0 (plain "
         f"cross-entropy) and below 1, like 0.1")
    need(cfg.finetune_lr > 0 and cfg.finetune_min_lr >= 0 and cfg.finetune_warmup_steps >= 0
         and cfg.finetune_max_steps >= 1, "finetune_lr must be above 0, finetune_min_lr and finetune_warmup_steps at "
         "least 0, finetune_max_steps at least 1")
    need(0 <= cfg.finetune_replay < 1, f"finetune_replay = {cfg.finetune_replay} must be at least 0 (no replay) and "
         f"below 1, like 0.5")
    need(cfg.odd_layer_decay >= 0 and cfg.embed_decay >= 0, "odd_layer_decay and embed_decay must be at least 0")
    need(not (cfg.cpu_kernels == "numba" and cfg.device == "gpu"), "cpu_kernels = 'numba' insists on the CPU's "
         "kernels but device = 'gpu' trains on the GPU: set device = 'cpu' (or 'auto'), or cpu_kernels = 'auto'")
    need(cfg.rank_timeout > 0, f"rank_timeout = {cfg.rank_timeout} must be above 0 (seconds), like 600")
    if isinstance(cfg.decay_schedule, list):
        need(len(cfg.decay_schedule) == cfg.n_layer, f"decay_schedule lists {len(cfg.decay_schedule)} values but "
             f"n_layer = {cfg.n_layer}: give one decay per layer")
    need(cfg.temperature == 0 or cfg.temperature >= 1e-6, f"temperature = {cfg.temperature} must be 0 (greedy) or "
         f"at least 1e-6 (a smaller one overflows the division of the logits)")
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
# Fast paths: a layer first asks kernel() (section 1) for a checked kernel that does its work, and otherwise runs
# the plain array code below, which is the reference every kernel is checked against.
#
# float16 (training with dtype = "float16"): the activations and the weights they meet are float16, the gradient
# views float32 (the master weights' own). What float16 cannot hold is taken in float32 and only the result rounded,
# as slm_cuda's kernels do: LayerNorm's statistics (rstd stays float32), the softmax's and the loss's sums, and every
# sum over rows into a parameter gradient (wide() names the dtype).

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
    if fast := kernel("layernorm_forward", x, g, b):
        return fast(x, g, b, eps)
    if x.dtype == numpy.float16:
        half = numpy.float16
        out, (xhat, rstd) = layernorm_forward(x.astype(numpy.float32), g.astype(numpy.float32),
                                              b.astype(numpy.float32), eps)
        return out.astype(half), (xhat.astype(half), rstd)
    xhat = x - row_mean(x)
    rstd = 1.0 / xp.sqrt(row_mean(xhat * xhat) + eps)   # (B, T, 1)
    xhat *= rstd
    out = xhat * g
    out += b
    return out, (xhat, rstd)


def layernorm_backward(dout, cache, g, dg, db):
    """dout (B, T, C) -> dx (B, T, C); adds into dg, db (C)."""
    if fast := kernel("layernorm_backward", dout, cache[0], g):
        return fast(dout, cache, g, dg, db)
    if dout.dtype == numpy.float16:                  # in float32, the result rounded once
        xhat, rstd = cache
        f32 = numpy.float32
        return layernorm_backward(dout.astype(f32), (xhat.astype(f32), rstd), g.astype(f32), dg, db).astype(dout.dtype)
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
    if kv is None and pos == 0 and (fast := kernel("attention_forward", qkv)):
        return fast(qkv, n_head)                    # a kernel's cache carries its own backward (attention_backward)
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
        if fast := kernel("softmax_causal", att):   # (q is scaled, not the scores: (T, D) is smaller than (T, T))
            fast(att)                                # query r sees keys 0 .. r + (p + e) - (e - a)
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
    in float32 and rounded once, as slm_cuda's kernel does."""
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
    if not isinstance(cache, tuple):                # a kernel's forward made it: it knows its own backward
        return cache.backward(dy)
    q, k, v, atts, y = cache
    B, H, T, D = q.shape
    dy = dy.reshape(B, T, H, D)
    fast = kernel("softmax_causal_backward", *atts)                # a kernel sums the rows itself
    if not fast:                                                   # (B, H, T, 1): sum_j datt_j att_j per query
        rowdot = (dy * y).sum(axis=-1, dtype=wide(dy)).transpose(0, 2, 1)[..., None]
    dy = dy.transpose(0, 2, 1, 3)                                  # (B, H, T, D)
    dqkv = xp.zeros((B, T, 3, H, D), dtype=dy.dtype)
    dq, dk, dv = (dqkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))   # (B, H, T, D) views into dqkv
    cuts = [0] + [att.shape[-1] for att in atts]           # the blocks' query ranges, as attention_blocks cut them
    for a, e, att in zip(cuts, cuts[1:], atts):
        dyb = dy[:, :, a:e]                                # (B, H, e - a, D)
        dpre = matmul(dyb, v[:, :, :e].transpose(0, 1, 3, 2))   # d(att), (B, H, e - a, e)
        dv[:, :, :e] += matmul_tn(att, dyb)                # att^T dy: the (T, T) att is never copied
        if fast:
            fast(att, dpre, 1.0, out=dpre)
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
    if fast := kernel("bias_relu", out, b):
        return fast(out, b)
    out += b
    return xp.maximum(out, 0, out=out)


def relu_backward(dout, a):
    """dout (B, T, F), a = relu output -> dh (B, T, F), in place over dout; the gradient passes where the unit fired."""
    if fast := kernel("relu_backward", dout, a):
        return fast(dout, a)
    dout *= a > 0
    return dout


def cross_entropy_forward(logits, targets):
    """logits (B, T, V), targets (B, T) -> mean loss in nats/token, and the cache for the backward.

    log-sum-exp with the max subtracted, so large logits never overflow. Rows are independent, so they are split
    across the CPU's cores (the exp over B*T*V values is the costliest elementwise pass of a step).
    """
    if fast := kernel("cross_entropy_forward", logits):
        return fast(logits, targets)
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


def cross_entropy_backward(cache, targets, scale=1.0, smoothing=0.0, prior=None):
    """The fused softmax + cross-entropy backward: (softmax - one_hot(targets)) / (B*T), shape (B, T, V), made in
    place over the forward's buffer (it is used once). scale multiplies the result (the float16 loss scale).

    smoothing (label smoothing): the target is the one-hot times (1 - smoothing) plus smoothing times prior, a
    (V,) distribution (the training text's token frequencies: unigram_prior), or smoothing / V for every token when
    prior is None (torch's CrossEntropyLoss(label_smoothing=smoothing)); the gradient is (softmax - target) / (B*T).
    The model learns to keep some probability on other tokens, never betting everything on the one its corpus has."""
    exps, total = cache
    B, T, V = exps.shape
    flat, factor = exps.reshape(B * T, V), scale / ((B * T) * total.reshape(B * T, 1))
    floor = (smoothing * scale / ((B * T) * V) if prior is None else (smoothing * scale / (B * T)) * prior) \
        if smoothing else 0

    def rows(a, b):
        flat[a:b] *= factor[a:b]                                          # softmax / (B*T), one pass
        if smoothing:
            flat[a:b] -= floor
    split_rows(rows, B * T, exps.size)
    flat[xp.arange(B * T), targets.reshape(-1)] -= (1.0 - smoothing) * scale / (B * T)
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
    """The parameters of param_shapes(cfg), counted without listing them (so a huge n_layer costs nothing here):
    the embeddings, 12 C^2 + 13 C a block, the final LayerNorm."""
    C = cfg.d_model
    return (cfg.vocab_size + cfg.ctx) * C + cfg.n_layer * (12 * C * C + 13 * C) + 2 * C


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
    smoothing: float = 0.0      # label smoothing of the loss's gradient (cross_entropy_backward), towards prior
    prior: object = None        # (V,) on the device, or None: every token alike
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


def forward(P, cfg, idx, targets=None, kv=None, pos=0, last=None, loss_scale=1.0, smoothing=0.0, prior=None):
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
    smoothing, prior: with targets, the gradient is the label-smoothed loss's (cross_entropy_backward); the loss
    returned stays the plain cross-entropy, the number validation reports, so the two compare.
    """
    decode = kv is not None and idx.shape[1] == 1 and targets is None and last is None    # writing's decode step
    if decode and (fast := kernel("decode_step", P["wte"], kv.keys[0])):
        return fast(P, cfg, idx, kv, pos), None, None, None                # a whole layer a call
    cache = ForwardCache(idx=idx, targets=targets, layers=[], loss_scale=loss_scale, smoothing=smoothing,
                         prior=prior)
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
    fused_loss = kernel("cross_entropy_and_backward", logits) if targets is not None else None
    if fused_loss:
        # one kernel makes the loss and d(logits) over the logits' own buffer: the logits are gone afterwards
        loss, cache.dlogits = fused_loss(logits, targets, loss_scale, smoothing, prior)
        logits = None
    elif targets is not None and logits.dtype == numpy.float16:
        # as the kernel: the loss and the scaled d(logits) in float32, d(logits) rounded once over the logits
        loss, wider = cross_entropy_forward(logits.astype(numpy.float32), targets)
        logits[...] = cross_entropy_backward(wider, targets, loss_scale, smoothing, prior)
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
        dlogits = cross_entropy_backward(cache.loss, cache.targets, cache.loss_scale, cache.smoothing, cache.prior)
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


def forward_backward(P, G, grads, cfg, batch, loss_scale=1.0, shards=None, prior=None):
    """Forward and backward of one micro-batch: batch (B, T+1) ints on the device. Adds the gradient of its mean loss
    (times loss_scale) into the flat grads (G: its views). Returns (loss, relu (2, n_layer)): relu_measures over the
    whole micro-batch, row 0 relu_usage, row 1 relu_units. The loss's gradient is label-smoothed by
    cfg.label_smoothing towards prior (smoothing_prior(); None: every token alike).

    shards: from batch_shards(): the batch is cut into len(shards) parts run at once in threads (call inside
    blas_threads(1)). Each part's backward is scaled by its share of the batch (through loss_scale), so the shards'
    gradients add up to the whole batch's mean: the first shard adds into grads itself, the others into their own
    buffers, summed into grads afterwards.
    """
    if not shards:
        _, loss, cache, _ = forward(P, cfg, batch[:, :-1], batch[:, 1:], loss_scale=loss_scale,
                                    smoothing=cfg.label_smoothing, prior=prior)
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
            _, loss, cache, _ = forward(P, cfg, part[:, :-1], part[:, 1:], loss_scale=loss_scale * shares[k],
                                        smoothing=cfg.label_smoothing, prior=prior)
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


def unigram_prior(tokens, vocab_size):
    """(vocab_size,) float64: each token's share of tokens (ints), one count added to every token so none is 0."""
    counts = numpy.bincount(numpy.asarray(tokens), minlength=vocab_size)[:vocab_size] + 1.0
    return counts / counts.sum()


def smoothing_prior(cfg, tokens):
    """What label smoothing spreads its share over: with smoothing_prior = "unigram", the training tokens'
    frequencies (float32, on the device); None for "uniform" (every token alike) or no smoothing."""
    if not cfg.label_smoothing or cfg.smoothing_prior == "uniform":
        return None
    return to_device(unigram_prior(tokens, cfg.vocab_size).astype(numpy.float32))


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
    if fast := kernel("adamw_step", params, grads, m, v, decay):
        return fast(params, grads, m, v, decay, step, lr, beta1, beta2, eps, skip)   # the kernel reads skip itself
    if skip is not None and bool(skip[0]):
        return
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
    gradient's norm before clipping (the l2 term included). skip: from LossScale.unscale: None; True, the step is
    skipped (and None returned); or a 1-element device flag (DeviceScaler.check): when it is nonzero the weights and
    moments stay as they are (the fused AdamW reads it on the GPU)."""
    if skip is True:                                 # the host's float16 check found an overflow (HostScaler)
        return None
    into_gradient, decoupled = decays
    if into_gradient is not None:
        add_l2_gradient(grads, params, into_gradient, scratch)
    norm = clip_gradients(grads, max_norm)
    adamw_step(params, grads, m, v, decoupled, step, lr, scratch=scratch, skip=skip)
    return norm


# --- float16's loss scale ---------------------------------------------------------------------------------------
# float16 gradients underflow unless the loss is multiplied by a large scale before the backward; the step then divides
# it out again (unscale) and skips the update when the gradients overflowed, halving the scale. The loop asks one
# LossScale for both, whatever the run: a float32 run's scale is 1, the GPU keeps float16's on the device.

class LossScale:
    """The loss scale of a float32 run: 1. unscale() then only divides the micro-batches' summed gradients by
    grad_accum. scaler: the run state's {"scale", "good_steps", "skipped"} (checkpoints save it)."""
    device_state = None         # a device array the log line reads with its losses (DeviceScaler)

    def __init__(self, scaler):
        self.host = scaler

    @property
    def scale(self):
        """What the loss's gradient is multiplied by in the backward."""
        return self.host["scale"]

    def unscale(self, grads, accum, step, log=print):
        """grads /= accum * scale, in place. Returns optimizer_step's skip: None (take the step), True (skip it, on
        the host), or a device flag the update reads."""
        if accum > 1 or self.scale != 1.0:
            grads *= grads.dtype.type(1.0 / (accum * self.scale))
        return None

    def fold(self, values):
        """The device state as read at a log line -> the steps skipped since the last one (none here)."""
        return 0


class HostScaler(LossScale):
    """float16's dynamic loss scale checked on the host after each step (update_loss_scale): NumPy, and ZeRO-1."""

    def unscale(self, grads, accum, step, log=print):
        super().unscale(grads, accum, step, log)
        if update_loss_scale(self.host, grads):
            return None
        log(f"float16: gradients overflowed at step {step}; skipped the update, loss scale now {self.scale:g}")
        return True


class DeviceScaler(LossScale):
    """float16's dynamic loss scaling (update_loss_scale's rule) kept on the GPU, so a step never waits to learn
    whether its gradients overflowed: the scale, the clean steps in a row and the steps skipped since the last log
    line live in one device array; check() updates them on the device and hands AdamW a device flag that skips the
    update (the fused kernel reads it); the log line reads the array with its losses (read_window) and fold() brings
    it into the run state's scaler dict, which checkpoints save. ZeRO-1 keeps the host rule (its clip norm is read
    on the host anyway)."""

    def __init__(self, scaler, growth_interval=1000):
        super().__init__(scaler)
        self.growth_interval = growth_interval
        self.state = xp.asarray(numpy.array([scaler["scale"], scaler["good_steps"], 0.0], dtype=numpy.float32))
        self.device_state = self.state
        self.found = xp.zeros(1, dtype=xp.float32)      # 1.0: this step's gradients overflowed (AdamW skips)

    @property
    def scale(self):
        """The loss scale as a 0-d device array (it multiplies the loss's gradient, then unscales grads)."""
        return self.state[0]

    def unscale(self, grads, accum, step, log=print):
        grads *= (1.0 / (accum * self.scale)).astype(grads.dtype)    # on the device: the scale is a device value
        return self.check(grads)

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


def loss_scale(cfg, scaler, on_host=False):
    """The run's LossScale: float32's 1; float16's on the device on CuPy, else (NumPy, or on_host: ZeRO-1) checked
    on the host. scaler: the run state's dict."""
    if cfg.dtype != "float16":
        return LossScale(scaler)
    return DeviceScaler(scaler) if xp is not numpy and not on_host else HostScaler(scaler)


# ====================================================================================================
# 7. checkpoints
# ====================================================================================================
# A checkpoint is one safetensors file (opening it can't run code): the weights under their names, AdamW's moments as
# flat buffers, and in its metadata the config, the tokenizer and the run's state (RunState: step, best validation
# loss, ReLU-zone streaks, the float16 loss scaler, the batch sampler's random state). Files are written
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
    gloss_sum: float = 0.0           # training losses since the last checkpoint: GLoss = gloss_sum / gloss_count;
    gloss_count: int = 0             # not saved: every checkpoint is taken right after take_gloss() empties them
    init_from: dict = None           # a fine-tune's start: {"path", "step"} of init_from's checkpoint; None: fresh

    @classmethod
    def start(cls, cfg):
        scale = 2.0 ** 16 if cfg.dtype == "float16" else 1.0
        return cls(rng=numpy.random.default_rng(cfg.seed), relu_streak=[0] * cfg.n_layer,
                   scaler={"scale": scale, "good_steps": 0, "skipped": 0})

    def to_meta(self):
        return {"step": self.step, "best_val": self.best_val, "relu_streak": self.relu_streak,
                "scaler": self.scaler, "rng": self.rng.bit_generator.state, "init_from": self.init_from}

    @classmethod
    def from_meta(cls, meta, cfg):
        """The state a checkpoint saved. The loss scaler carries over only into another float16 run."""
        state = cls.start(cfg)
        state.rng.bit_generator.state = meta["rng"]
        state.step, state.best_val, state.relu_streak = meta["step"], meta["best_val"], meta["relu_streak"]
        if cfg.dtype == "float16" and "scaler" in meta:
            state.scaler = meta["scaler"]
        state.init_from = meta.get("init_from")
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
    model_cfg = {k: getattr(cfg, k) for k in FLAG_KINDS if k not in LOCAL_FLAGS}
    header = {"format": CHECKPOINT_FORMAT, "config": json.dumps(model_cfg)}
    header.update({k: json.dumps(val) for k, val in meta.items()})
    write_atomically(path, save(tensors, metadata=header))


def checkpoint_header(path, what, fix):
    """(meta, its config, {tensor name: shape}) from a checkpoint's header alone (no tensor data is read): a one-line
    SlmError naming `what` and ending in `fix` when the file is damaged or not an slm checkpoint (it is left as it is).
    The config's model settings are checked before anything of their size is made (check_model_settings)."""
    from safetensors import safe_open
    try:
        with safe_open(str(path), framework="numpy") as f:
            header = f.metadata() or {}
            shapes = {k: tuple(f.get_slice(k).get_shape()) for k in f.keys()}
    except Exception as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SlmError(f"{what} is damaged or not a safetensors file ({reason}): {fix}") from None
    if header.get("format") != CHECKPOINT_FORMAT:
        raise SlmError(f"{what} is not an slm checkpoint (format {header.get('format')!r}): {fix}")
    try:
        meta = {k: json.loads(val) for k, val in header.items() if k != "format"}
        ckpt_cfg = SimpleNamespace(**meta.pop("config"))
    except Exception as e:
        raise SlmError(f"{what} has an unreadable header ({type(e).__name__}: {e}): {fix}") from None
    check_model_settings(ckpt_cfg, what, least_vocab=1)      # before any list or array of that size is made
    return meta, ckpt_cfg, shapes


def check_tensor_shapes(shapes, cfg, what, fix, moments=True):
    """SlmError unless every tensor of cfg's model (and AdamW's moments) is there with its shape."""
    expected = {f"model.{n}": tuple(s) for n, s in param_shapes(cfg)}
    if moments:
        expected.update({"adam.m": (n_params(cfg),), "adam.v": (n_params(cfg),)})
    wrong = [name for name, shape in expected.items() if shapes.get(name) != shape]
    if wrong:
        raise SlmError(f"{what} is damaged: tensor {wrong[0]} is missing or has the wrong shape: {fix}")


def load_checkpoint(path):
    """(tensors {name: host array}, meta {key: value}, its config as a namespace). One-line SlmError when the file is
    missing, damaged or not an slm checkpoint; the file itself is never changed."""
    from safetensors import safe_open
    path = Path(path)
    if not path.is_file():
        raise SlmError(f"no checkpoint at {path}: train first (`python slm.py train`), "
                       f"or set checkpoint = 'path/to/file.safetensors'")
    what = f"checkpoint {path}"
    fix = "it was left as it is; set checkpoint or out_dir to another file, or move it away to start fresh"
    meta, ckpt_cfg, shapes = checkpoint_header(path, what, fix)
    check_tensor_shapes(shapes, ckpt_cfg, what, fix)
    try:
        with safe_open(str(path), framework="numpy") as f:
            tensors = {k: f.get_tensor(k) for k in f.keys()}
    except Exception as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SlmError(f"{what} is damaged or not a safetensors file ({reason}): {fix}") from None
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


def say_from_handler(line):
    """Print from a signal handler: the signal may land inside another write to the terminal, where a print raises
    (a reentrant call); the line is then lost, and nothing else is."""
    with contextlib.suppress(Exception):
        print(line, flush=True)


def init_checkpoint(init_from):
    """The checkpoint init_from names: a .safetensors file, or a folder (an out_dir: its best.safetensors, else its
    latest.safetensors). One-line SlmError when there is none."""
    path = Path(init_from).expanduser()
    if path.is_dir():
        if (path / "config.json").is_file() and (path / "model.safetensors").is_file():
            raise SlmError(f"init_from = {init_from!r} is a Hugging Face folder: import it first (python slm.py "
                           f"import {init_from} --out_dir=checkpoints/imported), then --init_from=checkpoints/imported")
        found = [p for p in (RunFiles(path).best, RunFiles(path).latest) if p.is_file()]
        if not found:
            raise SlmError(f"init_from = {init_from!r} is a folder without best.safetensors or latest.safetensors: "
                           f"give a trained out_dir (e.g. checkpoints) or a checkpoint file")
        return found[0]
    if not path.is_file():
        raise SlmError(f"init_from = {init_from!r}: no such checkpoint file or folder: give a trained out_dir "
                       f"(e.g. checkpoints) or a .safetensors file")
    return path


def read_checkpoint_header(path, named=None, fix="give another checkpoint"):
    """(meta, its config) from a checkpoint's header alone (the tensors' names and shapes are checked, their data is
    not read; it must hold a tokenizer): a one-line SlmError ending in `fix` when the file is damaged or not an slm
    checkpoint (it is left as it is). named: how the user gave it, for the message."""
    what, fix = (f"{named} ({path})" if named else str(path)), f"it was left as it is; {fix}"
    meta, ckpt_cfg, shapes = checkpoint_header(path, what, fix)
    if not isinstance(meta.get("tokenizer"), str):
        raise SlmError(f"{what} has an unreadable header (KeyError: 'tokenizer'): {fix}")
    check_tensor_shapes(shapes, ckpt_cfg, what, fix, moments=False)
    return meta, ckpt_cfg


class StopRequest:
    """Ctrl-C and SIGTERM only raise this flag; the training loop finishes the step in flight, saves, and returns.
    A second Ctrl-C while saving just raises it again, so the save can't be torn."""

    def __init__(self):
        self.signal = None
        self.previous = {}

    def _handle(self, signum, frame):
        first, self.signal = self.signal is None, signal.Signals(signum).name   # the flag first: the save counts
        if first:
            say_from_handler(f"\n[{self.signal}] finishing this step, then saving a checkpoint...")

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


def log_record(line):
    """One line of log.jsonl as its record, or None for a blank line or one torn by a kill mid-write."""
    with contextlib.suppress(ValueError):
        record = json.loads(line)
        if isinstance(record, dict):
            return record
    return None


def trim_log(path, step):
    """Drop log lines past `step` (from a run killed after its last checkpoint), so a resumed log reads straight."""
    if not path.exists():
        return
    lines = path.read_text().splitlines()
    kept = [ln for ln in lines if (record := log_record(ln)) is not None and record.get("step", 0) <= step]
    if len(kept) != len(lines):
        write_atomically(path, "".join(ln + "\n" for ln in kept).encode())


def relu_text(usage):
    return " ".join(f"{u:.2f}" for u in usage)


def prepare_data(cfg, log=print):
    """Tokenize cfg.data once (reused while nothing changes). Prepared files go under data/, or under the folder in
    the environment variable SLM_DATA_DIR. A fine-tune encodes with its checkpoint's tokenizer, takes windows shorter
    than ctx from a short text, and gets the tokens of the text its checkpoint learned as data.replay (None if not)."""
    tokenizer_json, start = fine_tune_start(cfg)
    data = prepare(cfg.data, vocab_size=cfg.vocab_size, ctx=cfg.ctx, val_fraction=cfg.val_fraction,
                   story_separator=cfg.story_separator, log=log, data_dir=data_folder(),
                   tinystories_mb=cfg.tinystories_mb, tokenizer_json=tokenizer_json,
                   short_windows=tokenizer_json is not None)
    data.replay = replay_data(cfg, start, log) if start is not None else None
    return data


def fine_tune_start(cfg):
    """(the tokenizer JSON a fine-tune encodes its text with, the checkpoint it starts from): from out_dir's latest
    checkpoint when that is a fine-tune (so it resumes with or without init_from), else from init_from.
    (None, None): a run that trains its own tokenizer."""
    latest = RunFiles(cfg.out_dir).latest
    if latest.exists():
        with contextlib.suppress(SlmError):       # a damaged one: start_or_resume says so, as for any run
            meta, _ = read_checkpoint_header(latest)
            if meta.get("init_from"):
                return meta["tokenizer"], Path(meta["init_from"]["path"])
    if not cfg.init_from:
        return None, None
    path = init_checkpoint(cfg.init_from)
    return read_checkpoint_header(path, f"init_from = {cfg.init_from!r}")[0]["tokenizer"], path


def replay_data(cfg, start, log=print):
    """The prepared tokens of the text the checkpoint `start` learned, which a fine-tune keeps rehearsing so it does
    not forget how to write: finetune_replay of each batch comes from it, and its validation loss is reported before
    and after. None, said in one line, when replay is off or that text (with that tokenizer) is not here."""
    if cfg.finetune_replay <= 0:
        return None
    base = None
    try:
        meta, base = read_checkpoint_header(start)
        if base.data == "tinystories" and not (data_folder() / "tinystories").is_dir():
            raise SlmError("it is not downloaded here")                  # a fine-tune never starts a 2 GB download
        tuned = bool(meta.get("init_from"))        # a fine-tune's own text was encoded with its checkpoint's tokenizer
        data = prepare(base.data, vocab_size=base.vocab_size, ctx=base.ctx, val_fraction=base.val_fraction,
                       story_separator=base.story_separator, tinystories_mb=getattr(base, "tinystories_mb", 0),
                       data_dir=data_folder(), log=lambda line: log(f"replay: {line}"),
                       tokenizer_json=meta["tokenizer"] if tuned else None, short_windows=tuned)
    except SlmError as e:
        learned = f" (data = {base.data!r})" if base else ""
        log(f"note: no replay: the text {start} learned{learned} cannot be read ({e}); the fine-tune sees its own "
            f"text only")
        return None
    if data.tokenizer_json != meta["tokenizer"]:
        log(f"note: no replay: data = {base.data!r} is not the text {start} learned (another tokenizer comes of it); "
            f"the fine-tune sees its own text only")
        return None
    return data


def draw_batch(data, cfg, ctx, rng):
    """A micro-batch of windows of ctx + 1 tokens from the training split; a fine-tune with replay draws the last
    finetune_replay of the rows from the text its checkpoint learned.  -> (B, ctx+1) int64, the same on every rank"""
    n_replay = round(cfg.batch_size * cfg.finetune_replay) if getattr(data, "replay", None) is not None else 0
    drawn = sample_batch(data.train, cfg.batch_size - n_replay, ctx, rng)
    return numpy.concatenate([drawn, sample_batch(data.replay.train, n_replay, ctx, rng)]) if n_replay else drawn


def fine_tune_losses(ranks, P, cfg, data, windows, when, log=print):
    """The line a fine-tune prints before its first step and after its last: the validation loss on its own text
    and, with replay, on the text its checkpoint learned (what it should not forget)."""
    line = f"{when} fine-tuning: val {ranks.evaluate(P, cfg, windows):.4f} on data = {cfg.data!r}"
    if getattr(data, "replay", None) is not None:
        replay = data.replay.val
        old = ranks.evaluate(P, cfg, val_windows(replay, cfg.eval_windows, min(cfg.ctx, len(replay) - 1)))
        line += f", {old:.4f} on the text its checkpoint learned"
    log(line)


def data_folder():
    """Where generated corpora, downloads and prepared tokens go: data/, or the folder in SLM_DATA_DIR."""
    return Path(os.environ.get("SLM_DATA_DIR") or DATA_DIR)


def data_windows(data, cfg, log=print):
    """(the length of the training windows, the fixed validation windows): ctx, or shorter where a split is (a few
    stories to fine-tune on), said in one line."""
    train_ctx, val_ctx = (min(cfg.ctx, len(split) - 1) for split in (data.train, data.val))
    if min(train_ctx, val_ctx) < cfg.ctx:
        log(f"note: the text is short: windows of {train_ctx} tokens to train on, {val_ctx} to validate on "
            f"(ctx = {cfg.ctx})")
    return train_ctx, val_windows(data.val, cfg.eval_windows, val_ctx)


def check_fine_tune_folder(cfg, files):
    """Before any work: a fine-tune starts in an out_dir that holds no run, or continues its own (the same
    init_from); anything else stops in one line, as resume = False does, and nothing is overwritten."""
    path = init_checkpoint(cfg.init_from).resolve()
    new_dir = "give the fine-tune a new out_dir (nothing was overwritten)"
    if path in (files.latest.resolve(), files.best.resolve()):
        raise SlmError(f"init_from = {cfg.init_from!r} is out_dir's own checkpoint: {new_dir}")
    if files.latest.exists():
        started = (read_checkpoint_header(files.latest, fix=new_dir)[0].get("init_from") or {}).get("path")
        if started != str(path):
            raise SlmError(f"{files.latest} holds another run ("
                           f"{f'started from {started}' if started else 'not a fine-tune'}): {new_dir}")
    elif files.best.exists():
        raise SlmError(f"{files.best} holds another run's model: {new_dir}")


def start_or_resume(cfg, files, data, log=print):
    """(params, m, v, RunState): from files.latest when it exists (it must fit cfg and the data), else from
    init_from's weights (start_from), else a fresh start. Nothing is ever overwritten here: a checkpoint that does not
    fit stops the run with one line."""
    if not files.latest.exists():
        if cfg.init_from:
            return start_from(cfg, data, log)
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
    if state.init_from and not cfg.init_from:
        log(f"note: this run is a fine-tune of {state.init_from['path']}: without --init_from it goes on with lr "
            f"{cfg.lr:g} to max_steps {cfg.max_steps}, not the finetune_* values")
    return params, m, v, state


def start_from(cfg, data, log=print):
    """(params, m, v, RunState) of a fine-tune: init_from's weights, fresh (zero) AdamW moments, step 0 (so its own
    warm-up and schedule), and the checkpoint's path and step recorded in the run's state."""
    path = init_checkpoint(cfg.init_from)
    read_checkpoint_header(path, f"init_from = {cfg.init_from!r}")       # its one-line errors name init_from
    tensors, meta, ckpt_cfg = load_checkpoint(path)
    check_same_shape(path, ckpt_cfg, cfg)
    if meta["tokenizer"] != data.tokenizer_json:
        raise SlmError(f"the tokens of data = {cfg.data!r} were not made with the tokenizer of {path}: prepare them "
                       f"again (delete their folder {data.folder})")
    params = to_device(flat_params(tensors, cfg))
    state = RunState.start(cfg)
    state.init_from = {"path": str(path.resolve()), "step": meta.get("step")}
    val = meta.get("val_loss")
    log(f"starting from {path} (step {meta.get('step')}"
        f"{f', val {val:.4f} on data = {ckpt_cfg.data!r}' if isinstance(val, float) else ''}): its weights, fresh "
        f"AdamW moments, step 0 of {cfg.max_steps} at lr {cfg.lr:g}")
    return params, xp.zeros_like(params), xp.zeros_like(params), state


def read_window(window_losses, window_relu, device_state=None):
    """(the step losses as host floats, [relu_usage, relu_units] per layer as host lists) of a log window, from the
    device arrays the steps left (window_relu: relu_measures' (2, n_layer) per micro-batch): read in one transfer, so
    the GPU runs on between log lines without waiting for the CPU. device_state: a DeviceScaler's, which comes along
    in the same transfer and is returned third (host floats)."""
    relu = xp.stack(window_relu).mean(axis=0)                             # (2, n_layer)
    if xp is numpy:
        return [float(loss) for loss in window_losses], relu.tolist(), *(
            [device_state.tolist()] if device_state is not None else [])
    n, k = len(window_losses), relu.size
    parts = [xp.stack(window_losses).astype(numpy.float64).reshape(n), relu.reshape(-1).astype(numpy.float64)]
    if device_state is not None:
        parts.append(device_state.astype(numpy.float64))
    both = to_host(xp.concatenate(parts))
    read = both[:n].tolist(), both[n:n + k].reshape(2, -1).tolist()
    return read + ((both[n + k:].tolist(),) if device_state is not None else ())


def progress(cfg, state, window_losses, relu, seconds, lr, peak, log=print, n_ranks=1):
    """The progress line of the steps since the last one (printed, and returned as log.jsonl's record), and the
    one-time warning for a layer that has stayed outside relu_zone for relu_patience lines. window_losses: the
    window's step losses, relu: its mean [relu_usage, relu_units] per layer (host floats, from read_window).
    peak: {"flops": the matmul peak}, measured once at the start; a busy machine can measure it low, so a window that
    runs faster raises it to its own rate: MFU is against the best rate seen, never above 100%."""
    tokens_per_step = cfg.batch_size * cfg.ctx * cfg.grad_accum
    usage, units = relu                                                 # from read_window
    rate = flops_per_token(cfg) * tokens_per_step / seconds            # the window's matmul FLOP/s
    peak["flops"] = max(peak["flops"], rate)
    record = {"step": state.step, "loss": sum(window_losses) / len(window_losses), "lr": lr,
              "tokens_per_s": tokens_per_step / seconds, "mfu": rate / peak["flops"],
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


# --- the ranks: one process, or mpiexec's N ------------------------------------------------------------------------
# train() talks to the ranks through one object. OneProcess below is the whole interface with what one process does;
# slm_ranks.py's MpiRanks and NcclRanks override it for `mpiexec -n N python slm.py` (each rank trains on its slice
# of every micro-batch; one collective a step sums the gradients; ZeRO-1 splits AdamW's moments). docs/ranks.md.

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


def join_ranks(cfg):
    """This process's ranks object: OneProcess, unless mpiexec started several ranks or comm asks for MPI (then
    slm_ranks, which checks that the ranks agree)."""
    if launcher_ranks()[1] == 1 and cfg.comm == "auto":
        return OneProcess()
    import slm_ranks
    return slm_ranks.join_ranks(cfg)


class OneProcess:
    """train()'s interface to the ranks, as one process runs it: every collective is a no-op."""
    kind = "one process"
    rank, size, local_rank, local_size = 0, 1, 0, 1
    alone = True       # no collective at all
    zero = False       # ZeRO-1: AdamW's moments split over the ranks (slm_ranks)

    def log(self, log):
        """The log this rank writes to: rank 0 prints, logs, saves and plots; the others are quiet."""
        return log

    def error(self, error):
        """A problem every rank finds at once, said by rank 0 alone (the others exit quietly)."""
        return error

    @contextlib.contextmanager
    def claim(self, files, cfg):
        """Before any work: out_dir takes files, its run lock is held, and there is nothing resume = False or
        init_from would overwrite (checked before preparing the data, which can take minutes)."""
        check_out_dir(files.folder)
        with one_run_at_a_time(files):
            remove_stale_temps(files.folder, lambda line: None)    # a save cut short by a kill: never a checkpoint
            if files.latest.exists() and not cfg.resume:
                raise SlmError(f"{files.latest} exists and resume = False: set resume = True to continue it, "
                               f"or choose a new out_dir to start fresh (nothing was overwritten)")
            if cfg.init_from:
                check_fine_tune_folder(cfg, files)
            if files.best.exists() and not files.latest.exists():   # a fresh start would write over that run's
                others = " and ".join(p.name for p in (files.best, files.log) if p.exists())   # best, add to its log
                raise SlmError(f"{files.folder}/ holds {others} of another run but no latest.safetensors to resume "
                               f"from: move them away (or delete them) to start fresh there, or choose a new out_dir "
                               f"(nothing was overwritten)")
            yield

    def prepare(self, cfg, log=print):
        """The tokens of cfg.data (prepare_data)."""
        return prepare_data(cfg, log)

    def start(self, cfg, files, data, log=print):
        """(params, m, v, RunState): start_or_resume."""
        return start_or_resume(cfg, files, data, log)

    def gradients(self, params):
        """The flat gradient buffer, zeroed."""
        return xp.zeros_like(params)

    def slice(self, batch):
        """This rank's rows of the micro-batch every rank drew: all of them."""
        return batch

    def reduce(self, grads, step_loss, stop):
        """The step's one collective: the gradients (and loss, and stop flag) summed over the ranks. -> the step's
        loss over the whole batch."""
        return step_loss

    def optimizer_step(self, params, grads, m, v, decays, step, lr, max_norm, scratch=None, skip=None):
        """optimizer_step (ZeRO-1 ranks: on their own part of the buffer)."""
        return optimizer_step(params, grads, m, v, decays, step, lr, max_norm, scratch, skip)

    def mean_usage(self, window_usage):
        """The log window's ReLU measures, averaged over the ranks."""
        return window_usage

    def evaluate(self, P, cfg, windows):
        """The validation loss over the windows (the ranks share them out)."""
        return evaluate(P, cfg, windows)

    def save(self, files, cfg, params, m, v, meta, is_best):
        """latest.safetensors, and best.safetensors when is_best: the whole state, written by rank 0."""
        save_checkpoint(files.latest, cfg, params, m, v, meta)
        if is_best:
            save_checkpoint(files.best, cfg, params, m, v, meta)

    def sum_number(self, x, what="a sum over the ranks"):
        return x

    def stop_request(self):
        return StopRequest()


# --- the loop ------------------------------------------------------------------------------------------------------

def announce(cfg, ranks, files, shards, log=print):
    """Say what trains where, and return the matmul peak MFU is measured against: measured in the run's dtype and
    math mode (float32 on NumPy, whose float16 products are float32 BLAS's), summed over the ranks."""
    with precision(cfg.tf32):
        peak = ranks.sum_number(
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
    return peak


def count_losses(step_losses, state, losses, files, saved, ranks, lr):
    """The window's step losses into the run (losses, and GLoss's sums), before anything is saved: a loss gone nan
    or inf stops the run with one line that says which checkpoint still holds the last good step."""
    for at, step_loss in enumerate(step_losses, start=state.step - len(step_losses) + 1):
        if not math.isfinite(step_loss):
            kept = (f"{files.latest} still holds step {saved}, the last good checkpoint" if saved is not None
                    else "no checkpoint had been saved yet")
            raise ranks.error(SlmError(f"the loss became {step_loss} at step {at}: lower lr (now {lr}) "
                                       f"or raise warmup_steps; {kept}"))
        losses.append(step_loss)
        state.gloss_sum += step_loss
        state.gloss_count += 1


def checkpoint(ranks, files, cfg, state, params, m, v, P, windows, record, tokenizer_json, log=print):
    """Validation, GLoss, and latest (and best) saved: the [Checkpoint] line. record: the log line's, updated."""
    val_loss = ranks.evaluate(P, cfg, windows)
    gloss = state.take_gloss()
    record.update(gloss=gloss, val_loss=val_loss)
    is_best = val_loss < state.best_val
    state.best_val = min(state.best_val, val_loss)
    meta = {**state.to_meta(), "gloss": gloss, "val_loss": val_loss, "relu_usage": record["relu_usage"],
            "tokenizer": tokenizer_json}
    ranks.save(files, cfg, params, m, v, meta, is_best)
    log(f"[Checkpoint] Step {state.step} | GLoss: {gloss:.4f} | val: {val_loss:.4f}")
    return gloss, val_loss


def train(cfg=None, log=print):
    """Train on cfg.data until max_steps (or Ctrl-C), saving checkpoints in cfg.out_dir. Returns the final state:
    {"step", "gloss", "val_loss", "best_val", "losses" (every step's loss in this call)}."""
    cfg = cfg or make_config()
    cfg = follow_init_from(cfg) if cfg.init_from else cfg    # a fine-tune: the shape of its checkpoint
    ranks = join_ranks(cfg)              # one process, or this one's rank of mpiexec's (slm_ranks)
    log, files = ranks.log(log), RunFiles(cfg.out_dir)
    with ranks.claim(files, cfg):        # out_dir takes files, its run lock is held, nothing gets overwritten
        data = ranks.prepare(cfg, log)
        if data.vocab_size != cfg.vocab_size and not data.given_tokenizer:
            log(f"note: the tokenizer learned {data.vocab_size} tokens (vocab_size = {cfg.vocab_size}); "
                f"the model uses {data.vocab_size}")
            cfg = SimpleNamespace(**{**vars(cfg), "vocab_size": data.vocab_size})
        params, m, v, state = ranks.start(cfg, files, data, log)
        saved = settled = state.step     # the step latest.safetensors holds; the last step whose state is on disk
        saved = saved if files.latest.exists() else None
        if state.step >= cfg.max_steps:
            log(f"already at step {state.step} of max_steps = {cfg.max_steps}: raise max_steps to train further")
            return {"step": state.step, "gloss": None, "val_loss": None, "best_val": state.best_val, "losses": []}
        grads, scratch = ranks.gradients(params), xp.empty_like(params)
        # float16: the forward and backward read a float16 copy of the weights, made again after every update; the
        # float32 params stay the master weights that AdamW updates and checkpoints save
        half = params.astype(numpy.float16) if cfg.dtype == "float16" else None
        P, G = views(params if half is None else half, cfg), views(grads, cfg)
        decays, (train_ctx, windows) = mode_decays(cfg), data_windows(data, cfg, log)   # ctx, or less: a short text
        prior = smoothing_prior(cfg, data.train)      # label smoothing's share goes to the common tokens
        use_kernels(cfg.cpu_kernels, log, ("float32", "float16") if half is not None else ("float32",))
        shards = batch_shards(cfg, grads, batch_size=cfg.batch_size // ranks.size)
        peak = {"flops": announce(cfg, ranks, files, shards, log)}     # MFU's denominator
        if state.init_from and state.step == 0:
            fine_tune_losses(ranks, P, cfg, data, windows, "before", log)
        scale = loss_scale(cfg, state.scaler, on_host=ranks.zero)
        losses, window_losses, window_usage = [], [], []   # window_*: device values of the steps since a log line
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
                for _ in range(cfg.grad_accum):
                    drawn = draw_batch(data, cfg, train_ctx, state.rng)                      # the same on every rank
                    loss, usage = forward_backward(P, G, grads, cfg, to_device(ranks.slice(drawn)),
                                                   scale.scale / ranks.size, shards, prior)   # each rank: its share
                    step_loss += loss / cfg.grad_accum
                    window_usage.append(usage)
                step_loss = ranks.reduce(grads, step_loss, stop)            # the step's one collective
                state.step += 1
                skip = scale.unscale(grads, cfg.grad_accum, state.step, log)   # float16: an overflow skips the step
                ranks.optimizer_step(params, grads, m, v, decays, state.step, lr, cfg.grad_clip, scratch, skip)
                if half is not None:
                    half[...] = params                      # the float16 weights of the next step and of validation
                window_losses.append(step_loss)             # stays on the device until the log line
                timed += 1
                at_checkpoint = (state.step % cfg.checkpoint_every == 0 or state.step == cfg.max_steps
                                 or stop.signal is not None)
                if state.step % cfg.log_every == 0 or at_checkpoint:
                    step_losses, relu, *scaled = read_window(window_losses, ranks.mean_usage(window_usage),
                                                             scale.device_state)
                    count_losses(step_losses, state, losses, files, saved, ranks, cfg.lr)
                    if scaled and scale.fold(scaled[0]):
                        log(f"float16: {scaled[0][2]:.0f} of the last {len(step_losses)} steps overflowed; skipped "
                            f"their updates, loss scale now {state.scaler['scale']:g}")
                    record = progress(cfg, state, step_losses, relu, (time.perf_counter() - t_window) / timed, lr,
                                      peak, log, n_ranks=ranks.size)
                    if at_checkpoint:
                        last["gloss"], last["val_loss"] = checkpoint(ranks, files, cfg, state, params, m, v, P,
                                                                     windows, record, data.tokenizer_json, log)
                        saved = settled = state.step
                    if ranks.rank == 0:
                        append_log(files.log, record)
                    if at_checkpoint and cfg.plot and ranks.rank == 0:
                        import slm_study  # plots: an optional part, loaded when a run first draws one
                        slm_study.plot_quietly(cfg, log)
                    window_losses, window_usage = [], []
                    t_window, timed = time.perf_counter(), 0
                elif len(losses) + len(window_losses) == 1:  # the first step compiled the GPU's kernels: the first
                    synchronize()                            # tok/s leaves it out
                    t_window, timed = time.perf_counter(), 0
        if state.init_from and losses:
            fine_tune_losses(ranks, P, cfg, data, windows, "after", log)
        if stop.signal is not None:
            log(f"stopped by {stop.signal} at step {state.step}; `python slm.py` continues from {files.latest}")
        return {"step": state.step, "gloss": last["gloss"], "val_loss": last["val_loss"], "best_val": state.best_val,
                "losses": losses}


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
    if tokenizer.get_vocab_size() > mcfg.vocab_size:
        raise SlmError(f"{path} holds a tokenizer of {tokenizer.get_vocab_size()} tokens for a model of vocab_size = "
                       f"{mcfg.vocab_size}: the two do not belong together; train or import the model again")
    P = views(to_device(flat_params(tensors, mcfg)), mcfg)
    model = (P, mcfg, tokenizer, tokenizer.token_to_id(EOT), xp)
    _loaded[path] = (mtime, model)
    return model[:4]


_kernels_said = set()   # (xp, cpu_kernels, dtype) whose start-up line this process has printed


def writing_kernels(cfg, dtype, log=lambda line: print(line, file=sys.stderr)):
    """The fast paths for writing and scoring a model of dtype (writing's decode step too), as the cpu_kernels flag
    says (use_kernels); their one line (on, or why not) is said once a process, not at every write() of a loop."""
    said = (id(xp), cfg.cpu_kernels, numpy.dtype(dtype).name)
    use_kernels(cfg.cpu_kernels, log if said not in _kernels_said else (lambda line: None), (numpy.dtype(dtype).name,),
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
# 10. commands and the __main__ block
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
  --init_from=DIR        (with train) fine-tune: a new run from DIR's checkpoint, its weights and tokenizer, on --data
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
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        print("\nstopped (nothing was being saved).", file=sys.stderr)
        raise SystemExit(130) from None
    except MemoryError:
        print("error: out of memory: lower batch_size or ctx (or d_model)", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    with friendly_errors():
        command, args, cfg, given = setup(sys.argv[1:])   # config.py, then --name=value flags; prints the backend
        if command:
            run_command(command, args, cfg, given)
        elif cfg.train:
            train(cfg)
        else:
            write("Once upon a time", 200, cfg)            # <- your seed text, and how many tokens to write
