"""The fused CUDA kernels (slm_cuda.py, slm_cuda.cu): they compile for the GPUs CI names, and each wrapper equals its
NumPy layer function.

Every test of a wrapper runs three ways: on a CUDA device ("cuda", skipped without one), and on the CPU with the exact
kernel source compiled by g++ against tests/cuda_on_host.h ("host" with warps in step, "host-reversed" with the last
warp running ahead: a missing barrier or a race changes the result). The host runs also check that each wrapper
passes every kernel argument in its C type and that no kernel writes outside its arrays.
"""
import ctypes
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import slm
import slm_cuda

HERE = Path(__file__).resolve().parent
ENTRY = re.compile(r'extern "C" __global__ void (?:__launch_bounds__\(\d+\) )?(\w+)\(([^)]*)\)')


# ---------------------------------------------------------------------------------------------------------------------
# compiling: what CI checks on every push, without a GPU

def nvrtc_or_skip():
    try:
        from cupy_backends.cuda.libs import nvrtc  # noqa: F401
    except Exception as e:
        reason = f"cupy with NVRTC does not import ({type(e).__name__}: {e}); pip install -r requirements-dev.txt"
        if os.environ.get("SLM_REQUIRE_PEERS") == "1":
            pytest.fail(f"SLM_REQUIRE_PEERS=1 but {reason}")
        pytest.skip(reason)


@pytest.mark.parametrize("arch", [70, 75, 80, 90])   # V100, T4 (hosted notebooks), A100, H100/H200
def test_every_kernel_compiles_to_ptx(arch):
    nvrtc_or_skip()
    ptx = slm_cuda.compile_kernels_to_ptx(arch)
    assert f".target sm_{arch}" in ptx
    entries = re.findall(r"\.entry\s+(\w+)\s*\(", ptx)
    assert sorted(entries) == sorted(slm_cuda.KERNEL_NAMES)


@pytest.mark.parametrize("arch", [70, 75, 80, 90])   # V100, T4 (hosted notebooks), A100, H100/H200
def test_every_kernel_fits_a_block_of_1024_threads(arch):
    """ptxas (inside NVRTC) reports each kernel's registers: 1024 threads of at most 64 fit an SM's 65536, so the
    largest block the wrappers launch (VOCAB_THREADS) cannot fail for want of registers."""
    nvrtc_or_skip()
    from cupy_backends.cuda.libs import nvrtc
    program = nvrtc.createProgram(slm_cuda.KERNEL_SOURCE, "slm_kernels.cu", [], [])
    try:
        nvrtc.compileProgram(program, [f"--gpu-architecture=sm_{arch}", *slm_cuda.KERNEL_OPTIONS, "-ftz=true",
                                       "--ptxas-options=-v"])
        log = nvrtc.getProgramLog(program)
    finally:
        nvrtc.destroyProgram(program)
    log = log.decode(errors="replace") if isinstance(log, bytes) else log
    registers = dict(re.findall(r"Compiling entry function '(\w+)'.*?Used (\d+) registers", log, re.S))
    assert sorted(registers) == sorted(slm_cuda.KERNEL_NAMES)
    assert slm_cuda.VOCAB_THREADS <= 1024 and slm_cuda.ROW_THREADS <= 1024 and slm_cuda.ELEMENT_THREADS <= 1024
    assert all(int(n) <= 64 for n in registers.values()), registers


def test_kernel_names_are_the_sources_entry_points():
    assert [name for name, _ in ENTRY.findall(slm_cuda.KERNEL_SOURCE)] == list(slm_cuda.KERNEL_NAMES)


def test_a_compile_error_comes_with_nvrtcs_log(monkeypatch):
    nvrtc_or_skip()
    broken = "\nextern \"C\" __global__ void broken() { x; }\n"
    monkeypatch.setattr(slm_cuda, "KERNEL_SOURCE", slm_cuda.KERNEL_SOURCE + broken)
    with pytest.raises(RuntimeError, match=r"compute_80(.|\n)*identifier \"x\" is undefined"):
        slm_cuda.compile_kernels_to_ptx("sm_80")


def test_thread_counts_are_powers_of_two_from_a_warp_up():
    sizes = (0, 1, 32, 33, 100, 256, 257, 5000)
    assert [slm_cuda._threads(n, 256) for n in sizes] == [32, 32, 32, 64, 128, 256, 256, 256]
    assert slm_cuda._threads(4099, slm_cuda.VOCAB_THREADS) == 1024
    assert slm_cuda._blocks(1, 256) == 1 and slm_cuda._blocks(257, 256) == 2 and slm_cuda._blocks(10 ** 9, 256) == 65535


