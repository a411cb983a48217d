"""dtype = "float16" as a mixed-precision path, on NumPy's float16 against float32: the activations and the weights
they meet are float16 (a float16 copy of the float32 master weights, made again after every update), while LayerNorm's
statistics, the softmax's and the loss's sums, every parameter gradient, AdamW and the checkpoints stay float32, with
a dynamic loss scale. (On CuPy: tests/test_gpu_path.py checks that every matmul gets float16 operands and every layer
its float16 kernel; tests/test_kernels.py checks those kernels.)"""
import numpy as np
import pytest
from helpers import story_config, tiny_config

import slm

pytestmark = pytest.mark.usefixtures("prepared_data_in_tmp")

f16, f32 = np.float16, np.float32


def quiet(*args, **kwargs):
    pass


def rand(rng, *shape, scale=1.0):
    return (rng.normal(0.0, scale, shape)).astype(f16)


def test_a_float16_matmul_on_numpy_is_float32_blas_rounded_once():
    """NumPy's own float16 matmul is a loop without BLAS; slm takes the product in float32 BLAS and rounds it once,
    which is within a rounding of NumPy's (also summed in float32). float32 products are untouched."""
    rng = np.random.default_rng(0)
    a, b = rand(rng, 6, 300), rand(rng, 300, 5)
    got = slm.matmul(a, b)
    assert got.dtype == f16
    assert got.tobytes() == (a.astype(f32) @ b.astype(f32)).astype(f16).tobytes()
    ulp = np.spacing(np.abs(got)).astype(f32)
    assert (np.abs(got.astype(f32) - (a @ b).astype(f32)) <= ulp).all()
    out = np.empty((6, 5), f16)
    assert slm.matmul(a, b, out) is out and out.tobytes() == got.tobytes()
    a32, b32 = a.astype(f32), b.astype(f32)
    assert slm.matmul(a32, b32).tobytes() == (a32 @ b32).tobytes()


def test_each_float16_layer_follows_its_float32_layer():
    """Each layer on float16 inputs against the float32 layer on the same (rounded) inputs: off by about a float16
    rounding of the result. LayerNorm's rstd and the parameter gradients come out float32."""
    rng = np.random.default_rng(1)
    B, T, C, H = 2, 9, 48, 3

    def near(got, expected, rtol=3e-3):
        assert got.dtype == f16
        scale = np.abs(expected).max()
        np.testing.assert_allclose(got.astype(f32), expected, rtol=rtol, atol=rtol * scale)

    x, dout = rand(rng, B, T, C, scale=2.0), rand(rng, B, T, C)
    g, b = (1 + rand(rng, C, scale=0.1)).astype(f16), rand(rng, C, scale=0.1)
    out, (xhat, rstd) = slm.layernorm_forward(x, g, b)
    out32, (xhat32, rstd32) = slm.layernorm_forward(x.astype(f32), g.astype(f32), b.astype(f32))
    near(out, out32)
    near(xhat, xhat32)
    assert rstd.dtype == f32 and np.allclose(rstd, rstd32, rtol=1e-6)
    dg, db, dg32, db32 = (np.zeros(C, f32) for _ in range(4))
    dx = slm.layernorm_backward(dout, (xhat, rstd), g, dg, db)
    dx32 = slm.layernorm_backward(dout.astype(f32), (xhat.astype(f32), rstd), g.astype(f32), dg32, db32)
    near(dx, dx32)
    assert dg.dtype == db.dtype == f32 and np.allclose(dg, dg32, rtol=1e-5) and np.allclose(db, db32, rtol=1e-5)

    qkv, dy = rand(rng, B, T, 3 * C), rand(rng, B, T, C)
    y, cache = slm.attention_forward(qkv, H, block=4)                       # three query blocks
    y32, cache32 = slm.attention_forward(qkv.astype(f32), H, block=4)
    near(y, y32)
    assert all(att.dtype == f16 for att in cache[3])                        # the probabilities are float16
    near(slm.attention_backward(dy, cache), slm.attention_backward(dy.astype(f32), cache32))

    att = rand(rng, 4, 7, 50, scale=4.0)
    expected = att.astype(f32)
    slm.softmax_rows(att)
    slm.softmax_rows(expected)
    near(att, expected)
    np.testing.assert_allclose(att.astype(f32).sum(axis=-1), 1.0, atol=1e-2)


def test_sums_over_rows_into_parameter_gradients_are_float32():
    """A bias gradient sums thousands of rows: a float16 running sum loses several per cent of it, slm's sum (float32)
    nothing measurable."""
    rng = np.random.default_rng(2)
    x, dout = rand(rng, 8, 512, 8), rand(rng, 8, 512, 4)
    w = rand(rng, 8, 4)
    dw, db = np.zeros((8, 4), f32), np.zeros(4, f32)
    slm.linear_backward(dout, x, w, dw, db)
    exact = dout.astype(np.float64).sum(axis=(0, 1))
    np.testing.assert_allclose(db, exact, rtol=1e-5, atol=1e-4)
    assert np.abs(dout.reshape(-1, 4).sum(axis=0).astype(np.float64) - exact).max() > 0.1   # float16's own sum
    np.testing.assert_allclose(dw, (x.astype(np.float64).reshape(-1, 8).T @ dout.reshape(-1, 4)), rtol=2e-3,
                               atol=2e-2)


