"""The GPU path's choices, tested without a GPU: slm runs on tests/fake_cupy.py, a NumPy-backed stand-in for the cupy
module that records each matmul (shapes, and the cuBLAS path CuPy would take), each operand CuPy would copy, and each
device-to-host transfer. A linear layer's product that goes back to a batched 3-D call, a (B, H, T, T) operand copied
to be transposed, or a training step that reads the GPU between two log lines fails here."""

import numpy as np
import pytest
from fake_cupy import FakeCupy
from helpers import tiny_config
from test_kernels import host_kernels, host_launcher  # noqa: F401  (host_kernels is a fixture)

import slm
import slm_cuda

pytestmark = pytest.mark.usefixtures("prepared_data_in_tmp")   # story_file and this: tests/conftest.py


@pytest.fixture
def fake(monkeypatch):
    """slm on the stand-in; no kernel is registered unless a test registers them."""
    fake = FakeCupy()
    monkeypatch.setattr(slm, "xp", fake)
    monkeypatch.setattr(slm, "BACKEND", "fake cupy (tests/fake_cupy.py)")
    monkeypatch.setattr(slm, "KERNELS", {})
    monkeypatch.setattr(slm_cuda, "_launch", lambda *a: (_ for _ in ()).throw(RuntimeError("no GPU in this test")))
    monkeypatch.setattr(slm, "measure_matmul_peak", lambda *a, **k: 1e12)   # a 4096^2 matmul: not on a test's CPU
    return fake


def kernels_on_the_host(monkeypatch, fake, host_kernels):
    """The fused kernels, run by the host emulator on the stand-in's arrays, as they run on a GPU. Returns the list
    of the kernels' names as they are launched."""
    lib, signatures = host_kernels
    launch, launched = host_launcher(lib, signatures, 0), []

    def recorded(name, *args):
        launched.append(name)
        return launch(name, *args)
    monkeypatch.setattr(slm_cuda, "_launch", recorded)
    return launched


CFG = dict(vocab_size=37, n_layer=2, d_model=24, n_head=2, ctx=16, batch_size=3)   # T = 16, D = 12: told apart


def weight_shapes(cfg):
    """Every 2-D parameter's shape and its transpose's."""
    shapes = {s for _, s in slm.param_shapes(cfg) if len(s) == 2}
    return shapes | {s[::-1] for s in shapes}


@pytest.mark.parametrize("kernels", [False, True])
def test_linear_layers_are_one_2d_gemm_and_no_TxT_operand_is_copied(fake, monkeypatch, request, kernels):
    if kernels:
        kernels_on_the_host(monkeypatch, fake, request.getfixturevalue("host_kernels"))
        monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(fake))
    cfg = tiny_config(**CFG)
    params = slm.init_params(cfg)
    grads = fake.zeros_like(params)
    P, G = slm.views(params, cfg), slm.views(grads, cfg)
    tokens = slm.to_device(np.random.default_rng(0).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1)))
    fake.record.clear()
    _, loss, cache, _ = slm.forward(P, cfg, tokens[:, :-1], tokens[:, 1:])
    slm.backward(G, P, cfg, cache)
    kv = slm.KVCache.new(cfg, 3, "float32")                           # writing: a prompt, then one token
    slm.forward(P, cfg, tokens[:, :5], kv=kv)
    slm.forward(P, cfg, tokens[:, 5:6], kv=kv, pos=5)
    matmuls = fake.record.matmuls
    weights = weight_shapes(cfg)
    # a linear layer's product: a weight (or its transpose) is an operand, or the product is a weight's gradient
    with_weights = [m for m in matmuls if set(m.shapes) & weights
                    or (m.shapes[0][:-1] + m.shapes[1][-1:]) in weights]
    # qkv, proj, fc, proj and the head: forward 4L + 1, backward 2 each (dx and dw), writing 2 forwards more
    assert len(with_weights) == (4 * cfg.n_layer + 1) * (1 + 2 + 2)
    assert all(m.path == "gemm" and not m.copied for m in with_weights), [m for m in with_weights
                                                                           if m.path != "gemm" or m.copied]
    assert not [m for m in matmuls if m.path == "pointer-batched"]   # no tables of matrix pointers at all
    attention = [m for m in matmuls if m.path == "strided-batched"]
    assert len(attention) == 2 * cfg.n_layer + 4 * cfg.n_layer + 2 * 2 * cfg.n_layer
    D, T = cfg.d_model // cfg.n_head, cfg.ctx
    assert fake.record.copies and all(D in shape[-2:] for shape in fake.record.copies), fake.record.copies
    assert not [s for s in fake.record.copies if s[-2:] == (T, T)]
    assert not fake.record.transfers