# ---------------------------------------------------------------------------------------------------------------------
# running: on a CUDA device, or on the CPU through tests/cuda_on_host.h

C_TYPES = {"int": (ctypes.c_int, np.int32), "long long": (ctypes.c_longlong, np.int64),
           "float": (ctypes.c_float, np.float32)}
POINTEES = {"float": np.float32, "half16": np.float16, "long long": np.int64}


def kernel_signatures():
    """{kernel name: [(C type, is pointer)]} read from KERNEL_SOURCE."""
    out = {}
    for name, params in ENTRY.findall(slm_cuda.KERNEL_SOURCE):
        out[name] = []
        for param in params.split(","):
            ctype = " ".join(param.replace("*", " * ").split()[:-1]).replace("const ", "")
            pointer = ctype.endswith("*")
            out[name].append((ctype.rstrip(" *"), pointer))
    return out


@pytest.fixture(scope="session")
def host_kernels(tmp_path_factory):
    """The kernel source compiled for the CPU, with one launch_<kernel>(grid, block, order, args...) per kernel."""
    compiler = shutil.which("g++")
    if compiler is None:
        pytest.skip("no g++ to run the kernels on the CPU")
    lines = [slm_cuda.KERNEL_SOURCE]
    for name, params in ENTRY.findall(slm_cuda.KERNEL_SOURCE):
        names = [p.split()[-1].lstrip("*") for p in params.split(",")]
        lines.append(f'extern "C" int launch_{name}(int grid, int block, int order, {params}) {{\n'
                     f'    return host_cuda::launch(grid, block, order, [=] {{ {name}({", ".join(names)}); }});\n}}')
    folder = tmp_path_factory.mktemp("kernels")
    (folder / "kernels.cpp").write_text("\n".join(lines))
    library = folder / "kernels.so"
    command = [compiler, "-std=c++17", "-O1", "-ffp-contract=off", "-fPIC", "-shared", "-DSLM_KERNELS_ON_HOST",
               "-include", str(HERE / "cuda_on_host.h"), str(folder / "kernels.cpp"), "-o", str(library)]
    built = subprocess.run(command, capture_output=True, text=True)
    assert built.returncode == 0, f"g++ cannot compile the kernels for the CPU:\n{built.stderr}"
    lib = ctypes.CDLL(str(library))
    lib.host_cuda_error.restype = ctypes.c_char_p
    signatures = kernel_signatures()
    for name, params in signatures.items():
        fn = getattr(lib, f"launch_{name}")
        fn.restype = ctypes.c_int
        fn.argtypes = [ctypes.c_int] * 3 + [ctypes.c_void_p if ptr else C_TYPES[t][0] for t, ptr in params]
    return lib, signatures


PAD = 64  # elements of 0xff (NaN, or -1) on each side of every array a host launch gets


def host_launcher(lib, signatures, order):
    """A stand-in for slm_cuda._launch that runs a kernel on the CPU. Checks the arguments' C types, and that the kernel
    writes nothing outside its arrays (each array is copied into a padded buffer; padding that changes fails)."""
    def launch(name, grid, block, *args):
        params = signatures[name]
        assert len(args) == len(params), f"{name} takes {len(params)} arguments, got {len(args)}"
        padded, c_args = {}, []
        for (ctype, pointer), arg in zip(params, args):
            if pointer:
                assert isinstance(arg, np.ndarray) and arg.dtype == POINTEES[ctype], (name, ctype, arg.dtype)
                assert arg.flags.c_contiguous
                key = arg.__array_interface__["data"][0]
                if key not in padded:  # an argument passed twice (out=datt) is one buffer
                    buffer = np.full((arg.size + 2 * PAD) * arg.itemsize, 0xff, np.uint8).view(arg.dtype)
                    buffer[PAD:PAD + arg.size] = arg.reshape(-1)
                    padded[key] = (arg, buffer)
                c_args.append(padded[key][1].ctypes.data + PAD * arg.itemsize)
            else:
                assert type(arg) is C_TYPES[ctype][1], f"{name}: pass {ctype} as numpy.{C_TYPES[ctype][1].__name__}"
                c_args.append(arg.item())
        if getattr(lib, f"launch_{name}")(grid, block, order, *c_args) != 0:
            raise AssertionError(f"{name}: {lib.host_cuda_error().decode()}")
        for arg, buffer in padded.values():
            untouched = np.full(PAD * arg.itemsize, 0xff, np.uint8)
            assert (buffer[:PAD].view(np.uint8) == untouched).all(), f"{name} wrote before an array"
            assert (buffer[PAD + arg.size:].view(np.uint8) == untouched).all(), f"{name} wrote past an array"
            arg.reshape(-1)[...] = buffer[PAD:PAD + arg.size]
    return launch


