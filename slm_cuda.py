"""slm_cuda: fused CUDA kernels for the layers of slm.py's section 4 on CuPy; their CUDA C is slm_cuda.cu beside it.

docs/speed.md says what they gain and how the GPU is checked. slm.py's use_kernels() loads this module on CuPy;
enable() compiles the kernels, checks each against the core's own layer on host copies (slm.reference_layers) and
registers those that agree (slm.register), per dtype. The layers then find them through slm.kernel(); nothing in
the core names this module's functions. It reaches the core through `import slm` (one state with the running
script, see slm.py's section 1).

On the GPU the elementwise layers are bound by memory, not arithmetic: as xp calls, a softmax passes over its
(B, H, T, T) scores several times and makes temporaries. Each kernel does one layer's elementwise work in one
launch, one thread block per row, with float32 sums. Every wrapper below takes and returns what its layer function
does.

The CUDA C is compiled from slm_cuda.cu by NVRTC on first use (CuPy's RawModule), and CI compiles the same source to
PTX without a GPU (compile_kernels_to_ptx); tests/test_kernels.py also runs it on the CPU. Every kernel comes as
_f32 and, except AdamW, _f16: float16 arrays are read and written as their 16 bits and converted to float32 in
registers, so all sums are float32. A row kernel's block is a power of two threads, at least a warp, so its
reductions may use full-warp shuffles.
"""
import math
import re
from pathlib import Path

import numpy

import slm

KERNEL_OPTIONS = ("-std=c++14",)  # NVRTC options; RawModule adds the device's architecture and -ftz=true
ROW_THREADS = 256                 # most threads per block for a row of T keys or C channels
VOCAB_THREADS = 1024              # ... for a row of V logits
ELEMENT_THREADS = 256             # threads per block of the elementwise kernels (bias + ReLU, AdamW)
KERNEL_TOLERANCE = {"f32": 1e-4, "f16": 1e-2}   # largest max-abs error check_kernels() should accept, per dtype
KERNEL_SUFFIX = {"float32": "f32", "float16": "f16"}   # array dtype -> its kernels' name suffix