def a_step_on_the_stand_in(fake, cfg, dtype="float32", loss_scale=1.0, seed=0):
    """forward (recorded), then backward (recorded apart) of one batch on the stand-in -> (the forward's relu usage,
    the flat float32 gradients, the forward's ufunc calls and module calls, the backward's ufunc calls)."""
    params = slm.init_params(cfg, seed=seed)
    grads = fake.zeros_like(params)
    P, G = slm.views(params if dtype == "float32" else params.astype(dtype), cfg), slm.views(grads, cfg)
    tokens = slm.to_device(np.random.default_rng(seed).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1)))
    fake.record.clear()
    _, _, cache, usage = slm.forward(P, cfg, tokens[:, :-1], tokens[:, 1:], loss_scale=loss_scale)
    forward_ufuncs, forward_calls = list(fake.record.ufuncs), list(fake.record.calls)
    fake.record.clear()
    slm.backward(G, P, cfg, cache)
    return usage, grads, forward_ufuncs, forward_calls, list(fake.record.ufuncs)


def sized(ufuncs, size):
    """The ufunc calls, matmuls aside, with an operand of `size` elements: the passes over such an array."""
    return [u for u in ufuncs if u.name != "matmul" and any(np.prod(shape) == size for shape in u.shapes)]


@pytest.mark.parametrize("kernels", [False, True])
def test_the_loss_scale_costs_no_pass_over_the_logits(fake, monkeypatch, request, kernels):
    """float16's loss scale multiplies d(logits) inside the pass that makes it: the cross-entropy kernel, or
    cross_entropy_backward's one pass on the plain layers; never a (B, T, V) pass of its own. A power-of-two scale,
    a device value as train() passes it, then scales every gradient exactly."""
    if kernels:
        kernels_on_the_host(monkeypatch, fake, request.getfixturevalue("host_kernels"))
        monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(fake))
    cfg = tiny_config(**CFG)
    _, plain, *_ = a_step_on_the_stand_in(fake, cfg)
    scale = fake.asarray(np.array([1.0, 1024.0], np.float32))[1]              # a 0-d view, as DeviceScaler.scale
    _, scaled, forward_ufuncs, _, backward_ufuncs = a_step_on_the_stand_in(fake, cfg, loss_scale=scale)
    logit_passes = sized(forward_ufuncs + backward_ufuncs, 3 * cfg.ctx * cfg.vocab_size)
    if kernels:
        assert logit_passes == []                                           # the kernel did them all
    else:
        assert [u.name for u in sized(backward_ufuncs, 3 * cfg.ctx * cfg.vocab_size)] == ["multiply"]
    assert slm.to_host(scaled).tobytes() == (1024 * slm.to_host(plain)).tobytes()