@pytest.fixture(params=["cuda", "host", "host-reversed"])
def device(request, monkeypatch):
    """Where the wrappers run. Tests move host arrays with on_device / slm.to_host and compute their references
    inside slm.reference_layers()."""
    if request.param == "cuda":
        cupy, about = slm.find_gpu()
        if cupy is None:
            pytest.skip("no CUDA device")
        saved = slm.xp, slm.BACKEND
        slm.use_backend("gpu")
        yield request.param
        slm.xp, slm.BACKEND = saved
    else:
        lib, signatures = request.getfixturevalue("host_kernels")
        order = int(request.param == "host-reversed")
        monkeypatch.setattr(slm_cuda, "_launch", host_launcher(lib, signatures, order))
        monkeypatch.setattr(slm, "xp", np)
        yield request.param


def on_device(a):
    """A copy of host array a on the device (a copy on the host runs too: kernels write in place)."""
    return slm.to_device(np.array(a))


def rand(rng, *shape, scale=1.0, dtype=np.float32):
    return rng.normal(0.0, scale, shape).astype(dtype)


def close(got, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(slm.to_host(got).astype(np.float32), np.asarray(expected, np.float32),
                               rtol=rtol, atol=atol)


def causal_softmax(scores):
    """Section 4's masked softmax, for queries that may follow cached keys (Tk >= Tq)."""
    Tq, Tk = scores.shape[-2:]
    allowed = np.arange(Tk)[None, :] <= np.arange(Tq)[:, None] + (Tk - Tq)
    z = np.where(allowed, scores, -np.inf)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=-1, keepdims=True)).astype(scores.dtype)


SOFTMAX_SHAPES = [(2, 3, 5, 5), (1, 2, 37, 37), (1, 1, 300, 300), (1, 2, 3, 10), (1, 1, 1, 1)]


@pytest.mark.parametrize("shape", SOFTMAX_SHAPES)
def test_softmax_causal(device, shape):
    rng = np.random.default_rng(0)
    scores = rand(rng, *shape, scale=3.0)
    att = on_device(scores)
    got = slm_cuda.softmax_causal_gpu(att)
    assert got is att
    close(got, causal_softmax(scores))
    if shape[-1] == shape[-2]:  # the same as attention_forward's own softmax
        with slm.reference_layers():
            expected = scores + slm.causal_mask(shape[-1], scores.dtype)
            expected -= expected.max(axis=-1, keepdims=True)
            np.exp(expected, out=expected)
            expected /= expected.sum(axis=-1, keepdims=True)
        close(got, expected)
        assert (np.triu(slm.to_host(got), k=1) == 0).all()


@pytest.mark.parametrize("shape", SOFTMAX_SHAPES)
def test_softmax_backward(device, shape):
    rng = np.random.default_rng(1)
    att = causal_softmax(rand(rng, *shape, scale=3.0))
    datt = rand(rng, *shape)
    scale = 0.125
    expected = att * (datt - (datt * att).sum(axis=-1, keepdims=True)) * np.float32(scale)
    close(slm_cuda.softmax_backward_gpu(on_device(att), on_device(datt), scale), expected)
    in_place = on_device(datt)
    assert slm_cuda.softmax_backward_gpu(on_device(att), in_place, scale, out=in_place) is in_place
    close(in_place, expected)