def test_a_tiny_models_loss_and_gradients_in_float16_follow_float32():
    """The whole forward and backward with float16 weights and a loss scale of 1024 against float32: the loss within
    1e-3 of float32's, every parameter's gradient (float32, unscaled) within 5e-3 of it (measured: 1e-3)."""
    cfg = tiny_config(vocab_size=67, n_layer=2, d_model=32, n_head=2, ctx=16)
    params = slm.init_params(cfg, seed=1)
    tokens = np.random.default_rng(6).integers(0, cfg.vocab_size, size=(4, cfg.ctx + 1))
    runs = {}
    for dtype, scale in (("float32", 1.0), ("float16", 1024.0)):
        grads = np.zeros_like(params)
        P = slm.views(params.astype(dtype), cfg)
        logits, loss, cache, _ = slm.forward(P, cfg, tokens[:, :-1], tokens[:, 1:], loss_scale=scale)
        assert (logits is None) == (dtype == "float16")     # float16: d(logits) was made with the loss, over them
        assert np.asarray(loss).dtype == f32                # the loss is float32 either way
        slm.backward(slm.views(grads, cfg), P, cfg, cache)
        assert grads.dtype == f32
        runs[dtype] = float(loss), grads / scale
    assert runs["float16"][0] == pytest.approx(runs["float32"][0], rel=1e-3)
    half, full = (slm.views(runs[d][1], cfg) for d in ("float16", "float32"))
    for name in full:
        error = np.linalg.norm(half[name] - full[name]) / np.linalg.norm(full[name])
        assert error < 5e-3, (name, error)


def test_float16_training_tracks_float32_with_float16_operands_and_float32_checkpoints(story_file, tmp_path,
                                                                                       monkeypatch):
    """train() with dtype = 'float16' hands every matmul float16 activations and weights, follows the float32 run
    (losses within 2%), learns, and saves float32 master weights and moments."""
    full = slm.train(story_config(story_file, tmp_path / "f32", max_steps=20), log=quiet)
    seen, original = [], slm.matmul

    def spy(a, b, out=None):
        seen.append((a.dtype.name, b.dtype.name, b.shape[-1] == 1))
        return original(a, b, out)
    monkeypatch.setattr(slm, "matmul", spy)
    half = slm.train(story_config(story_file, tmp_path / "f16", max_steps=20, dtype="float16"), log=quiet)
    # every product takes float16 operands; the float32 ones are the loss's row sums (a product with a column of ones)
    assert {s for s in seen if not s[2]} == {("float16", "float16", False)}
    assert {s for s in seen if s[2]} <= {("float32", "float32", True)}
    np.testing.assert_allclose(half["losses"], full["losses"], rtol=0.02)
    assert np.abs(np.subtract(half["losses"], full["losses"])).max() > 1e-5   # float16's rounding is there
    assert half["losses"][-1] < half["losses"][0] - 1.0
    tensors, meta, _ = slm.load_checkpoint(tmp_path / "f16" / "latest.safetensors")
    assert {t.dtype for t in tensors.values()} == {np.dtype(f32)}
    weights = slm.flat_params(tensors, story_config(story_file, tmp_path))
    assert not np.array_equal(weights, weights.astype(f16).astype(f32))   # more bits than float16's copy holds


def test_a_resumed_float16_run_equals_a_straight_one(story_file, tmp_path):
    """The checkpoint holds the float32 master weights (not the float16 copy) and the loss scaler: a float16 run
    stopped at step 10 and resumed equals the straight run to the bit."""
    straight = slm.train(story_config(story_file, tmp_path / "a", max_steps=20, dtype="float16"), log=quiet)
    first = slm.train(story_config(story_file, tmp_path / "b", max_steps=10, dtype="float16"), log=quiet)
    second = slm.train(story_config(story_file, tmp_path / "b", max_steps=20, dtype="float16"), log=quiet)
    assert first["losses"] + second["losses"] == straight["losses"]
    a, b = (slm.load_checkpoint(tmp_path / run / "latest.safetensors") for run in ("a", "b"))
    assert a[1]["scaler"] == b[1]["scaler"]
    for name in a[0]:
        assert a[0][name].tobytes() == b[0][name].tobytes(), name


@pytest.mark.filterwarnings("error::RuntimeWarning")   # float16's overflow is the scaler's business, not a warning
def test_the_loss_scaler_skips_an_overflowing_step_then_settles(story_file, tmp_path, monkeypatch):
    """A loss scale of 2^24 overflows float16: d(logits) at the target is about -2^24 / (B*T) = -131072, past
    float16's 65504. The step is skipped (weights and moments untouched, the scale halved); a longer run halves the
    scale until its gradients fit, then learns."""
    start = slm.RunState.start

    def huge_scale(cfg):
        state = start(cfg)
        state.scaler["scale"] = 2.0 ** 24
        return state
    monkeypatch.setattr(slm.RunState, "start", huge_scale)
    lines = []
    cfg = story_config(story_file, tmp_path / "one", max_steps=1, dtype="float16")
    slm.train(cfg, log=lines.append)
    assert f"float16: gradients overflowed at step 1; skipped the update, loss scale now {2.0 ** 23:g}" in lines
    tensors, meta, _ = slm.load_checkpoint(tmp_path / "one" / "latest.safetensors")
    assert slm.flat_params(tensors, cfg).tobytes() == slm.init_params(cfg).tobytes()
    assert not tensors["adam.m"].any() and not tensors["adam.v"].any()
    assert meta["scaler"] == {"scale": 2.0 ** 23, "good_steps": 0, "skipped": 1}
    lines = []
    result = slm.train(story_config(story_file, tmp_path / "many", max_steps=40, dtype="float16"), log=lines.append)
    skips = [line for line in lines if "gradients overflowed" in line]
    assert skips and len(skips) < 10
    scaler = slm.load_checkpoint(tmp_path / "many" / "latest.safetensors")[1]["scaler"]
    assert scaler["skipped"] == len(skips) and scaler["scale"] == 2.0 ** (24 - len(skips))
    assert result["losses"][-1] < result["losses"][0] - 1.0