def test_layernorm_backward_with_its_kernel_makes_no_full_size_temporary(fake, monkeypatch, host_kernels):
    """One kernel reads dout and xhat for dx and for dg's and db's sums: no (B, T, C) array is made or passed over
    but dx, and the result equals section 4's NumPy layer."""
    kernels_on_the_host(monkeypatch, fake, host_kernels)
    monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(fake))
    monkeypatch.setattr(slm_cuda, "LAYERNORM_BACKWARD_BLOCKS", 4)                   # 15 rows: blocks of 4 rows
    rng = np.random.default_rng(3)
    x, dout = rng.normal(size=(3, 5, 48)).astype(np.float32), rng.normal(size=(3, 5, 48)).astype(np.float32)
    g, b = (1 + 0.1 * rng.normal(size=48)).astype(np.float32), (0.1 * rng.normal(size=48)).astype(np.float32)
    with slm.reference_layers():
        _, cache = slm.layernorm_forward(x, g, b)
        dg, db = np.ones(48, np.float32), np.ones(48, np.float32)
        dx = slm.layernorm_backward(dout, cache, g, dg, db)
    device_cache = tuple(slm.to_device(a) for a in cache)
    got_dg, got_db = slm.to_device(np.ones(48, np.float32)), slm.to_device(np.ones(48, np.float32))
    device_dout, device_g = slm.to_device(dout), slm.to_device(g)
    fake.record.clear()
    got = slm.layernorm_backward(device_dout, device_cache, device_g, got_dg, got_db)
    assert sized(fake.record.ufuncs, dout.size) == []
    assert fake.record.calls == ["empty_like", "empty"]                      # dx, and the blocks' partial sums
    np.testing.assert_allclose(slm.to_host(got), dx, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(slm.to_host(got_dg), dg, rtol=1e-5)
    np.testing.assert_allclose(slm.to_host(got_db), db, rtol=1e-5)


@pytest.mark.parametrize("kernels", [False, True])
def test_relu_usage_is_one_reduction_over_every_layer(fake, monkeypatch, request, kernels):
    """On CuPy every layer's hidden units land in one (n_layer, B, T, F) buffer and one count_nonzero counts the
    units that fired in all of them: no pass over a layer's (B, T, F) for it, no transfer; the usage equals NumPy's."""
    if kernels:
        kernels_on_the_host(monkeypatch, fake, request.getfixturevalue("host_kernels"))
        monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(fake))
    cfg = tiny_config(**{**CFG, "n_layer": 3})
    usage, _, forward_ufuncs, forward_calls, _ = a_step_on_the_stand_in(fake, cfg)
    F, N = 4 * cfg.d_model, 3 * cfg.ctx
    assert forward_calls.count("count_nonzero") == 1
    # the passes over one layer's hidden units: its bias and ReLU (one kernel, or two ufuncs), nothing that counts
    assert [u.name for u in sized(forward_ufuncs, N * F)] == ([] if kernels else ["add", "maximum"] * cfg.n_layer)
    assert not fake.record.transfers
    slm.use_backend("cpu")
    params = slm.init_params(cfg, seed=0)
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1))
    expected = slm.forward(slm.views(params, cfg), cfg, tokens[:, :-1], tokens[:, 1:])[3]
    np.testing.assert_allclose(slm.to_host(usage), expected, rtol=1e-6)


def test_the_stand_in_sees_what_the_old_calls_would_cost(fake):
    """The record itself: a 3-D input under a 2-D weight is a pointer-batched GEMM with w.T copied; a transposed
    (B, H, T, T) left operand is copied; float() on a device array is a transfer."""
    x, w = fake.ones((3, 16, 24), dtype="float32"), fake.ones((37, 24), dtype="float32")
    att, dy = fake.ones((3, 2, 16, 16), dtype="float32"), fake.ones((3, 2, 16, 12), dtype="float32")
    x @ w.T
    att.transpose(0, 1, 3, 2) @ dy
    float(x.sum())
    paths = [(m.path, m.copied) for m in fake.record.matmuls]
    assert paths == [("pointer-batched", [(24, 37)]), ("strided-batched", [(3, 2, 16, 16)])]
    assert [(t.how, t.shape) for t in fake.record.transfers] == [("float", ())]