@pytest.mark.parametrize("blocks", [None, 4])     # 4: each block of the backward takes several rows (and an odd last)
@pytest.mark.parametrize("shape", [(2, 7, 48), (3, 5, 300), (1, 1, 1), (2, 3, 1024), (1, 3, 2100)])
def test_layernorm_forward_and_backward(device, shape, blocks, monkeypatch):
    rng = np.random.default_rng(2)
    C = shape[-1]
    x, dout = rand(rng, *shape, scale=2.0) + 1.0, rand(rng, *shape)
    g, b = 1.0 + rand(rng, C, scale=0.1), rand(rng, C, scale=0.1)
    with slm.reference_layers():
        out, (xhat, rstd) = slm.layernorm_forward(x, g, b)
        dg, db = np.zeros(C, np.float32), np.zeros(C, np.float32)
        dx = slm.layernorm_backward(dout, (xhat, rstd), g, dg, db)
    if blocks:
        monkeypatch.setattr(slm_cuda, "LAYERNORM_BACKWARD_BLOCKS", blocks)
    got, (got_xhat, got_rstd) = slm_cuda.layernorm_forward_gpu(on_device(x), on_device(g), on_device(b))
    assert got_xhat.shape == xhat.shape and got_rstd.shape == rstd.shape == shape[:-1] + (1,)
    close(got, out, atol=1e-5)
    close(got_xhat, xhat, atol=1e-5)
    close(got_rstd, rstd)
    got_dg, got_db = on_device(np.ones(C, np.float32)), on_device(np.ones(C, np.float32))
    got_dx = slm_cuda.layernorm_backward_gpu(on_device(dout), (on_device(xhat), on_device(rstd)),
                                        on_device(g), got_dg, got_db)
    close(got_dx, dx, atol=1e-5 * max(1.0, float(rstd.max())))
    close(got_dg, 1.0 + dg, atol=1e-4)
    close(got_db, 1.0 + db, atol=1e-4)


@pytest.mark.parametrize("shape", [(2, 7, 192), (3, 1000), (1, 1)])
def test_bias_relu(device, shape, monkeypatch):
    rng = np.random.default_rng(3)
    h, b = rand(rng, *shape), rand(rng, shape[-1])
    with slm.reference_layers():
        expected = slm.relu_forward(h + b)
    close(slm_cuda.bias_relu_gpu(on_device(h), on_device(b)), expected, rtol=0, atol=0)
    monkeypatch.setattr(slm_cuda, "_blocks", lambda n, threads: 2)   # fewer threads than elements: the loop strides
    in_place = on_device(h)
    assert slm_cuda.bias_relu_gpu(in_place, on_device(b), out=in_place) is in_place
    close(in_place, expected, rtol=0, atol=0)


def test_bias_relu_passes_nan_as_numpy_does(device):
    h = np.array([[np.nan, -1.0, 2.0]], np.float32)
    got = slm.to_host(slm_cuda.bias_relu_gpu(on_device(h), on_device(np.zeros(3, np.float32))))
    assert np.isnan(got[0, 0]) and got[0, 1] == 0 and got[0, 2] == 2


