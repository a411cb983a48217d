"""slm: a small language model for children's stories, written by hand in NumPy and CuPy.

Every forward and backward pass is written out below; there is no autograd. The sections, in order:
  1. backend       - xp is CuPy on an NVIDIA GPU, else NumPy; host <-> device copies are explicit
  2. configuration - config.py, then --name=value flags, checked with one-line errors
  3. stories and tokens - lives in data/ (data/stories.py, data/tokens.py); imported here
  4. layers        - forward/backward pairs, side by side
  5. model         - parameters as named views into one flat buffer; forward and backward
  6. optimizer     - AdamW over the flat buffer with a per-element decay vector (the alternating decay)
  7. checkpoints   - safetensors, atomic writes, safe stop on Ctrl-C, exact resume
  8. train         - the loop, progress lines, GLoss, validation, log.jsonl
  8b. plots and the decay study - training.png from log.jsonl; alternating vs uniform vs no decay
  9. write         - KV-cached sampling, streaming to the terminal
 10. commands      - the command line and the __main__ block

Run `python slm.py` (config.py decides: train, or write a story), or `python slm.py train|write|export|import|plot|study`.
"""
import ast
import contextlib
import difflib
import io
import json
import math
import os
import signal
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # so `data` (the stories and tokens section) imports from anywhere


class SlmError(Exception):
    """A problem the user can fix. Its message is one line that names the problem and the fix; no traceback."""


# ====================================================================================================
# 1. backend
# ====================================================================================================
# `xp` is the array module every layer uses: numpy, or cupy when a CUDA device answers. The code below uses only what
# both share, so one code path serves both. Data lives on the host (memmaps, tokenizer) and crosses to the device on
# purpose through to_device / to_host.

xp = numpy
BACKEND = "numpy (not chosen yet)"


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


def to_device(a):
    """A host array as an xp array (no copy on NumPy)."""
    return xp.asarray(a)


def to_host(a):
    """An xp array (or number) as a NumPy array on the host."""
    return a.get() if hasattr(a, "get") and not isinstance(a, numpy.ndarray) else numpy.asarray(a)


# ====================================================================================================
# 2. configuration
# ====================================================================================================
# config.py holds the values; FLAG_KINDS below says what kind of value each flag takes, so a typo in config.py or on
# the command line is caught before any work starts.

FLAG_KINDS = {
    "train": bool, "device": ("auto", "cpu", "gpu"),
    "data": str, "vocab_size": int, "val_fraction": float, "story_separator": ("auto", "eot", "blank"),
    "n_layer": int, "d_model": int, "n_head": int, "ctx": int,
    "batch_size": int, "grad_accum": int, "lr": float, "min_lr": float, "warmup_steps": int, "max_steps": int,
    "grad_clip": float, "seed": int,
    "decay_schedule": "schedule", "odd_layer_decay": float, "embed_decay": float, "relu_zone": "zone",
    "relu_patience": int,
    "log_every": int, "checkpoint_every": int, "eval_windows": int, "out_dir": str, "resume": bool, "plot": bool,
    "checkpoint": str, "temperature": float, "top_k": int, "top_p": float, "sample_seed": int, "stop_at_end": bool,
    "n_samples": int,
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
    need(257 <= cfg.vocab_size <= 65536, f"vocab_size = {cfg.vocab_size} must be between 257 (256 bytes and "
         f"<|endoftext|>) and 65536 (what uint16 tokens hold)")
    need(0 < cfg.val_fraction < 1, f"val_fraction = {cfg.val_fraction} must be between 0 and 1, like 0.01")
    need(cfg.lr > 0 and cfg.min_lr >= 0, "lr must be above 0 and min_lr at least 0")
    need(cfg.warmup_steps >= 0 and cfg.grad_clip >= 0, "warmup_steps and grad_clip must be at least 0")
    need(cfg.odd_layer_decay >= 0 and cfg.embed_decay >= 0, "odd_layer_decay and embed_decay must be at least 0")
    if isinstance(cfg.decay_schedule, list):
        need(len(cfg.decay_schedule) == cfg.n_layer, f"decay_schedule lists {len(cfg.decay_schedule)} values but "
             f"n_layer = {cfg.n_layer}: give one decay per layer")
    need(cfg.temperature >= 0, f"temperature = {cfg.temperature} must be 0 (greedy) or more")
    need(cfg.top_k >= 0, f"top_k = {cfg.top_k} must be 0 (no limit) or more")
    need(0 < cfg.top_p <= 1, f"top_p = {cfg.top_p} must be above 0 and at most 1")
    need(cfg.data.strip() != "", "data is empty: set data = 'builtin', 'tinystories', or a path to .txt files")


# ====================================================================================================
# 3. stories and tokens: data/stories.py (the built-in corpus) and data/tokens.py (tokenizer, downloads, memmaps)
# ====================================================================================================
from data.tokens import (DataError, EOT, decode, encode, prepare, sample_batch,  # noqa: E402
                         tokenizer_from_json, val_windows)


# ====================================================================================================
# 4. layers
# ====================================================================================================
# Shapes: B batch, T time (tokens), C channels (d_model), H heads, D head size (C // H), V vocab, F = 4 * C.
# Each forward returns its output and what its backward needs; each backward takes d(output) and returns d(inputs),
# adding parameter gradients into the given gradient views (so gradient accumulation is free).

def embedding_forward(idx, wte, wpe):
    """idx (B, T) ints, wte (V, C), wpe (ctx, C) -> (B, T, C)."""
    T = idx.shape[1]
    return wte[idx] + wpe[:T]


def embedding_backward(dx, idx, dwte, dwpe):
    """dx (B, T, C) -> adds into dwte (V, C) and dwpe (ctx, C)."""
    T = idx.shape[1]
    dwpe[:T] += dx.sum(axis=0)
    xp.add.at(dwte, idx.reshape(-1), dx.reshape(-1, dx.shape[-1]))


def layernorm_forward(x, g, b, eps=1e-5):
    """x (B, T, C), g (C), b (C) -> out (B, T, C); normalised over C."""
    mean = x.mean(axis=-1, keepdims=True)
    xc = x - mean
    var = (xc * xc).mean(axis=-1, keepdims=True)
    rstd = 1.0 / xp.sqrt(var + eps)                  # (B, T, 1)
    xhat = xc * rstd
    return xhat * g + b, (xhat, rstd)


def layernorm_backward(dout, cache, g, dg, db):
    """dout (B, T, C) -> dx (B, T, C); adds into dg, db (C)."""
    xhat, rstd = cache
    dg += (dout * xhat).sum(axis=(0, 1))
    db += dout.sum(axis=(0, 1))
    dxhat = dout * g
    # d/dx of (x - mean) * rstd: subtract the mean gradient and the part along xhat
    return rstd * (dxhat - dxhat.mean(axis=-1, keepdims=True)
                   - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True))