def test_matmul_tn_equals_the_transposed_product_on_both_backends(fake):
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 3, 7, 5)).astype(np.float32), rng.normal(size=(2, 3, 7, 4)).astype(np.float32)
    on_fake = slm.to_host(slm.matmul_tn(slm.to_device(a), slm.to_device(b)))
    np.testing.assert_allclose(on_fake, a.swapaxes(-1, -2) @ b, rtol=1e-5, atol=1e-6)
    assert fake.record.copies == [(2, 3, 4, 7)]                         # only b^T, the small operand
    slm.use_backend("cpu")
    np.testing.assert_allclose(slm.matmul_tn(a, b), np.matmul(a.swapaxes(-1, -2), b), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("max_norm", [1.0, 1e6, 0.0])
def test_clipping_on_the_device_reads_nothing_and_equals_numpys(fake, max_norm):
    g = np.random.default_rng(2).normal(size=1000).astype(np.float32)
    host = g.copy()
    with slm.reference_layers():
        host_norm = slm.clip_gradients(host, max_norm)
    device = slm.to_device(g)
    fake.record.clear()
    norm = slm.clip_gradients(device, max_norm)
    assert not fake.record.transfers and isinstance(norm, fake.ndarray) and norm.shape == ()
    assert slm.to_host(device).tobytes() == host.tobytes()               # bitwise: the same factor, the same rounding
    assert slm.to_host(norm) == np.float32(host_norm)


def test_precision_sets_tf32_for_both_of_cupys_ways_to_cublas_and_restores_them(fake):
    linalg, cublas = fake._core._routines_linalg, fake.cuda.cublas
    with slm.precision(tf32=True):
        assert linalg.get_compute_type(np.float32) == linalg.COMPUTE_TYPE_TF32
        assert cublas.getMathMode(1) == slm.CUBLAS_TF32_TENSOR_OP_MATH
    assert linalg.get_compute_type(np.float32) == linalg.COMPUTE_TYPE_DEFAULT
    assert cublas.getMathMode(1) == cublas.CUBLAS_DEFAULT_MATH
    with slm.precision():
        assert len(fake.record.settings) == 4                           # without TF32 no cuBLAS setting changes


def test_kernel_functions_are_looked_up_once(monkeypatch):
    looked_up, launched = [], []

    class Module:
        def get_function(self, name):
            looked_up.append(name)
            return lambda grid, block, args: launched.append((name, grid, block))
    monkeypatch.setattr(slm_cuda, "_kernel_module", Module())
    monkeypatch.setattr(slm_cuda, "_kernel_functions", {})
    for _ in range(3):
        slm_cuda._launch("bias_relu_f32", 4, 256)
        slm_cuda._launch("adamw_step_f32", 2, 256)
    assert looked_up == ["bias_relu_f32", "adamw_step_f32"] and len(launched) == 6


def on_dtypes(module):
    """The dtypes whose kernels are registered for module."""
    return {dtype for _, m, dtype in slm.KERNELS if m is module}


def test_the_self_check_decides_per_dtype_and_says_which_kernels_are_on(fake, monkeypatch, host_kernels):
    kernels_on_the_host(monkeypatch, fake, host_kernels)
    lines = []
    assert slm_cuda.enable_fused_kernels(lines.append, ("float32",))
    assert on_dtypes(fake) == {"float32"}
    assert lines[-1].startswith("fused CUDA kernels: float32 on (7 checked against NumPy")
    assert lines[-1].endswith("float16 not checked (this run does not use them)")
    half = fake.ones((2, 4), dtype="float16")
    assert slm.kernel("layernorm_forward", fake.ones((2, 4), dtype="float32"))
    assert not slm.kernel("layernorm_forward", half)
    monkeypatch.setitem(slm_cuda.KERNEL_TOLERANCE, "f16", -1.0)              # every float16 kernel now "disagrees"
    assert slm_cuda.enable_fused_kernels(lines.append, ("float16",)) is False
    assert "warning: float16 kernels disagree" in lines[-1] and "not checked" not in lines[-1]
    assert on_dtypes(fake) == {"float32"}                               # float32's stay on
    assert not slm.kernel("layernorm_forward", half)


def run_config(story_file, out_dir, **changes):
    values = dict(data=str(story_file), vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=16, batch_size=4,
                  grad_accum=2, max_steps=12, checkpoint_every=6, log_every=3, eval_windows=4, out_dir=str(out_dir),
                  dtype="float32", tf32=False)
    values.update(changes)
    return tiny_config(**values)


AT_LOG_LINES = ("read_window", "evaluate", "save_checkpoint")   # where train() may read the device


@pytest.mark.parametrize("kernels", [False, True])
def test_training_reads_the_gpu_only_at_log_lines(story_file, tmp_path, fake, monkeypatch, request, kernels):
    """Between two log lines a step leaves everything on the device: the step losses, the clip norm, the ReLU usage.
    The log line reads its window in one transfer; validation and checkpoints read what they write."""
    if kernels:
        kernels_on_the_host(monkeypatch, fake, request.getfixturevalue("host_kernels"))
        monkeypatch.setattr(slm_cuda, "enable_fused_kernels",             # the self-check has its own test above
                            lambda *a: slm.KERNELS.update(slm_cuda.kernels_for(fake, ("float32",))) or True)
    # the host emulator runs every CUDA thread of a kernel: a smaller run with the kernels on
    sizes = dict(batch_size=2, ctx=8, max_steps=6, log_every=2, eval_windows=2) if kernels else {}
    lines = []
    result = slm.train(run_config(story_file, tmp_path / "gpu", **sizes), log=lines.append)
    assert (on_dtypes(fake) == {"float32"}) == kernels
    startup = [t for t in fake.record.transfers if "enable_fused_kernels" in t.stack]
    in_loop = [t for t in fake.record.transfers if t not in startup]
    stray = [t for t in in_loop if not set(t.stack) & set(AT_LOG_LINES)]
    assert not stray, stray
    progress_lines = [line for line in lines if line.startswith("step ")]
    assert len(progress_lines) == (3 if kernels else 4)
    assert len([t for t in in_loop if "read_window" in t.stack]) == len(progress_lines)   # one transfer a line
    slm.use_backend("cpu")
    reference = slm.train(run_config(story_file, tmp_path / "cpu", **sizes), log=lambda *a: None)
    np.testing.assert_allclose(result["losses"], reference["losses"], rtol=1e-4)
    assert len(result["losses"]) == (6 if kernels else 12) and all(isinstance(x, float) for x in result["losses"])


def test_a_nan_loss_on_the_gpu_stops_the_run_at_the_log_line_before_any_save(story_file, tmp_path, fake,
                                                                              monkeypatch):
    real, calls = slm.forward_backward, {"n": 0}

    def overflow_at_step_4(*args, **kwargs):                           # grad_accum = 2: two calls a step
        loss, usage = real(*args, **kwargs)
        calls["n"] += 1
        return (fake.asarray(np.float32(np.inf)) if calls["n"] == 7 else loss), usage
    monkeypatch.setattr(slm, "forward_backward", overflow_at_step_4)
    with pytest.raises(slm.SlmError) as e:
        slm.train(run_config(story_file, tmp_path, checkpoint_every=3, log_every=3), log=lambda *a: None)
    message = str(e.value)
    assert message.startswith("the loss became inf at step 4: lower lr") and "\n" not in message
    assert f"{tmp_path / 'latest.safetensors'} still holds step 3, the last good checkpoint" in message
    assert slm.load_checkpoint(tmp_path / "latest.safetensors")[1]["step"] == 3


def overflow_at(monkeypatch, call):
    """forward_backward whose gradients hold an inf at its call-th call (grad_accum = 2: two calls a step)."""
    real, calls = slm.forward_backward, {"n": 0}

    def overflowing(P, G, grads, *args, **kwargs):
        out = real(P, G, grads, *args, **kwargs)
        calls["n"] += 1
        if calls["n"] == call:
            grads[0] = np.inf
        return out
    monkeypatch.setattr(slm, "forward_backward", overflowing)


@pytest.mark.parametrize("kernels", [False, True])
def test_float16_loss_scaling_on_the_gpu_reads_nothing_between_log_lines_and_equals_numpys(
        story_file, tmp_path, fake, monkeypatch, request, kernels):
    """float16's dynamic loss scale lives on the device (DeviceScaler): an overflow at step 4 skips that step's update
    on the device (the fused AdamW reads the flag), halves the scale there, and the log line says so. The run equals
    NumPy's, which checks each step on the host: the same losses after the skip, the same scaler saved."""
    launched = []
    if kernels:
        launched = kernels_on_the_host(monkeypatch, fake, request.getfixturevalue("host_kernels"))
        monkeypatch.setattr(slm_cuda, "enable_fused_kernels",
                            lambda *a: slm.KERNELS.update(slm_cuda.kernels_for(fake)) or True)
    sizes = dict(batch_size=2, ctx=8, max_steps=6, log_every=3, checkpoint_every=6, eval_windows=2, dtype="float16")
    overflow_at(monkeypatch, 7)                                         # step 4's second micro-batch
    lines = []
    result = slm.train(run_config(story_file, tmp_path / "gpu", **sizes), log=lines.append)
    in_loop = [t for t in fake.record.transfers if "enable_fused_kernels" not in t.stack]
    stray = [t for t in in_loop if not set(t.stack) & set(AT_LOG_LINES)]
    assert not stray, stray
    # a real mixed-precision path: every matmul takes float16 activations and float16 weights (but the plain loss's
    # row sums, a product with a column of ones: float32, a sum), every layer's kernel is its float16 one, and AdamW's
    # (over the float32 master weights) the float32 one
    products = [m for m in fake.record.matmuls if m.shapes[1][-1] != 1]
    assert products and {m.dtypes for m in products} == {("float16", "float16")}
    assert {m.dtypes for m in fake.record.matmuls if m not in products} <= {("float32", "float32")}
    if kernels:
        assert {name for name in launched if name.endswith("_f32")} == {"adamw_step_f32"}
        assert {name[:-4] for name in launched if name.endswith("_f16")} == {
            "softmax_causal", "softmax_causal_backward", "layernorm_forward", "layernorm_backward", "bias_relu",
            "cross_entropy"}
    assert "float16: 1 of the last 3 steps overflowed; skipped their updates, loss scale now 32768" in lines
    gpu = slm.load_checkpoint(tmp_path / "gpu" / "latest.safetensors")
    slm.use_backend("cpu")
    overflow_at(monkeypatch, 7)
    numpy_lines = []
    reference = slm.train(run_config(story_file, tmp_path / "cpu", **sizes), log=numpy_lines.append)
    assert "float16: gradients overflowed at step 4; skipped the update, loss scale now 32768" in numpy_lines
    cpu = slm.load_checkpoint(tmp_path / "cpu" / "latest.safetensors")
    assert gpu[1]["scaler"] == cpu[1]["scaler"] == {"scale": 32768.0, "good_steps": 2, "skipped": 1}
    np.testing.assert_allclose(result["losses"], reference["losses"], rtol=1e-4)
    assert all(np.isfinite(value).all() for value in gpu[0].values())   # the inf never reached the weights


def test_the_device_scaler_grows_and_halves_as_the_host_rule(fake):
    host = {"scale": 4.0, "good_steps": 0, "skipped": 0}
    device = slm.DeviceScaler(dict(host), growth_interval=3)
    for grads in ([1.0], [1.0], [np.inf], [1.0], [1.0], [1.0], [np.nan], [np.inf], [np.inf], [np.inf]):
        g = fake.asarray(np.array(grads, dtype=np.float32))
        ok = slm.update_loss_scale(host, np.array(grads, dtype=np.float32), growth_interval=3)
        assert float(device.check(g)[0]) == (0.0 if ok else 1.0)
        assert float(device.scale) == host["scale"]
    skipped = device.fold(device.state.tolist())
    assert skipped == host["skipped"] == 5 and device.host["scale"] == host["scale"] == 1.0
    assert device.host["good_steps"] == host["good_steps"] and float(device.state[2]) == 0.0


def test_the_first_tok_s_line_leaves_out_the_first_step(story_file, tmp_path, fake, monkeypatch):
    """The first step compiles every kernel on a GPU: the first window is timed from its end (one synchronize)."""
    clock = {"t": 0.0}
    real = slm.forward_backward

    def slow_first(*args, **kwargs):
        clock["t"] += 100.0 if clock["t"] == 0 else 1.0                # the first call 'takes' 100 s, the others 1 s
        return real(*args, **kwargs)
    monkeypatch.setattr(slm, "forward_backward", slow_first)
    monkeypatch.setattr(slm.time, "perf_counter", lambda: clock["t"])
    lines = []
    slm.train(run_config(story_file, tmp_path, grad_accum=1, max_steps=3, log_every=3, checkpoint_every=3),
              log=lines.append)
    first = next(line for line in lines if line.startswith("step "))
    assert first.endswith("| 1000 ms"), first                          # steps 2 and 3: 1 s each
    assert fake.record.syncs >= 1


# ---------------------------------------------------------------------------------------------------------------------
# on a real GPU (bench/gpu_check.py runs these; skipped without one, in CI too: a missing GPU is not a missing peer)

@pytest.mark.parametrize("precision", ["float32", "tf32", "float16"])
def test_a_training_step_on_cupy_equals_numpys(precision):
    """One whole step, forward, backward, clip and AdamW, as train() takes it, on CuPy with the fused kernels, against
    NumPy's on the same weights and tokens. TF32 rounds the matmul inputs to 10 mantissa bits, float16 its activations
    (both sides: float16 weights, a loss scale of 1024, the float16 kernels on the GPU): a looser tolerance."""
    cupy, about = slm.find_gpu()
    if cupy is None:
        pytest.skip(f"no CUDA device ({about})")
    tf32, half = precision == "tf32", precision == "float16"
    cfg = tiny_config(vocab_size=515, n_layer=2, d_model=64, n_head=4, ctx=64, batch_size=4)
    tokens = np.random.default_rng(7).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
    results = {}
    for device in ("cpu", "gpu"):
        slm.use_backend(device)
        dtypes = ("float32", "float16") if half else ("float32",)
        assert slm_cuda.enable_fused_kernels(lambda *a: None, dtypes) == (device == "gpu")
        params = slm.init_params(cfg, seed=3)
        grads, m, v = (slm.xp.zeros_like(params) for _ in range(3))
        P, G = slm.views(params.astype("float16") if half else params, cfg), slm.views(grads, cfg)
        with slm.precision(tf32=tf32 and device == "gpu"):
            loss, usage = slm.forward_backward(P, G, grads, cfg, slm.to_device(tokens), 1024.0 if half else 1.0)
            if half:
                grads *= grads.dtype.type(1 / 1024)
            norm = slm.clip_gradients(grads, 0.5)
            slm.adamw_step(params, grads, m, v, slm.decay_vector(cfg), 1, 1e-3)
        results[device] = [float(slm.to_host(loss)), float(slm.to_host(norm)), slm.to_host(usage),
                           slm.to_host(grads), slm.to_host(params)]
    rtol = 2e-2 if tf32 or half else 1e-4
    cpu, gpu = results["cpu"], results["gpu"]
    assert gpu[0] == pytest.approx(cpu[0], rel=rtol) and gpu[1] == pytest.approx(cpu[1], rel=rtol)
    np.testing.assert_allclose(gpu[2], cpu[2], atol=1e-2 if half else 1e-3)
    np.testing.assert_allclose(gpu[3], cpu[3], rtol=rtol, atol=rtol * np.abs(cpu[3]).max())
    # where the gradient is noise AdamW steps by noise (float16's gradients are off by up to 0.6% of the largest: on
    # the host emulator, 2 of 104,294 below 1% of it came out with the other sign)
    signal = np.abs(cpu[3]) > (2e-2 if half else 1e-3) * np.abs(cpu[3]).max()
    np.testing.assert_allclose(gpu[4][signal], cpu[4][signal], rtol=1e-3, atol=1e-5)