@pytest.mark.parametrize("n, blocks", [(1000, None), (70_001, None), (1000, 3)])
def test_adamw_step(device, n, blocks, monkeypatch):
    if blocks:
        monkeypatch.setattr(slm_cuda, "_blocks", lambda n, threads: blocks)
    rng = np.random.default_rng(4)
    params, decay = rand(rng, n), rng.choice(np.array([0.0, 0.1, 0.92], np.float32), n)
    expected = [params.copy(), np.zeros(n, np.float32), np.zeros(n, np.float32)]
    got = [on_device(a) for a in expected]
    for step, lr in ((1, 3e-4), (2, 1e-2), (3, 1e-3), (1000, 1e-3)):
        grads = rand(rng, n, scale=0.1)
        with slm.reference_layers():
            slm.adamw_step(expected[0], grads, expected[1], expected[2], decay, step, lr)
        slm_cuda.adamw_step_gpu(got[0], on_device(grads), got[1], got[2], on_device(decay), step, lr)
        for g, e in zip(got, expected):
            close(g, e, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("shape", [(2, 3, 37), (2, 2, 4096 + 3), (1, 3, 50257), (1, 1, 1)])
@pytest.mark.parametrize("smoothing, prior", [(0.0, None), (0.1, None), (0.1, "unigram")])
def test_cross_entropy(device, shape, smoothing, prior):
    rng = np.random.default_rng(5)
    B, T, V = shape
    logits = rand(rng, *shape, scale=4.0)
    batch = rng.integers(0, V, size=(B, T + 1))
    targets = batch[:, 1:]                                         # a strided slice, as training passes it
    prior = None if prior is None else slm.unigram_prior(rng.zipf(1.5, 5000) % V, V).astype(np.float32)
    with slm.reference_layers():
        loss, probs = slm.cross_entropy_forward(logits, targets)
        dlogits = slm.cross_entropy_backward(probs, targets, smoothing=smoothing, prior=prior)
    device_logits = on_device(logits)
    got_loss, got_dlogits = slm_cuda.cross_entropy_gpu(device_logits, on_device(batch)[:, 1:], smoothing=smoothing,
                                                       prior=None if prior is None else on_device(prior))
    assert got_dlogits is device_logits and got_loss.shape == ()
    assert abs(float(got_loss) - float(loss)) <= 1e-5 * max(1.0, abs(float(loss)))
    close(got_dlogits, dlogits, atol=1e-8)


@pytest.mark.parametrize("scale", [1024.0, "device"])
def test_cross_entropy_takes_the_loss_scale_in_the_same_pass(device, scale):
    """The scaled gradient equals cross_entropy_backward's with the same scale, as a number or a device value (the
    0-d view float16 training passes): the loss itself stays unscaled."""
    rng = np.random.default_rng(7)
    logits, targets = rand(rng, 2, 5, 300, scale=3.0), rng.integers(0, 300, size=(2, 5))
    with slm.reference_layers():
        loss, probs = slm.cross_entropy_forward(logits, targets)
        expected = slm.cross_entropy_backward(probs, targets, 512.0 if scale == "device" else scale, 0.1)
    given = on_device(np.array([3.0, 512.0], np.float32))[1] if scale == "device" else scale   # a 0-d view
    got_loss, got = slm_cuda.cross_entropy_gpu(on_device(logits), on_device(targets), given, 0.1)
    assert abs(float(got_loss) - float(loss)) <= 1e-5 * abs(float(loss))
    close(got, expected, rtol=1e-5, atol=1e-6)


def test_cross_entropy_of_a_target_outside_the_vocabulary_is_nan(device):
    logits = np.zeros((1, 2, 5), np.float32)
    loss, _ = slm_cuda.cross_entropy_gpu(on_device(logits), on_device(np.array([[1, 5]])))
    assert np.isnan(float(loss))


def test_float16_kernels_round_only_their_outputs(device):
    """Each float16 kernel against the float32 reference on the same (rounded) inputs: off by an output rounding."""
    rng = np.random.default_rng(6)

    def half(*shape, scale=1.0):
        return rand(rng, *shape, scale=scale, dtype=np.float16)

    def f32(a):
        return a.astype(np.float32)

    def near(got, expected):
        close(got, expected, rtol=2e-3, atol=1e-3 * max(1.0, float(np.abs(expected).max())))

    scores = half(2, 3, 37, 37, scale=3.0)
    probs = causal_softmax(f32(scores))
    near(slm_cuda.softmax_causal_gpu(on_device(scores)), probs)
    att, datt = probs.astype(np.float16), half(2, 3, 37, 37)
    near(slm_cuda.softmax_backward_gpu(on_device(att), on_device(datt), 0.125),
         f32(att) * (f32(datt) - (f32(datt) * f32(att)).sum(axis=-1, keepdims=True)) * 0.125)

    x, g, b, dout = half(2, 5, 300, scale=2.0), (1 + half(300, scale=0.1)), half(300, scale=0.1), half(2, 5, 300)
    with slm.reference_layers():
        out, (xhat, rstd) = slm.layernorm_forward(f32(x), f32(g), f32(b))
    got, (got_xhat, got_rstd) = slm_cuda.layernorm_forward_gpu(on_device(x), on_device(g), on_device(b))
    assert got.dtype == got_xhat.dtype == np.float16 and got_rstd.dtype == np.float32   # a statistic: float32
    near(got, out)
    near(got_xhat, xhat)
    close(got_rstd, rstd, rtol=1e-5)
    xhat = xhat.astype(np.float16)
    dg, db = np.zeros(300, np.float32), np.zeros(300, np.float32)
    with slm.reference_layers():
        dx = slm.layernorm_backward(f32(dout), (f32(xhat), rstd), f32(g), dg, db)
    got_dg, got_db = on_device(np.zeros(300, np.float32)), on_device(np.zeros(300, np.float32))
    near(slm_cuda.layernorm_backward_gpu(on_device(dout), (on_device(xhat), on_device(rstd)), on_device(g),
                                    got_dg, got_db), dx)
    close(got_dg, dg, rtol=1e-5, atol=1e-5)        # the parameters' gradients: float32 sums of the float16 inputs
    close(got_db, db, rtol=1e-5, atol=1e-5)

    h, hb = half(3, 7, 192), half(192)
    near(slm_cuda.bias_relu_gpu(on_device(h), on_device(hb)), np.maximum(f32(h) + f32(hb), 0))

    logits, targets = half(2, 3, 4099, scale=4.0), rng.integers(0, 4099, size=(2, 3))
    with slm.reference_layers():
        loss, p = slm.cross_entropy_forward(f32(logits), targets)
        dlogits = slm.cross_entropy_backward(p, targets)
    got_loss, got_dlogits = slm_cuda.cross_entropy_gpu(on_device(logits), on_device(targets))
    assert got_dlogits.dtype == np.float16 and abs(float(got_loss) - float(loss)) < 1e-4
    close(got_dlogits, dlogits, rtol=2e-3, atol=1e-7)
    # unscaled, most of these float16 gradients (about 1 / (V * B * T) = 4e-5) are below float16's smallest normal
    # number (6.1e-5), and the smallest are lost; the loss scale, applied inside the kernel, keeps them whole
    scale = 2.0 ** 14
    _, scaled = slm_cuda.cross_entropy_gpu(on_device(logits), on_device(targets), on_device(np.float32(scale)))
    assert (np.abs(slm.to_host(dlogits)) < 6.1e-5).mean() > 0.5
    close(slm.to_host(scaled).astype(np.float32) / scale, dlogits, rtol=2e-3, atol=1e-9)


def test_check_kernels_finds_every_kernel_agrees(device):
    errors = slm_cuda.check_kernels()
    assert sorted(errors) == sorted(slm_cuda.KERNEL_NAMES)
    for name, error in errors.items():
        assert error <= slm_cuda.KERNEL_TOLERANCE[name[-3:]], (name, error)
    assert all(error <= 1e-5 for name, error in errors.items() if name.endswith("f32")), errors


def test_training_step_with_the_kernels_wired_in_equals_the_reference(device, monkeypatch):
    """The layers dispatch to the kernels when they are registered: a whole forward, backward and AdamW step with them
    equals
    the one with section 4's NumPy code (on the host emulator here; on a GPU when there is one)."""
    from helpers import tiny_config
    cfg = tiny_config(vocab_size=67, n_layer=2, d_model=32, n_head=2, ctx=16)
    tokens = np.random.default_rng(6).integers(0, cfg.vocab_size, size=(2, cfg.ctx + 1))
    results = {}
    for use_kernels in (False, True):
        monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(slm.xp) if use_kernels else {})
        params = slm.init_params(cfg, seed=1)
        grads, m, v = (slm.xp.zeros_like(params) for _ in range(3))
        P, G = slm.views(params, cfg), slm.views(grads, cfg)
        batch = slm.to_device(tokens)
        logits, loss, cache, usage = slm.forward(P, cfg, batch[:, :-1], batch[:, 1:])
        assert (logits is None) == use_kernels     # the loss kernel takes the logits' buffer
        slm.backward(G, P, cfg, cache)
        slm.adamw_step(params, grads, m, v, slm.decay_vector(cfg), 1, 1e-2)
        kv = slm.KVCache.new(cfg, 2, "float32")
        slm.forward(P, cfg, batch[:, :5], kv=kv)
        cached = slm.forward(P, cfg, batch[:, 5:6], kv=kv, pos=5)[0]
        results[use_kernels] = [float(loss), slm.to_host(usage), slm.to_host(grads), slm.to_host(params),
                                slm.to_host(cached)]
    reference, fused = results[False], results[True]
    assert abs(reference[0] - fused[0]) < 1e-5
    # AdamW's step is about lr * g / |g| however small g is, so where the true gradient is (nearly) 0 each side steps
    # by its own rounding noise: the attention key biases (softmax ignores a constant added to a row: exactly 0) and
    # the odd weight whose gradient cancels to ~1e-9. Compare the weights where the gradient is signal
    signal = np.abs(reference[2]) > 1e-6
    for l in range(cfg.n_layer):
        slm.views(signal, cfg)[f"h.{l}.attn.qkv.b"][cfg.d_model:2 * cfg.d_model] = False
    assert signal.mean() > 0.95
    np.testing.assert_allclose(fused[1], reference[1], rtol=1e-6)                      # ReLU usage
    np.testing.assert_allclose(fused[2], reference[2], rtol=1e-4, atol=2e-5)            # gradients
    np.testing.assert_allclose(fused[3][signal], reference[3][signal], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(fused[4], reference[4], rtol=1e-4, atol=1e-5)            # KV-cached logits
