"""slm_numba's kernels against section 4's NumPy layers (float64 tight, float32 as training runs), on odd
shapes, and the fallback to the NumPy layers when numba is missing or its kernels disagree."""
import contextlib
import sys

import numpy as np
import pytest
from peers import require

require("numba")      # in requirements.txt: under SLM_REQUIRE_PEERS=1 (CI) a missing numba fails here, never skips

from helpers import batch, story_config, tiny_config, tiny_model  # noqa: E402
from test_gradients import check  # noqa: E402

import slm  # noqa: E402
import slm_numba  # noqa: E402

TOLERANCE = {"float64": 1e-12, "float32": 2e-5}   # largest error, relative to the reference's largest value (or 1)


@pytest.fixture(autouse=True)
def kernels_on():
    for dtype in ("float32", "float64"):       # each dtype's kernels pass their own check
        assert slm_numba.enable_cpu_kernels("numba", log=lambda line: None, dtype=dtype)
    yield


def numpy_layers(fn, *args):
    """fn(*args) on section 4's NumPy layers (the kernels off for the call)."""
    with slm.reference_layers():
        return fn(*args)


def close(ours, ref, dtype):
    ours, ref = np.asarray(ours, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    assert ours.shape == ref.shape
    error = np.abs(ours - ref).max() / max(np.abs(ref).max(), 1.0)   # inputs are O(1): so are the results
    assert error < TOLERANCE[dtype], error


# (B, T, H, D): T = 1; T below, at, and past the 4-query block; T not a multiple of it; D odd, D = 1
SHAPES = [(1, 1, 1, 4), (2, 3, 2, 3), (1, 4, 1, 8), (2, 9, 3, 5), (1, 16, 2, 8), (2, 37, 1, 7), (1, 70, 2, 1)]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("B, T, H, D", SHAPES)
def test_attention_forward_and_backward_equal_the_numpy_layer(B, T, H, D, dtype):
    rng = np.random.default_rng(T * 100 + D)
    qkv = rng.normal(0, 1, (B, T, 3 * H * D)).astype(dtype)
    dy = rng.normal(0, 1, (B, T, H * D)).astype(dtype)
    y, cache = slm.attention_forward(qkv, H)
    assert isinstance(cache, slm_numba.FlashCache)                       # the kernel ran, not the NumPy layer
    assert cache.lse.shape == (B, H, T)                            # all it keeps beyond its inputs and output
    ref_y, ref_cache = numpy_layers(slm.attention_forward, qkv, H, 3)   # NumPy in query blocks of 3
    close(y, ref_y, dtype)
    close(slm.attention_backward(dy, cache), numpy_layers(slm.attention_backward, dy, ref_cache), dtype)


def test_attention_kernel_gradient_equals_finite_differences():
    rng = np.random.default_rng(1)
    B, T, H, D = 2, 11, 2, 3
    qkv = rng.normal(size=(B, T, 3 * H * D))
    R = rng.normal(size=(B, T, H * D))
    f = lambda: float((slm.attention_forward(qkv, H)[0] * R).sum())
    _, cache = slm.attention_forward(qkv, H)
    check(f, qkv, slm.attention_backward(R, cache))


@pytest.mark.parametrize("T", [1, 6, 13])
def test_attention_kernel_is_causal(T):
    rng = np.random.default_rng(T)
    qkv = rng.normal(size=(2, T, 3 * 2 * 4)).astype(np.float32)
    y, _ = slm.attention_forward(qkv, 2)
    for t in range(T):
        changed = qkv.copy()
        changed[:, t:] += 1.0                                      # the future moves; the past must not notice
        y2, _ = slm.attention_forward(changed, 2)
        assert np.array_equal(y[:, :t], y2[:, :t])
        assert not np.allclose(y[:, t:], y2[:, t:])


def test_attention_with_a_kv_cache_or_positions_stays_on_numpy():
    """Writing (KV cache, one position a row) keeps section 4's attention; only training's from-0 call is fused."""
    rng = np.random.default_rng(2)
    qkv = rng.normal(size=(2, 3, 3 * 8)).astype(np.float32)
    kv = (np.zeros((2, 2, 8, 4), np.float32), np.zeros((2, 2, 8, 4), np.float32))
    _, cache = slm.attention_forward(qkv, 2, kv=kv, pos=0)
    assert not isinstance(cache, slm_numba.FlashCache)
    _, cache = slm.attention_forward(qkv[:, :1], 2, kv=kv, pos=np.array([3, 5]))
    assert not isinstance(cache, slm_numba.FlashCache)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("C", [1, 7, 128])
def test_layernorm_equals_the_numpy_layer(C, dtype):
    rng = np.random.default_rng(C)
    x, g, b = (rng.normal(0, 1, s).astype(dtype) for s in ((2, 5, C), (C,), (C,)))
    dout = rng.normal(0, 1, (2, 5, C)).astype(dtype)
    out, cache = slm.layernorm_forward(x, g, b)
    ref_out, ref_cache = numpy_layers(slm.layernorm_forward, x, g, b)
    close(out, ref_out, dtype)
    close(cache[1], ref_cache[1], dtype)
    dg, db, ref_dg, ref_db = (np.full(C, 0.5, dtype) for _ in range(4))   # the gradients add into what is there
    dx = slm.layernorm_backward(dout, cache, g, dg, db)
    ref_dx = numpy_layers(slm.layernorm_backward, dout, ref_cache, g, ref_dg, ref_db)
    for ours, ref in ((dx, ref_dx), (dg, ref_dg), (db, ref_db)):
        close(ours, ref, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_bias_relu_and_its_backward_equal_the_numpy_layers(dtype):
    rng = np.random.default_rng(3)
    x, w, b = (rng.normal(0, 1, s).astype(dtype) for s in ((3, 5, 4), (4, 9), (9,)))
    a = slm.linear_relu_forward(x, w, b)
    ref_a = numpy_layers(slm.linear_relu_forward, x, w, b)
    np.testing.assert_array_equal(a > 0, ref_a > 0)                # the same units fire
    close(a, ref_a, dtype)
    dout = rng.normal(0, 1, a.shape).astype(dtype)
    np.testing.assert_array_equal(slm.relu_backward(dout.copy(), a), numpy_layers(slm.relu_backward, dout.copy(), a))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_cross_entropy_equals_the_numpy_layer(dtype):
    rng = np.random.default_rng(4)
    logits = (rng.normal(0, 1, (2, 7, 301)) * 4).astype(dtype)
    logits[0, 0, 5] = 200                                          # a huge logit: the max is subtracted
    targets = rng.integers(0, 301, (2, 7))
    loss, cache = slm.cross_entropy_forward(logits, targets)
    ref_loss, ref_cache = numpy_layers(slm.cross_entropy_forward, logits, targets)
    close(loss, ref_loss, dtype)
    close(slm.cross_entropy_backward(cache, targets), slm.cross_entropy_backward(ref_cache, targets), dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_adamw_equals_the_numpy_update_over_steps(dtype):
    rng = np.random.default_rng(5)
    n = 1001
    ours = [rng.normal(0, 1, n).astype(dtype), np.zeros(n, dtype), np.zeros(n, dtype)]
    ref = [x.copy() for x in ours]
    decay = np.where(rng.random(n) < 0.5, 0.92, 0.0).astype(dtype)
    for step in range(1, 6):
        grads = rng.normal(0, 1, n).astype(dtype)
        slm.adamw_step(*ours[:1], grads, *ours[1:], decay, step, 1e-2)
        numpy_layers(lambda grads=grads, step=step: slm.adamw_step(ref[0], grads, ref[1], ref[2], decay, step, 1e-2))
    for a, b in zip(ours, ref):
        close(a, b, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_whole_model_equals_the_numpy_layers_and_the_fired_counts_are_exact(dtype):
    cfg = tiny_config(n_layer=2, ctx=13, d_model=12, n_head=2)     # T = 13: three full query blocks and one row
    flat, P = tiny_model(cfg, dtype=dtype)
    idx, targets = batch(cfg, B=3, T=cfg.ctx)
    results = []
    for on in (True, False):
        with contextlib.nullcontext() if on else slm.reference_layers():
            grads = np.zeros_like(flat)
            _, loss, cache, usage = slm.forward(P, cfg, idx, targets)
            slm.backward(slm.views(grads, cfg), P, cfg, cache)
        results.append((loss, grads, cache.fired, usage))
    (loss, grads, fired, usage), (ref_loss, ref_grads, ref_fired, ref_usage) = results
    close(loss, ref_loss, dtype)
    close(grads, ref_grads, dtype)
    np.testing.assert_array_equal(fired, ref_fired)               # ReLU counts: exact, not close
    np.testing.assert_array_equal(usage, ref_usage)


def test_training_with_the_kernels_learns_and_says_they_are_on(story_file, tmp_path, prepared_data_in_tmp):
    cfg = story_config(story_file, tmp_path, cpu_kernels="numba", max_steps=20)
    lines = []
    result = slm.train(cfg, log=lines.append)
    assert sum(line.startswith("fused CPU kernels: on (numba") for line in lines) == 1
    assert result["losses"][-1] < result["losses"][0] - 0.5


def test_a_missing_numba_falls_back_to_numpy_in_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)               # `import numba` raises ImportError
    slm.KERNELS.clear()
    lines = []
    assert slm_numba.enable_cpu_kernels("auto", log=lines.append) is False
    assert len(lines) == 1 and "using the NumPy layers" in lines[0] and "\n" not in lines[0]
    assert not slm.kernel("relu_backward", np.zeros(3), np.zeros(3))
    with pytest.raises(slm.SlmError, match="cpu_kernels = 'numba' but numba's kernels do not run here"):
        slm_numba.enable_cpu_kernels("numba", log=lines.append)
    assert not slm_numba.on()


def test_kernels_that_disagree_are_not_used(monkeypatch):
    monkeypatch.setattr(slm_numba, "check_cpu_kernels", lambda dtype="float32": {"attention_forward": 0.3})
    monkeypatch.setattr(slm_numba, "_cpu_checks", {})                   # the check runs once a process: run it again
    slm.KERNELS.clear()
    lines = []
    assert slm_numba.enable_cpu_kernels("auto", log=lines.append) is False
    assert len(lines) == 1 and "disagree" in lines[0] and "attention_forward" in lines[0]
    with pytest.raises(slm.SlmError, match="disagree"):
        slm_numba.enable_cpu_kernels("numba", log=lines.append)


def test_cpu_kernels_numpy_turns_them_off_and_the_layers_take_the_numpy_path():
    assert slm_numba.enable_cpu_kernels("numpy", log=lambda line: None) is False
    _, cache = slm.attention_forward(np.ones((1, 5, 12)), 2)
    assert not isinstance(cache, slm_numba.FlashCache)


def test_the_flag_is_checked_in_one_line():
    from helpers import default_config
    assert default_config().cpu_kernels == "auto"
    with pytest.raises(slm.SlmError, match="cpu_kernels = 'fast'.*must be one of 'auto', 'numba', 'numpy'"):
        default_config(cpu_kernels="fast")
    with pytest.raises(slm.SlmError, match="device = 'gpu'"):
        default_config(cpu_kernels="numba", device="gpu")


# --- writing's decode step: one call a layer -------------------------------------------------------------------

def decode_both_ways(cfg, P, dtype, prompts, nxt):
    """(the kernels' decode step, NumPy's) for rows prefilled with prompts (each its own length), one token each."""
    got = []
    for kernels in (True, False):
        slm_numba.register_kernels((dtype,), decode=kernels)      # the layers' kernels on; the decode step or not
        kv = slm.KVCache.new(cfg, len(prompts), dtype)
        for row, prompt in enumerate(prompts):
            slm.forward(P, cfg, prompt[None], kv=kv.rows(row, row + 1))
        pos = np.array([len(p) for p in prompts])
        got.append((slm.forward(P, cfg, nxt[:, None], kv=kv, pos=pos)[0], kv))
    return got


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("n_head, d_model", [(2, 10), (1, 7), (3, 24)])      # D = 5, 7 (odd) and 8
def test_the_decode_step_equals_the_numpy_layers(dtype, n_head, d_model):
    assert slm_numba.enable_cpu_kernels("numba", log=lambda line: None, decode=True)
    cfg = tiny_config(n_layer=2, ctx=11, d_model=d_model, n_head=n_head)
    _, P = tiny_model(cfg, dtype=dtype, seed=d_model)
    rng = np.random.default_rng(d_model)
    prompts = [rng.integers(0, cfg.vocab_size, size=n) for n in (1, 6, 10, 3)]   # the last key of the window too
    nxt = rng.integers(0, cfg.vocab_size, size=4)
    (ours, ours_kv), (ref, ref_kv) = decode_both_ways(cfg, P, dtype, prompts, nxt)
    assert ours.shape == ref.shape == (4, 1, cfg.vocab_size) and ours.dtype == np.dtype(dtype)
    close(ours, ref, dtype)
    for a, b in zip(ours_kv.keys + ours_kv.values, ref_kv.keys + ref_kv.values):
        close(a, b, dtype)                                          # the new keys and values went into the cache


def test_a_row_decoded_in_a_batch_gets_exactly_what_it_gets_alone():
    # the threads split the batch's rows, and each row runs the same loops whatever rows share its call: bit for bit
    assert slm_numba.enable_cpu_kernels("numba", log=lambda line: None, decode=True)
    cfg = tiny_config(n_layer=2, ctx=40, d_model=32, n_head=4, vocab_size=3000)   # enough work to split the rows
    _, P = tiny_model(cfg, dtype="float32", seed=4)
    rng = np.random.default_rng(4)
    prompts = [rng.integers(0, cfg.vocab_size, size=n) for n in (5, 30, 12, 39, 1, 20, 8, 17)]
    nxt = rng.integers(0, cfg.vocab_size, size=len(prompts))
    (batched, _), _ = decode_both_ways(cfg, P, "float32", prompts, nxt)
    for row, prompt in enumerate(prompts):
        (alone, _), _ = decode_both_ways(cfg, P, "float32", [prompt], nxt[row:row + 1])
        np.testing.assert_array_equal(batched[row], alone[0])


def test_a_decode_step_that_disagrees_is_not_used(monkeypatch):
    monkeypatch.setattr(slm_numba, "check_decode_kernels", lambda dtype="float32": {"decode_step": 0.2})
    monkeypatch.setattr(slm_numba, "_cpu_checks", {})
    lines = []
    assert slm_numba.enable_cpu_kernels("auto", log=lines.append, decode=True) is False
    assert len(lines) == 1 and "disagree" in lines[0] and "decode_step" in lines[0]
    assert not slm_numba.on(decode=True) and not slm_numba.on()
    assert slm_numba.enable_cpu_kernels("auto", log=lines.append) is True     # training's kernels alone still pass
    assert not slm_numba.on(decode=True)


def test_training_leaves_the_decode_step_off_and_writing_turns_it_on():
    assert slm_numba.enable_cpu_kernels("numba", log=lambda line: None) and not slm_numba.on(decode=True)
    assert slm_numba.enable_cpu_kernels("numba", log=lambda line: None, decode=True) and slm_numba.on(decode=True)