def linear_forward(x, w, b):
    """x (..., In), w (In, Out), b (Out) -> (..., Out). w is stored (In, Out), as GPT-2's Conv1D."""
    return x @ w + b


def linear_backward(dout, x, w, dw, db):
    """dout (..., Out) -> dx (..., In); adds into dw (In, Out) and db (Out)."""
    x2 = x.reshape(-1, x.shape[-1])                  # (N, In)
    d2 = dout.reshape(-1, dout.shape[-1])            # (N, Out)
    dw += x2.T @ d2
    db += d2.sum(axis=0)
    return dout @ w.T


def causal_mask(T, dtype):
    """(T, T): 0 where a query may look (key <= query), -inf above the diagonal."""
    upper = xp.triu(xp.ones((T, T), dtype=bool), k=1)
    return xp.where(upper, xp.asarray(-xp.inf, dtype=dtype), xp.asarray(0, dtype=dtype))


def attention_forward(qkv, n_head):
    """qkv (B, T, 3C) -> y (B, T, C): causal multi-head self-attention, softmax(q k^T / sqrt(D)) v."""
    B, T, C3 = qkv.shape
    C = C3 // 3
    D = C // n_head
    q, k, v = (qkv[:, :, i * C:(i + 1) * C].reshape(B, T, n_head, D).transpose(0, 2, 1, 3)
               for i in range(3))                   # each (B, H, T, D)
    scale = 1.0 / math.sqrt(D)
    att = (q @ k.transpose(0, 1, 3, 2)) * scale     # (B, H, T, T)
    att += causal_mask(T, att.dtype)
    att -= att.max(axis=-1, keepdims=True)
    xp.exp(att, out=att)
    att /= att.sum(axis=-1, keepdims=True)           # softmax over keys; masked entries are exactly 0
    y = att @ v                                      # (B, H, T, D)
    y = y.transpose(0, 2, 1, 3).reshape(B, T, C)     # heads side by side
    return y, (q, k, v, att)


def attention_backward(dy, cache):
    """dy (B, T, C) -> dqkv (B, T, 3C)."""
    q, k, v, att = cache
    B, H, T, D = q.shape
    dy = dy.reshape(B, T, H, D).transpose(0, 2, 1, 3)      # (B, H, T, D)
    datt = dy @ v.transpose(0, 1, 3, 2)                    # (B, H, T, T)
    dv = att.transpose(0, 1, 3, 2) @ dy                    # (B, H, T, D)
    # softmax backward: datt_pre = att * (datt - sum(datt * att)); masked entries stay 0 because att is 0 there
    dpre = att * (datt - (datt * att).sum(axis=-1, keepdims=True))
    dpre *= 1.0 / math.sqrt(D)
    dq = dpre @ k                                          # (B, H, T, D)
    dk = dpre.transpose(0, 1, 3, 2) @ q                    # (B, H, T, D)
    dqkv = xp.concatenate([d.transpose(0, 2, 1, 3).reshape(B, T, H * D) for d in (dq, dk, dv)], axis=-1)
    return dqkv


def relu_forward(h):
    """h (B, T, F) -> relu(h) (B, T, F)."""
    return xp.maximum(h, 0)


def relu_backward(dout, a):
    """dout (B, T, F), a = relu output -> dh (B, T, F); the gradient passes where the unit fired."""
    return dout * (a > 0)


def cross_entropy_forward(logits, targets):
    """logits (B, T, V), targets (B, T) -> mean loss in nats/token, and probs (B, T, V) for the backward.

    log-sum-exp with the max subtracted, so large logits never overflow.
    """
    z = logits - logits.max(axis=-1, keepdims=True)
    probs = xp.exp(z)
    total = probs.sum(axis=-1, keepdims=True)
    probs /= total
    picked = xp.take_along_axis(z, targets[..., None], axis=-1)[..., 0]   # (B, T)
    loss = (xp.log(total[..., 0]) - picked).mean()
    return loss, probs


def cross_entropy_backward(probs, targets):
    """The fused softmax + cross-entropy backward: (probs - one_hot(targets)) / (B*T), shape (B, T, V)."""
    B, T, V = probs.shape
    dlogits = probs.copy()
    flat = dlogits.reshape(B * T, V)
    flat[xp.arange(B * T), targets.reshape(-1)] -= 1
    dlogits *= 1.0 / (B * T)
    return dlogits


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


def forward(P, cfg, idx, targets=None):
    """P {name: array}, idx (B, T) ints, targets (B, T) ints or None.

    Returns (logits (B, T, V), loss or None, cache for backward, relu_usage (n_layer,) xp array): relu_usage is, per
    layer, the share of MLP hidden units with a positive pre-activation over the batch.
    """
    cache = {"idx": idx, "targets": targets, "layers": []}
    x = embedding_forward(idx, P["wte"], P["wpe"])                        # (B, T, C)
    usage = []
    for l in range(cfg.n_layer):
        p = f"h.{l}."
        h1, ln1 = layernorm_forward(x, P[p + "ln_1.g"], P[p + "ln_1.b"])
        qkv = linear_forward(h1, P[p + "attn.qkv.w"], P[p + "attn.qkv.b"])    # (B, T, 3C)
        y, att = attention_forward(qkv, cfg.n_head)                       # (B, T, C)
        x = x + linear_forward(y, P[p + "attn.proj.w"], P[p + "attn.proj.b"])
        h2, ln2 = layernorm_forward(x, P[p + "ln_2.g"], P[p + "ln_2.b"])
        pre = linear_forward(h2, P[p + "mlp.fc.w"], P[p + "mlp.fc.b"])   # (B, T, F)
        a = relu_forward(pre)
        x = x + linear_forward(a, P[p + "mlp.proj.w"], P[p + "mlp.proj.b"])
        usage.append((pre > 0).mean())
        cache["layers"].append((ln1, h1, att, y, ln2, h2, a))
    hf, lnf = layernorm_forward(x, P["ln_f.g"], P["ln_f.b"])
    logits = hf @ P["wte"].T                                              # (B, T, V), tied to the embedding
    cache.update(lnf=lnf, hf=hf)
    loss = None
    if targets is not None:
        loss, cache["probs"] = cross_entropy_forward(logits, targets)
    return logits, loss, cache, xp.stack(usage)