KERNEL_SOURCE = (Path(__file__).resolve().parent / "slm_cuda.cu").read_text(encoding="utf-8")   # the CUDA C source
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
            raise ValueError("fused kernels take C-contiguous arrays: pass slm.xp.ascontiguousarray(a)")
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
    out = slm.xp.empty_like(att) if out is None else out
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
    out, xhat = slm.xp.empty_like(x), slm.xp.empty_like(x)
    rstd = slm.xp.empty(x.shape[:-1] + (1,), dtype=slm.xp.float32)
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
    dx = slm.xp.empty_like(dout)
    rows = dout.size // C if C else 0
    if rows:
        per_block = -(-rows // LAYERNORM_BACKWARD_BLOCKS)
        blocks = -(-rows // per_block)
        partial = slm.xp.empty((2, blocks, C), dtype=slm.xp.float32)       # dg's and db's sums, one row a block
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
    out = slm.xp.empty_like(h) if out is None else out
    if b.shape != h.shape[-1:] or out.shape != h.shape:
        raise ValueError(f"bias_relu_gpu takes h (..., F), b (F) and out like h, got {h.shape}, {b.shape}, {out.shape}")
    if h.size:
        _launch(f"bias_relu_{_kind(h, b, out)}", _blocks(h.size, ELEMENT_THREADS), ELEMENT_THREADS, out, h, b,
                numpy.int64(h.size), numpy.int32(h.shape[-1]))
    return out


_zero_flag = {}   # array module -> a 1-element 0.0 flag: AdamW's kernel always takes one


def _no_skip():
    if slm.xp not in _zero_flag:
        _zero_flag[slm.xp] = slm.xp.zeros(1, dtype=slm.xp.float32)
    return _zero_flag[slm.xp]


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


def cross_entropy_gpu(logits, targets, scale=1.0, smoothing=0.0, prior=None):
    """logits (B, T, V), targets (B, T) ints -> (mean loss as a 0-d float32 device array, dlogits (B, T, V)).

    dlogits is cross_entropy_backward's (probs - onehot(targets)) / (B*T) * scale, written over logits (which is
    returned): the (B, T, V) probabilities are never stored, and the loss scale costs no pass of its own. scale: a
    number, or a 0-d or 1-element float32 device array (float16's loss scale, never read on the host). The loss
    stays on the device until the caller asks for float(loss). smoothing, prior ((V,) float32 on the device, or None:
    every token alike): the gradient is the label-smoothed loss's, as cross_entropy_backward's with the same smoothing
    and prior (the loss stays the plain cross-entropy).
    """
    V = logits.shape[-1]
    rows = logits.size // V if V else 0
    if targets.size != rows:
        raise ValueError(f"cross_entropy_gpu takes one target per row of logits, got {targets.size} for {rows}")
    targets = slm.xp.ascontiguousarray(targets, dtype=slm.xp.int64)    # targets are a strided slice of the batch
    if isinstance(scale, (int, float)):
        if slm.xp not in _device_ones:
            _device_ones[slm.xp] = slm.xp.ones(1, dtype=slm.xp.float32)
        on_device, inv_n = _device_ones[slm.xp], scale / rows if rows else 0.0
    else:
        on_device, inv_n = slm.xp.ascontiguousarray(scale, dtype=slm.xp.float32).reshape(1), 1.0 / rows if rows else 0.0
    losses = slm.xp.empty(rows, dtype=slm.xp.float32)
    if rows:
        _launch(f"cross_entropy_{_kind(logits)}", rows, _threads(V, VOCAB_THREADS), logits, losses, targets,
                on_device, numpy.int32(V), numpy.float32(inv_n), numpy.float32(smoothing), _prior(prior, V))
    return losses.mean(), logits


_uniform = {}      # (array module, V) -> (V,) float32 of 1 / V: the prior of plain (torch's) label smoothing


def _prior(prior, V):
    """The (V,) float32 device array the cross-entropy kernel spreads label smoothing by."""
    if prior is not None:
        return slm.xp.ascontiguousarray(prior, dtype=slm.xp.float32)
    if (slm.xp, V) not in _uniform:
        _uniform[slm.xp, V] = slm.xp.full(V, 1.0 / V, dtype=slm.xp.float32)
    return _uniform[slm.xp, V]


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
        return slm.to_host(a).astype(numpy.float32)

    def worst(*pairs):
        return max(float(numpy.abs(host(a) - numpy.asarray(b, dtype=numpy.float32)).max()) for a, b in pairs)

    for kind, dtype in (("f32", numpy.float32), ("f16", numpy.float16)):
        if numpy.dtype(dtype).name not in dtypes:
            continue

        def rounded(*shape, scale=1.0, dtype=dtype):   # random host values, representable in dtype, as float32
            return (rng.normal(0.0, scale, shape).astype(dtype)).astype(numpy.float32)

        def dev(a, dtype=dtype):
            return slm.to_device(a.astype(dtype))

        # softmax forward and backward through attention_forward/backward with k = v = the identity (T, D): their
        # matmuls then copy, so the scores are q[..., :T] / 8 exactly (D = 64) and dq holds dpre, the softmax's
        # gradient, in its first T columns
        eye = numpy.broadcast_to(numpy.eye(T, D, dtype=numpy.float32), (B, H, T, D))
        q = rounded(B, H, T, D, scale=8.0)
        qkv = numpy.concatenate([a.transpose(0, 2, 1, 3).reshape(B, T, H * D) for a in (q, eye, eye)], axis=-1)
        with slm.reference_layers():
            _, (_, _, _, (probs,), _) = slm.attention_forward(qkv, H, block=T)   # one (T, T) block
        errors[f"softmax_causal_{kind}"] = worst((softmax_causal_gpu(dev(q[..., :T] / 8)), probs))
        probs = probs.astype(dtype).astype(numpy.float32)
        datt = rounded(B, H, T, T)
        dy = numpy.zeros((B, H, T, D), numpy.float32)
        dy[..., :T] = datt
        with slm.reference_layers():
            y = numpy.matmul(probs, eye).transpose(0, 2, 1, 3)       # (B, T, H, D), the forward's output
            dqkv = slm.attention_backward(dy.transpose(0, 2, 1, 3).reshape(B, T, H * D), (q, eye, eye, [probs], y))
        dpre = dqkv[:, :, :H * D].reshape(B, T, H, D).transpose(0, 2, 1, 3)[..., :T]
        errors[f"softmax_causal_backward_{kind}"] = worst((softmax_backward_gpu(dev(probs), dev(datt), 1 / 8), dpre))

        # LayerNorm forward and backward
        x, b, dout = rounded(B, T, C, scale=2.0), rounded(C, scale=0.1), rounded(B, T, C)
        g = (1.0 + rounded(C, scale=0.1)).astype(dtype).astype(numpy.float32)
        with slm.reference_layers():
            out, (xhat, rstd) = slm.layernorm_forward(x, g, b)
        got, (got_xhat, got_rstd) = layernorm_forward_gpu(dev(x), dev(g), dev(b))
        errors[f"layernorm_forward_{kind}"] = worst((got, out), (got_xhat, xhat), (got_rstd, rstd))
        xhat = xhat.astype(dtype).astype(numpy.float32)              # rstd stays float32 in either dtype
        dg, db = numpy.zeros(C, numpy.float32), numpy.zeros(C, numpy.float32)
        with slm.reference_layers():
            dx = slm.layernorm_backward(dout, (xhat, rstd), g, dg, db)
        got_dg, got_db = (slm.xp.zeros(C, dtype=slm.xp.float32) for _ in range(2))   # gradients: float32
        got = layernorm_backward_gpu(dev(dout), (dev(xhat), slm.to_device(rstd)), dev(g), got_dg, got_db)
        errors[f"layernorm_backward_{kind}"] = worst((got, dx), (got_dg, dg), (got_db, db))

        # bias + ReLU: relu_forward(linear_forward(x, w, b)) with h = x @ w from the same host matmul
        x2, w, b2 = rounded(B, T, C), rounded(C, F, scale=0.2), rounded(F)
        h = (x2 @ w).astype(dtype).astype(numpy.float32)
        with slm.reference_layers():
            a = slm.relu_forward(h + b2)
        errors[f"bias_relu_{kind}"] = worst((bias_relu_gpu(dev(h), dev(b2)), a))

        # cross-entropy and its fused backward, times a loss scale on the device (as float16 training passes it)
        logits, targets = rounded(B, T, V, scale=3.0), rng.integers(0, V, size=(B, T))
        with slm.reference_layers():
            loss, probs_ce = slm.cross_entropy_forward(logits, targets)
            dlogits = slm.cross_entropy_backward(probs_ce, targets, 64.0)
        got_loss, got_dlogits = cross_entropy_gpu(dev(logits), slm.to_device(targets),
                                                  slm.to_device(numpy.array(64.0, numpy.float32)))
        errors[f"cross_entropy_{kind}"] = worst((got_loss, loss), (got_dlogits / 64, dlogits / 64))

    if "float32" not in dtypes:
        return errors
    # AdamW, three steps
    n = 1000
    params, decay = rng.normal(0.0, 1.0, n).astype(numpy.float32), rng.uniform(0, 1, n).astype(numpy.float32)
    state = [params, numpy.zeros(n, numpy.float32), numpy.zeros(n, numpy.float32)]
    on_device = [slm.to_device(a.copy()) for a in state]
    for step in (1, 2, 3):
        grads = rng.normal(0.0, 1.0, n).astype(numpy.float32)
        with slm.reference_layers():
            slm.adamw_step(state[0], grads, state[1], state[2], decay, step, 1e-2)
        adamw_step_gpu(on_device[0], slm.to_device(grads), on_device[1], on_device[2], slm.to_device(decay), step, 1e-2)
    errors["adamw_step_f32"] = worst(*zip(on_device, state))
    return errors


def kernels_for(module, dtypes=("float32", "float16")):
    """{slm registry key: (kernel, accepts)}: every kernel here, for arrays of module (CuPy) in dtypes. AdamW's
    kernel is float32's alone (the master weights are float32); LayerNorm's backward takes rows of at most
    LAYERNORM_MOST_CHANNELS."""
    layers = {"softmax_causal": (softmax_causal_gpu, None),
              "softmax_causal_backward": (softmax_backward_gpu, None),
              "layernorm_forward": (layernorm_forward_gpu, None),
              "layernorm_backward": (layernorm_backward_gpu,
                                     lambda dout, *rest: dout.shape[-1] <= LAYERNORM_MOST_CHANNELS),
              "bias_relu": (lambda h, b: bias_relu_gpu(h, b, out=h), None),
              "cross_entropy_and_backward": (cross_entropy_gpu, None),
              "adamw_step": (adamw_step_gpu, None)}
    return {(layer, module, dtype): entry for dtype in dtypes for layer, entry in layers.items()
            if layer != "adamw_step" or dtype == "float32"}


def enable(log=print, dtypes=("float32",), mode=None, decode=False):
    """slm.use_kernels' way in (mode and decode are the CPU's concern)."""
    return enable_fused_kernels(log, dtypes)


def enable_fused_kernels(log=print, dtypes=("float32",)):
    """On CuPy, compile the kernels and check those of the given dtypes against the NumPy reference once; each dtype's
    kernels are registered only if all of them agree, and the start-up line says which are on. Returns whether every
    given dtype's kernels are on. float32 by default, as write() runs; training in float16 asks for both (its
    activations take the float16 kernels, AdamW over the float32 master weights the float32 one)."""
    if slm.xp is numpy:
        return False
    on = {key[2] for key in slm.KERNELS if key[1] is slm.xp and key[0] == "layernorm_forward"}   # checked before
    if all(d in on for d in dtypes):
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
    kept = [d for d in ("float32", "float16") if d in on and d not in dtypes]      # checked before, still on
    others = [d for d in ("float32", "float16") if d not in dtypes and d not in kept]
    log("fused CUDA kernels: " + "; ".join(notes)
        + (f"; {', '.join(others)} not checked (this run does not use them)" if others else ""))
    slm.KERNELS.update(kernels_for(slm.xp, passed))
    return len(passed) == len(dtypes)