def backward(G, P, cfg, cache, dlogits=None):
    """Adds d(loss)/d(parameter) into the gradient views G. The forward's calls, mirrored.

    dlogits defaults to the cross-entropy's (mean loss); pass one to backpropagate another objective.
    """
    if dlogits is None:
        dlogits = cross_entropy_backward(cache["probs"], cache["targets"])
    hf = cache["hf"]
    G["wte"] += dlogits.reshape(-1, dlogits.shape[-1]).T @ hf.reshape(-1, hf.shape[-1])
    dx = dlogits @ P["wte"]                                               # (B, T, C)
    dx = layernorm_backward(dx, cache["lnf"], P["ln_f.g"], G["ln_f.g"], G["ln_f.b"])
    for l in reversed(range(cfg.n_layer)):
        p = f"h.{l}."
        ln1, h1, att, y, ln2, h2, a = cache["layers"][l]
        da = linear_backward(dx, a, P[p + "mlp.proj.w"], G[p + "mlp.proj.w"], G[p + "mlp.proj.b"])
        dpre = relu_backward(da, a)
        dh2 = linear_backward(dpre, h2, P[p + "mlp.fc.w"], G[p + "mlp.fc.w"], G[p + "mlp.fc.b"])
        dx = dx + layernorm_backward(dh2, ln2, P[p + "ln_2.g"], G[p + "ln_2.g"], G[p + "ln_2.b"])
        dy = linear_backward(dx, y, P[p + "attn.proj.w"], G[p + "attn.proj.w"], G[p + "attn.proj.b"])
        dqkv = attention_backward(dy, att)
        dh1 = linear_backward(dqkv, h1, P[p + "attn.qkv.w"], G[p + "attn.qkv.w"], G[p + "attn.qkv.b"])
        dx = dx + layernorm_backward(dh1, ln1, P[p + "ln_1.g"], G[p + "ln_1.g"], G[p + "ln_1.b"])
    embedding_backward(dx, cache["idx"], G["wte"], G["wpe"])


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
    norm before clipping, as a host float."""
    norm = float(xp.sqrt(xp.dot(grads, grads)))
    if max_norm > 0:
        coef = max_norm / (norm + 1e-6)
        if coef < 1.0:
            grads *= grads.dtype.type(coef)
    return norm


def adamw_step(params, grads, m, v, decay, step, lr, beta1=0.9, beta2=0.95, eps=1e-8):
    """One AdamW update in place; step counts from 1. w <- w * (1 - lr * decay) - lr * m_hat / (sqrt(v_hat) + eps)."""
    m *= beta1
    m += (1 - beta1) * grads
    v *= beta2
    v += (1 - beta2) * grads * grads
    bias1 = 1 - beta1 ** step
    bias2 = 1 - beta2 ** step
    denom = xp.sqrt(v) / math.sqrt(bias2) + eps
    params *= 1 - lr * decay
    params -= (lr / bias1) * m / denom


# ====================================================================================================
# 7. checkpoints
# ====================================================================================================
# A checkpoint is one safetensors file (opening it can't run code): the weights under their names, AdamW's moments as
# flat buffers, and in its metadata the step, the batch RNG, the config, the tokenizer, GLoss so far and best losses.
# Files are written to a temporary name in the same folder, fsynced, then renamed over the old one: a kill at any
# moment leaves either the old file or the new one, whole.

CHECKPOINT_FORMAT = "slm-checkpoint-1"


def write_atomically(path, payload: bytes):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    with contextlib.suppress(OSError):  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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


# ====================================================================================================
# 8. train
# ====================================================================================================
# GLoss ("global loss") is the mean training loss over the steps since the previous checkpoint: a steadier number than
# one step's loss, printed on every [Checkpoint] line.

def measure_matmul_peak(dtype="float32"):
    """FLOP/s of a large square matmul on this backend: the denominator of MFU."""
    n = 4096 if xp is not numpy else 1024
    a = xp.ones((n, n), dtype=dtype)
    b = xp.ones((n, n), dtype=dtype)
    c = a @ b
    best = float("inf")
    for _ in range(3):
        synchronize()
        t = time.perf_counter()
        xp.matmul(a, b, out=c)
        synchronize()
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 / best


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
    where = {"data_dir": os.environ["SLM_DATA_DIR"]} if os.environ.get("SLM_DATA_DIR") else {}
    return prepare(cfg.data, vocab_size=cfg.vocab_size, ctx=cfg.ctx, val_fraction=cfg.val_fraction,
                   story_separator=cfg.story_separator, log=log, **where)


def train(cfg=None, log=print):
    """Train on cfg.data until max_steps (or Ctrl-C), saving checkpoints in cfg.out_dir. Returns the final state:
    {"step", "gloss", "val_loss", "best_val", "losses" (every step's loss in this call)}."""
    cfg = cfg or current_config()
    out = Path(cfg.out_dir)
    latest, best_path, log_path = out / "latest.safetensors", out / "best.safetensors", out / "log.jsonl"
    if latest.exists() and not cfg.resume:
        raise SlmError(f"{latest} exists and resume = False: set resume = True to continue it, or choose a new "
                       f"out_dir to start fresh (nothing was overwritten)")
    data = prepare_data(cfg, log)
    if data.vocab_size != cfg.vocab_size:
        log(f"note: the tokenizer learned {data.vocab_size} tokens (vocab_size = {cfg.vocab_size}); "
            f"the model uses {data.vocab_size}")
        cfg = SimpleNamespace(**{**vars(cfg), "vocab_size": data.vocab_size})
    rng = numpy.random.default_rng(cfg.seed)
    step, best_val, gloss_sum, gloss_count = 0, float("inf"), 0.0, 0
    streak = [0] * cfg.n_layer          # consecutive log lines outside the ReLU zone, per layer
    if latest.exists():
        tensors, meta, ckpt_cfg = load_checkpoint(latest)
        check_same_shape(latest, ckpt_cfg, cfg)
        if meta["tokenizer"] != data.tokenizer_json:
            raise SlmError(f"{latest} was trained with another tokenizer (data = {ckpt_cfg.data!r}): set data back, "
                           f"or use a new out_dir (the checkpoint is kept)")
        params = to_device(flat_params(tensors, cfg))
        m, v = to_device(tensors["adam.m"].astype("float32")), to_device(tensors["adam.v"].astype("float32"))
        step, best_val = meta["step"], meta["best_val"]
        gloss_sum, gloss_count, streak = meta["gloss_sum"], meta["gloss_count"], meta["relu_streak"]
        rng.bit_generator.state = meta["rng"]
        trim_log(log_path, step)
        log(f"resuming {latest} at step {step} (best val {best_val:.4f})")
    else:
        params = init_params(cfg)
        m, v = xp.zeros_like(params), xp.zeros_like(params)
    if step >= cfg.max_steps:
        log(f"already at step {step} of max_steps = {cfg.max_steps}: raise max_steps to train further")
        return {"step": step, "gloss": None, "val_loss": None, "best_val": best_val, "losses": []}
    grads = xp.zeros_like(params)
    P, G = views(params, cfg), views(grads, cfg)
    decay = decay_vector(cfg)
    windows = val_windows(data.val, cfg.eval_windows, cfg.ctx)
    peak = measure_matmul_peak()
    tokens_per_step = cfg.batch_size * cfg.ctx * cfg.grad_accum
    log(f"model: {n_params(cfg):,} parameters, {cfg.n_layer} layers, d_model {cfg.d_model}, {cfg.n_head} heads, "
        f"ctx {cfg.ctx}, vocab {cfg.vocab_size} | decay per layer {layer_decays(cfg)}")
    log(f"training to step {cfg.max_steps}, {tokens_per_step:,} tokens a step; checkpoints go to {out}/ "
        f"(Ctrl-C saves one and stops)")
    out.mkdir(parents=True, exist_ok=True)
    losses, window_losses, window_usage = [], [], []
    last = {"gloss": None, "val_loss": None}
    t_window = time.perf_counter()
    with StopRequest() as stop:
        while step < cfg.max_steps and stop.signal is None:
            lr = lr_at(step, cfg)
            grads[...] = 0
            step_loss = 0.0
            for _ in range(cfg.grad_accum):
                batch = to_device(sample_batch(data.train, cfg.batch_size, cfg.ctx, rng))
                _, loss, cache, usage = forward(P, cfg, batch[:, :-1], batch[:, 1:])
                backward(G, P, cfg, cache)
                step_loss += loss / cfg.grad_accum
                window_usage.append(usage)
            if cfg.grad_accum > 1:
                grads *= grads.dtype.type(1.0 / cfg.grad_accum)
            clip_gradients(grads, cfg.grad_clip)
            step += 1
            adamw_step(params, grads, m, v, decay, step, lr)
            step_loss = float(step_loss)
            if not math.isfinite(step_loss):
                raise SlmError(f"the loss became {step_loss} at step {step}: lower lr (now {cfg.lr}) or raise "
                               f"warmup_steps; {latest} still holds the last good checkpoint")
            losses.append(step_loss)
            window_losses.append(step_loss)
            gloss_sum += step_loss
            gloss_count += 1
            at_checkpoint = step % cfg.checkpoint_every == 0 or step == cfg.max_steps or stop.signal is not None
            if step % cfg.log_every == 0 or at_checkpoint:
                synchronize()
                seconds = (time.perf_counter() - t_window) / len(window_losses)
                usage = to_host(xp.stack(window_usage).mean(axis=0)).tolist()
                record = {"step": step, "loss": sum(window_losses) / len(window_losses), "lr": lr,
                          "tokens_per_s": tokens_per_step / seconds,
                          "mfu": flops_per_token(cfg) * tokens_per_step / seconds / peak,
                          "relu_usage": usage, "ms_per_step": 1000 * seconds}
                log(f"step {step:6d} | loss {record['loss']:.4f} | lr {lr:.2e} | {record['tokens_per_s']:8,.0f} tok/s"
                    f" | MFU {100 * record['mfu']:4.1f}% | relu {relu_text(usage)} | {1000 * seconds:.0f} ms")
                low, high = cfg.relu_zone
                for l, u in enumerate(usage):
                    streak[l] = streak[l] + 1 if not low <= u <= high else 0
                    if streak[l] == cfg.relu_patience:
                        kind = "odd, decayed" if l % 2 else "even, free to roam"
                        log(f"warning: layer {l} ({kind}) ReLU usage {u:.2f} has stayed outside the "
                            f"{low:.2f}-{high:.2f} zone for {streak[l]} log lines")
                if at_checkpoint:
                    last["val_loss"] = evaluate(P, cfg, windows)
                    last["gloss"] = gloss_sum / gloss_count
                    record.update(gloss=last["gloss"], val_loss=last["val_loss"])
                    is_best = last["val_loss"] < best_val
                    best_val = min(best_val, last["val_loss"])
                    gloss_sum, gloss_count = 0.0, 0
                    meta = {"step": step, "best_val": best_val, "gloss": last["gloss"], "val_loss": last["val_loss"],
                            "gloss_sum": 0.0, "gloss_count": 0, "relu_streak": streak, "relu_usage": usage,
                            "rng": rng.bit_generator.state, "tokenizer": data.tokenizer_json}
                    save_checkpoint(latest, cfg, params, m, v, meta)
                    if is_best:
                        save_checkpoint(best_path, cfg, params, m, v, meta)
                    log(f"[Checkpoint] Step {step} | GLoss: {last['gloss']:.4f} | val: {last['val_loss']:.4f}")
                append_log(log_path, record)
                if at_checkpoint and cfg.plot:
                    plot_quietly(cfg, log)
                window_losses, window_usage = [], []
                t_window = time.perf_counter()
    if stop.signal is not None:
        log(f"stopped by {stop.signal} at step {step}; `python slm.py` continues from {latest}")
    return {"step": step, "gloss": last["gloss"], "val_loss": last["val_loss"], "best_val": best_val,
            "losses": losses}


# ====================================================================================================
# 8b. plots and the decay study
# ====================================================================================================
# The original author's claim: with alternating decay (odd layers 0.92, even layers none) every layer's ReLU usage
# (share of MLP units that fire) stays near the 40-60% "Goldilocks zone"; uniform decay killed units, and no decay let
# usage climb past 70% and the loss spike. training.png shows one run's losses and usage; `study` trains the same model
# under the three schedules and measures exactly those three things: usage, dead units and loss spikes.
# matplotlib is optional: it is imported only here, through its Agg canvas (no pyplot, no global backend switch).

def read_log(out_dir):
    """The records of {out_dir}/log.jsonl, of its last run only (a step that goes back starts a new run)."""
    path = Path(out_dir) / "log.jsonl"
    lines = path.read_text().splitlines() if path.is_file() else None
    records = []
    for line in lines or []:
        with contextlib.suppress(ValueError):      # a line torn by a kill mid-write is skipped
            record = json.loads(line)
            if isinstance(record, dict) and "step" in record and "loss" in record:
                records.append(record)
    if not records:
        why = "" if lines is None else " (it is empty)" if not any(map(str.strip, lines)) else " (no readable lines)"
        raise SlmError(f"no training log in {path}{why}: train first "
                       f"(`python slm.py train`), or point --out_dir at a folder with a log.jsonl")
    starts = [i for i in range(1, len(records)) if records[i]["step"] <= records[i - 1]["step"]]
    return records[starts[-1]:] if starts else records


class NoMatplotlib(SlmError):
    """matplotlib is not installed: `plot` stops with this line, training goes on without its picture."""


def import_matplotlib():
    """(Figure, FigureCanvasAgg, colormaps), or NoMatplotlib saying how to install it."""
    try:
        from matplotlib import colormaps
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise NoMatplotlib("plots need matplotlib: pip install matplotlib") from None
    return Figure, FigureCanvasAgg, colormaps


def layer_style(l, n_layer, colormaps):
    """Odd layers (decayed under 'alternating') solid in reds, even layers dashed in blues; deeper is darker."""
    in_family = (n_layer - l % 2 + 1) // 2
    shade = 0.45 + 0.5 * (l // 2) / max(1, in_family - 1)
    colour = colormaps["Reds" if l % 2 else "Blues"](shade)
    return {"color": colour, "linestyle": "-" if l % 2 else "--", "linewidth": 1.4,
            "label": f"layer {l} ({'odd' if l % 2 else 'even'})"}


def draw_relu_usage(ax, records, zone, colormaps, legend=True):
    """One line per layer of ReLU usage over steps, the zone shaded."""
    steps = [r["step"] for r in records]
    usage = numpy.array([r["relu_usage"] for r in records])             # (records, n_layer)
    ax.axhspan(zone[0], zone[1], color="#7fbf7f", alpha=0.25, label=f"zone {zone[0]:.0%}-{zone[1]:.0%}")
    for l in range(usage.shape[1]):
        ax.plot(steps, usage[:, l], **layer_style(l, usage.shape[1], colormaps))
    ax.set_ylim(0, 1)
    ax.set_ylabel("ReLU usage (share of units firing)")
    ax.grid(alpha=0.3)
    if legend:
        ax.legend(fontsize=8, ncol=2, loc="best")


def fit_loss_axis(ax, record_lists):
    """Fit the loss axis to the last 90% of steps: the first steps fall from near chance and would flatten the part
    that matters, so they run off the top."""
    last = max(r["step"] for records in record_lists for r in records)
    values = [r[k] for records in record_lists for r in records if r["step"] >= 0.1 * last
              for k in ("loss", "gloss", "val_loss") if k in r]
    low, high = min(values), max(values)
    pad = 0.05 * (high - low) or 0.05
    ax.set_ylim(low - pad, high + pad)


def save_figure(fig, canvas_class, path, dpi):
    """Render to PNG bytes, then write them atomically: a reader never sees half a picture."""
    canvas_class(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    write_atomically(path, buffer.getvalue())
    return Path(path)


def plot_training(out_dir, relu_zone=(0.40, 0.60)):
    """Draw {out_dir}/training.png from {out_dir}/log.jsonl: losses, ReLU usage per layer, learning rate."""
    Figure, Canvas, colormaps = import_matplotlib()
    records = read_log(out_dir)
    steps = [r["step"] for r in records]
    checks = [r for r in records if "val_loss" in r]
    fig = Figure(figsize=(10, 9), layout="constrained")
    ax_loss, ax_relu, ax_lr = fig.subplots(3, 1, sharex=True, gridspec_kw={"height_ratios": [3, 3, 1.2]})
    ax_loss.plot(steps, [r["loss"] for r in records], color="#9aa7b8", linewidth=1, label="training loss (per log line)")
    if checks:
        ax_loss.plot([r["step"] for r in checks], [r["gloss"] for r in checks], "o-", color="black", markersize=4,
                     label="GLoss (mean since the last checkpoint)")
        ax_loss.plot([r["step"] for r in checks], [r["val_loss"] for r in checks], "s-", color="#e08a1e",
                     markersize=4, label="validation loss")
    fit_loss_axis(ax_loss, [records])
    ax_loss.set_ylabel("loss (nats per token)")
    ax_loss.set_title("loss (the first 10% of steps may run off the top)")
    ax_loss.grid(alpha=0.3)
    ax_loss.legend(fontsize=9)
    draw_relu_usage(ax_relu, records, relu_zone, colormaps)
    ax_relu.set_title("ReLU usage per layer (odd layers solid, even layers dashed)")
    ax_lr.plot(steps, [r["lr"] for r in records], color="#5a5a5a")
    ax_lr.set_ylabel("learning rate")
    ax_lr.set_xlabel("step")
    ax_lr.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    ax_lr.grid(alpha=0.3)
    last = checks[-1] if checks else records[-1]
    fig.suptitle(f"{out_dir}: step {records[-1]['step']}"
                 + (f", GLoss {last['gloss']:.3f}, val {last['val_loss']:.3f}" if checks else ""))
    return save_figure(fig, Canvas, Path(out_dir) / "training.png", dpi=90)


_plot_note_shown = False


def plot_quietly(cfg, log=print):
    """Redraw training.png after a checkpoint when matplotlib is there; training never stops for a plot."""
    global _plot_note_shown
    try:
        plot_training(cfg.out_dir, cfg.relu_zone)
    except NoMatplotlib:
        if not _plot_note_shown:
            log("note: no training.png: plots need matplotlib (pip install matplotlib); training goes on")
            _plot_note_shown = True
    except Exception as e:  # a plot is a nicety: any failure is one line, and training goes on
        log(f"note: training.png was not drawn ({type(e).__name__}: {e}); training goes on")


def mlp_activity(P, cfg, windows):
    """Which MLP hidden units ever fire: windows (n, T+1) host ints -> (n_layer, F) host bool, True where the unit's
    pre-activation is > 0 at some position of some window. A unit that never fires is dead: it passes no gradient
    to its own weights, so only a change in the layers below it can bring it back. The forward's layer loop."""
    fired = numpy.zeros((cfg.n_layer, 4 * cfg.d_model), dtype=bool)
    for i in range(0, len(windows), cfg.batch_size):
        idx = to_device(windows[i:i + cfg.batch_size, :-1])                  # (B, T)
        x = embedding_forward(idx, P["wte"], P["wpe"])                        # (B, T, C)
        for l in range(cfg.n_layer):
            p = f"h.{l}."
            h1, _ = layernorm_forward(x, P[p + "ln_1.g"], P[p + "ln_1.b"])
            y, _ = attention_forward(linear_forward(h1, P[p + "attn.qkv.w"], P[p + "attn.qkv.b"]), cfg.n_head)
            x = x + linear_forward(y, P[p + "attn.proj.w"], P[p + "attn.proj.b"])
            h2, _ = layernorm_forward(x, P[p + "ln_2.g"], P[p + "ln_2.b"])
            pre = linear_forward(h2, P[p + "mlp.fc.w"], P[p + "mlp.fc.b"])   # (B, T, F)
            fired[l] |= to_host((pre > 0).any(axis=(0, 1)))
            x = x + linear_forward(relu_forward(pre), P[p + "mlp.proj.w"], P[p + "mlp.proj.b"])
    return fired


def loss_spike(records):
    """(size, step) of the largest rise of the logged training loss above its lowest value so far."""
    lowest, size, at = float("inf"), 0.0, None
    for r in records:
        lowest = min(lowest, r["loss"])
        if r["loss"] - lowest > size:
            size, at = r["loss"] - lowest, r["step"]
    return size, at


STUDY_SCHEDULES = ("alternating", "uniform", "none")
STUDY_SIZE = {"max_steps": 600, "d_model": 64, "ctx": 64}   # the study's upper limits, unless given as flags
RUN_FILES = ("latest.safetensors", "best.safetensors", "log.jsonl", "training.png")


def study_config(cfg, given=()):
    """cfg with max_steps, d_model and ctx lowered to STUDY_SIZE, except those given on the command line."""
    values = dict(vars(cfg))
    for name, most in STUDY_SIZE.items():
        if name not in given:
            values[name] = min(values[name], most)
    if values["d_model"] % values["n_head"]:
        raise SlmError(f"the study lowered d_model to {values['d_model']}, which does not divide by n_head = "
                       f"{values['n_head']}: give --d_model (a multiple of n_head) or --n_head")
    return SimpleNamespace(**values)


def summarize_run(folder, windows):
    """A study run's row: its log, and its final weights' dead units over the validation windows."""
    records = read_log(folder)
    checks = [r for r in records if "val_loss" in r]
    tensors, _, mcfg = load_checkpoint(Path(folder) / "latest.safetensors")
    P = views(to_device(flat_params(tensors, mcfg)), mcfg)
    fired = mlp_activity(P, mcfg, windows)
    spike, spike_step = loss_spike(records)
    return {"records": records, "gloss": checks[-1]["gloss"], "best_val": min(r["val_loss"] for r in checks),
            "usage": records[-1]["relu_usage"], "dead": (~fired).sum(axis=1).tolist(), "units": fired.shape[1],
            "spike": spike, "spike_step": spike_step}


def study_table(cfg, runs, n_windows, seconds):
    """The study's findings as markdown: a line on the setup, the table, and what its columns mean."""
    n_layer = cfg.n_layer
    decays = {s: ", ".join(f"{d:g}" for d in layer_decays(SimpleNamespace(**{**vars(cfg), "decay_schedule": s})))
              for s in runs}
    lines = [f"Decay study: data={cfg.data}, {n_layer} layers, d_model {cfg.d_model}, ctx {cfg.ctx}, batch "
             f"{cfg.batch_size}x{cfg.grad_accum}, {cfg.max_steps} steps, lr {cfg.lr:g}, seed {cfg.seed}; the same data, "
             f"seed and initial weights for every schedule; {seconds / 60:.1f} min in all.", "",
             "| schedule (decay per layer) | final GLoss | best val loss | "
             + " | ".join(f"L{l} usage" for l in range(n_layer))
             + f" | dead units (L0/L1/...) | largest spike: loss above its running min (at step) |",
             "|---" * (n_layer + 5) + "|"]
    for schedule, run in runs.items():
        lines.append(f"| {schedule} ({decays[schedule]}) | {run['gloss']:.4f} | {run['best_val']:.4f} | "
                     + " | ".join(f"{u:.2f}" for u in run["usage"])
                     + f" | {sum(run['dead'])} ({'/'.join(str(d) for d in run['dead'])}) | "
                     + (f"{run['spike']:.3f} (step {run['spike_step']}) |" if run["spike_step"] else "0 |"))
    lines += ["", f"Usage: share of MLP units that fire, over the last {cfg.log_every} training steps (zone "
              f"{cfg.relu_zone[0]:.0%}-{cfg.relu_zone[1]:.0%}). Dead: of the {4 * cfg.d_model} "
              f"units per layer, those whose pre-activation is never > 0 at any position of the {n_windows} fixed "
              f"validation windows, with the final weights. Spike: the largest rise of the logged training loss "
              f"(a mean over {cfg.log_every} steps) above the lowest logged loss before it."]
    return "\n".join(lines) + "\n"


def plot_study(runs, path, zone):
    """One picture: the schedules' loss curves together, then each schedule's ReLU usage per layer."""
    Figure, Canvas, colormaps = import_matplotlib()
    fig = Figure(figsize=(13, 8), layout="constrained")
    grid = fig.add_gridspec(2, len(runs))
    ax_loss = fig.add_subplot(grid[0, :])
    colours = {"alternating": "#2a7f2a", "uniform": "#7a3db8", "none": "#d1492e"}
    for schedule, run in runs.items():
        colour = colours.get(schedule, None)
        records = run["records"]
        ax_loss.plot([r["step"] for r in records], [r["loss"] for r in records], color=colour, linewidth=1,
                     alpha=0.8, label=f"{schedule}: training loss")
        checks = [r for r in records if "val_loss" in r]
        ax_loss.plot([r["step"] for r in checks], [r["val_loss"] for r in checks], "s--", color=colour,
                     markersize=4, label=f"{schedule}: validation loss")
    fit_loss_axis(ax_loss, [run["records"] for run in runs.values()])
    ax_loss.set_title("loss by decay schedule: same data, seed and initial weights (the first 10% of steps may run "
                      "off the top)")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("loss (nats per token)")
    ax_loss.grid(alpha=0.3)
    ax_loss.legend(fontsize=8, ncol=len(runs))
    for i, (schedule, run) in enumerate(runs.items()):
        ax = fig.add_subplot(grid[1, i])
        draw_relu_usage(ax, run["records"], zone, colormaps, legend=i == 0)
        ax.set_title(f"{schedule}: ReLU usage ({sum(run['dead'])} dead units at the end)", fontsize=10)
        ax.set_xlabel("step")
        if i:
            ax.set_ylabel("")
    fig.suptitle("decay study: odd layers solid, even layers dashed; zone shaded")
    return save_figure(fig, Canvas, path, dpi=80)


def study(cfg=None, given=(), log=print):
    """Train the same model on the same data and seed under each decay schedule, each in {out_dir}/study/<schedule>/
    (started fresh), then print and write {out_dir}/study/decay_study.md and draw decay_study.png.
    `given`: flags named on the command line, which STUDY_SIZE leaves alone. Returns {schedule: row} (None if
    stopped by Ctrl-C)."""
    cfg = study_config(cfg or current_config(), given)
    root = Path(cfg.out_dir) / "study"
    t0 = time.perf_counter()
    data = prepare_data(cfg, log)                   # once: every run below reuses these token files
    windows = val_windows(data.val, cfg.eval_windows, cfg.ctx)
    runs = {}
    for schedule in STUDY_SCHEDULES:
        folder = root / schedule
        for name in RUN_FILES:                      # a study run always starts from step 0
            (folder / name).unlink(missing_ok=True)
        run_cfg = SimpleNamespace(**{**vars(cfg), "decay_schedule": schedule, "out_dir": str(folder),
                                     "plot": False, "resume": True})
        log(f"=== study: {schedule} decay, run {len(runs) + 1} of {len(STUDY_SCHEDULES)}, in {folder}/ ===")
        result = train(run_cfg, log)
        if result["step"] < cfg.max_steps:
            log(f"study stopped during the {schedule} run; `python slm.py study` starts it over")
            return None
        if cfg.plot:
            plot_quietly(run_cfg, log)
        runs[schedule] = summarize_run(folder, windows)
    table = study_table(cfg, runs, len(windows), time.perf_counter() - t0)
    write_atomically(root / "decay_study.md", table.encode())
    log("\n" + table)
    log(f"table written to {root / 'decay_study.md'}")
    try:
        log(f"plot drawn in {plot_study(runs, root / 'decay_study.png', cfg.relu_zone)}")
    except NoMatplotlib as e:
        log(f"note: no decay_study.png: {e}")
    return runs


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
    P = views(to_device(flat_params(tensors, mcfg)), mcfg)
    model = (P, mcfg, tokenizer, tokenizer.token_to_id(EOT), xp)
    _loaded[path] = (mtime, model)
    return model[:4]


def new_kv_cache(mcfg, n, dtype):
    """Per layer, keys and values (n, H, ctx, D), filled from position 0 up."""
    shape = (n, mcfg.n_head, mcfg.ctx, mcfg.d_model // mcfg.n_head)
    return [(xp.zeros(shape, dtype=dtype), xp.zeros(shape, dtype=dtype)) for _ in range(mcfg.n_layer)]


def forward_cached(P, mcfg, idx, kv, pos):
    """idx (N, t) tokens at positions pos .. pos+t-1, with positions < pos already in kv -> logits (N, t, V).

    Writes the new keys and values into kv. The same arithmetic as forward(), restricted to the new rows.
    """
    N, t = idx.shape
    H, D = mcfg.n_head, mcfg.d_model // mcfg.n_head
    end = pos + t
    x = P["wte"][idx] + P["wpe"][pos:end]                                # (N, t, C)
    mask = causal_mask(t, x.dtype)                                        # new rows see the new keys causally
    for l in range(mcfg.n_layer):
        p = f"h.{l}."
        K, V = kv[l]
        h1, _ = layernorm_forward(x, P[p + "ln_1.g"], P[p + "ln_1.b"])
        qkv = linear_forward(h1, P[p + "attn.qkv.w"], P[p + "attn.qkv.b"])    # (N, t, 3C)
        q, k, v = (qkv[:, :, i * H * D:(i + 1) * H * D].reshape(N, t, H, D).transpose(0, 2, 1, 3)
                   for i in range(3))                                     # each (N, H, t, D)
        K[:, :, pos:end] = k
        V[:, :, pos:end] = v
        att = (q @ K[:, :, :end].transpose(0, 1, 3, 2)) * (1.0 / math.sqrt(D))    # (N, H, t, end)
        att[..., pos:end] += mask
        att -= att.max(axis=-1, keepdims=True)
        xp.exp(att, out=att)
        att /= att.sum(axis=-1, keepdims=True)
        y = (att @ V[:, :, :end]).transpose(0, 2, 1, 3).reshape(N, t, H * D)    # (N, t, C)
        x = x + linear_forward(y, P[p + "attn.proj.w"], P[p + "attn.proj.b"])
        h2, _ = layernorm_forward(x, P[p + "ln_2.g"], P[p + "ln_2.b"])
        a = relu_forward(linear_forward(h2, P[p + "mlp.fc.w"], P[p + "mlp.fc.b"]))
        x = x + linear_forward(a, P[p + "mlp.proj.w"], P[p + "mlp.proj.b"])
    hf, _ = layernorm_forward(x, P["ln_f.g"], P["ln_f.b"])
    return hf @ P["wte"].T                                                # (N, t, V)


def sample_next(logits, temperature, top_k, top_p, rng):
    """logits (N, V) host float64 -> (N,) token ids: greedy at temperature 0, else softmax(logits / temperature)
    restricted to the top_k likeliest and to the smallest set holding top_p of the probability."""
    if temperature == 0:
        return logits.argmax(axis=-1)
    z = logits / temperature
    N, V = z.shape
    if 0 < top_k < V:
        kth = numpy.partition(z, V - top_k, axis=-1)[:, V - top_k][:, None]
        z = numpy.where(z < kth, -numpy.inf, z)
    probs = numpy.exp(z - z.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    if top_p < 1.0:
        order = numpy.argsort(-probs, axis=-1)
        sorted_probs = numpy.take_along_axis(probs, order, axis=-1)
        before = numpy.cumsum(sorted_probs, axis=-1) - sorted_probs      # mass of the likelier tokens
        drop = numpy.zeros_like(probs, dtype=bool)
        numpy.put_along_axis(drop, order, before >= top_p, axis=-1)      # the first token is always kept
        probs = numpy.where(drop, 0.0, probs)
        probs /= probs.sum(axis=-1, keepdims=True)
    cumulative = probs.cumsum(axis=-1)
    draws = rng.random((N, 1)) * cumulative[:, -1:]
    return numpy.minimum((cumulative <= draws).sum(axis=-1), V - 1)


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


STREAM = False  # set by the __main__ block: write() prints as it goes when slm.py runs as a script


def write(seed="Once upon a time", n_tokens=200, cfg=None, stream=None):
    """Write a story that begins with `seed`, up to n_tokens new tokens, with the model in cfg.checkpoint
    (default: {out_dir}/best.safetensors). Returns the text (seed included); a list of texts when n_samples > 1.

    The sampling flags in cfg apply: temperature, top_k, top_p, sample_seed, stop_at_end, n_samples.
    """
    cfg = cfg or current_config()
    if not isinstance(seed, str):
        raise SlmError(f"write() takes the seed as text, got {type(seed).__name__}: write('Once upon a time', 200)")
    if isinstance(n_tokens, bool) or not isinstance(n_tokens, int) or n_tokens < 0:
        raise SlmError(f"write() takes a whole number of tokens (0 or more), got {n_tokens!r}")
    path = Path(cfg.checkpoint) if cfg.checkpoint else Path(cfg.out_dir) / "best.safetensors"
    P, mcfg, tokenizer, eot = load_model(path)
    stream = STREAM if stream is None else stream
    n = cfg.n_samples
    prompt = [eot] + encode(tokenizer, seed)             # every story starts after <|endoftext|>, as in training
    prompt = prompt[-mcfg.ctx:]                          # a seed longer than the window keeps its last tokens
    history = numpy.tile(numpy.array(prompt, dtype=numpy.int64), (n, 1))   # (n, len)
    rng = numpy.random.default_rng(None if cfg.sample_seed < 0 else cfg.sample_seed)
    dtype = P["wte"].dtype
    kv = new_kv_cache(mcfg, n, dtype)
    logits = forward_cached(P, mcfg, to_device(history), kv, 0)[:, -1]
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
            logits = forward_cached(P, mcfg, to_device(nxt[:, None]), kv, pos)[:, -1]
            pos += 1
        else:  # the window is full: keep its newest tokens, positions restart at 0
            logits = forward_cached(P, mcfg, to_device(history[:, -keep:]), kv, 0)[:, -1]
            pos = keep
    if printer:
        printer.close()
    start = [t for t in prompt if t != eot] if prompt[0] == eot else prompt
    texts = [decode(tokenizer, start + ids) for ids in new]
    if stream and n > 1:
        for i, text in enumerate(texts):
            print(f"--- story {i + 1} ---\n{text}", flush=True)
    return texts[0] if n == 1 else texts


# ====================================================================================================
# 10. commands
# ====================================================================================================

CONFIG = None  # the run's configuration, set by setup() (or on first use, from config.py alone)
GIVEN = set()  # the flags named on the command line (the study keeps these as they are)


def current_config():
    global CONFIG
    if CONFIG is None:
        CONFIG = make_config()
    return CONFIG


USAGE = """usage: python slm.py [command] [--name=value ...]
  (no command)           train when config.py says train = True, else write a story
  train                  train on cfg.data, saving checkpoints in out_dir
  write [SEED] [N]       write a story that starts with SEED, N tokens at most (default: 'Once upon a time' 200)
  plot                   draw out_dir/training.png from out_dir/log.jsonl (needs matplotlib)
  study                  train one model under 'alternating', 'uniform' and 'none' decay in out_dir/study/, then
                         print a table (usage, dead units, loss spikes) and draw out_dir/study/decay_study.png;
                         at most 600 steps, d_model 64, ctx 64 unless --max_steps, --d_model, --ctx are given
flags: any setting of config.py, e.g. --lr=3e-4 --data=tinystories --temperature=0.7"""

COMMANDS = ("train", "write", "plot", "study")


def setup(argv):
    """Read config.py and the flags, pick the backend, print which. Returns (command or None, its arguments)."""
    global CONFIG, GIVEN
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
    CONFIG = make_config(flags)
    GIVEN = {f[2:].split("=", 1)[0] for f in flags}
    print("backend:", use_backend(CONFIG.device), flush=True)
    return command, args


def run_command(command, args):
    if command == "train":
        train()
    elif command == "write":
        if len(args) > 2:
            raise SlmError(f"write takes a seed and a token count, got {len(args)} words: quote the seed, "
                           f"python slm.py write \"Once upon a time\" 200")
        count = 200
        if len(args) == 2:
            if not args[1].isdigit():
                raise SlmError(f"the token count {args[1]!r} is not a whole number: python slm.py write \"...\" 200")
            count = int(args[1])
        write(args[0] if args else "Once upon a time", count)
    elif command in ("plot", "study"):
        if args:
            raise SlmError(f"{command} takes no words, got {' '.join(args)!r}: choose the folder with "
                           f"--out_dir=..., e.g. python slm.py {command} --out_dir=checkpoints")
        if command == "plot":
            print(f"drew {plot_training(CONFIG.out_dir, CONFIG.relu_zone)}")
        else:
            study(CONFIG, GIVEN)


@contextlib.contextmanager
def friendly_errors():
    """Problems the user can fix end the program with one line, never a traceback."""
    try:
        yield
    except (SlmError, DataError) as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(1)
    except KeyboardInterrupt:
        print("\nstopped (nothing was being saved).", file=sys.stderr)
        raise SystemExit(130)
    except MemoryError:
        print("error: out of memory: lower batch_size or ctx (or d_model)", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    STREAM = True
    with friendly_errors():
        command, args = setup(sys.argv[1:])      # config.py, then --name=value flags; prints the backend
        if command:
            run_command(command, args)
        elif CONFIG.train:
            train()
        else:
            write("Once upon a time", 200)        # <- your seed text, and how many tokens to write
