"""AdamW over the flat buffer, the per-layer decay schedules, the learning-rate schedule and clipping."""

import numpy as np
import pytest
from helpers import tiny_config, tiny_model

import slm


def step_with_zero_gradients(cfg, lr=0.01):
    """One AdamW step with zero gradients from weights that are non-zero everywhere: init_params makes every bias 0,
    where a decay that wrongly reached the biases would show nothing."""
    params, _ = tiny_model(cfg, dtype="float64", seed=0)
    assert np.all(params != 0)
    before = params.copy()
    zeros = np.zeros_like(params)
    slm.adamw_step(params, zeros, zeros.copy(), zeros.copy(), slm.decay_vector(cfg, "float64"), 1, lr)
    return slm.views(before, cfg), slm.views(params, cfg)


@pytest.mark.parametrize("schedule, expected", [
    ("alternating", [0.0, 0.92, 0.0, 0.92, 0.0, 0.92]),
    ("uniform", [0.92] * 6),
    ("none", [0.0] * 6),
    ([0.1, 0.0, 0.3, 0.0, 0.5, 0.6], [0.1, 0.0, 0.3, 0.0, 0.5, 0.6]),
])
def test_zero_gradient_step_shrinks_exactly_the_decayed_matrices(schedule, expected):
    cfg = tiny_config(n_layer=6, decay_schedule=schedule, odd_layer_decay=0.92, embed_decay=0.0)
    assert slm.layer_decays(cfg) == expected
    lr = 0.01
    before, after = step_with_zero_gradients(cfg, lr)
    for name in before:
        if name.startswith("h.") and name.endswith(".w"):
            layer = int(name.split(".")[1])
            np.testing.assert_array_equal(after[name], before[name] * (1 - lr * expected[layer]))
        else:  # biases, LayerNorms and (embed_decay 0) embeddings never move
            np.testing.assert_array_equal(after[name], before[name])


def test_alternating_decay_follows_odd_layers_at_any_depth():
    cfg = tiny_config(n_layer=3, odd_layer_decay=0.5)
    assert slm.layer_decays(cfg) == [0.0, 0.5, 0.0]


def test_embed_decay_applies_to_both_embeddings():
    cfg = tiny_config(embed_decay=0.1)
    before, after = step_with_zero_gradients(cfg, lr=0.01)
    for name in ("wte", "wpe"):
        np.testing.assert_array_equal(after[name], before[name] * (1 - 0.01 * 0.1))


def test_adamw_matches_the_formula():
    rng = np.random.default_rng(0)
    p, g = rng.normal(size=10), rng.normal(size=10)
    m, v, decay = np.zeros(10), np.zeros(10), np.full(10, 0.5)
    expect = p.copy()
    mm, vv = np.zeros(10), np.zeros(10)
    for t in (1, 2, 3):
        slm.adamw_step(p, g, m, v, decay, t, 0.1)
        mm = 0.9 * mm + 0.1 * g
        vv = 0.95 * vv + 0.05 * g * g
        expect = expect * (1 - 0.1 * 0.5) - 0.1 * (mm / (1 - 0.9 ** t)) / (np.sqrt(vv / (1 - 0.95 ** t)) + 1e-8)
    np.testing.assert_allclose(p, expect, rtol=1e-12)


@pytest.mark.parametrize("threads", [1, 2])
def test_adamw_in_chunks_and_threads_is_the_same_update(monkeypatch, threads):
    """AdamW runs over cache-sized chunks, split across cores: element for element the same as one pass."""
    n = 300_007                                       # above split_rows' threshold, not a multiple of the chunk
    rng = np.random.default_rng(1)
    start = [rng.normal(size=n).astype(np.float32) for _ in range(2)] + [np.zeros(n, np.float32)] * 2
    decay = np.where(np.arange(n) % 3 == 0, 0.92, 0.0).astype(np.float32)
    monkeypatch.setattr(slm, "THREADS", threads)
    results = []
    for chunk in (1 << 30, 4099):
        monkeypatch.setattr(slm, "ADAMW_CHUNK", chunk)
        p, g, m, v = (a.copy() for a in start)
        for t in (1, 2):
            slm.adamw_step(p, g, m, v, decay, t, 0.01)
        results.append((p, m, v))
    for one, chunked in zip(*results):
        np.testing.assert_array_equal(chunked, one)
    assert not np.array_equal(results[0][0], start[0])


def test_learning_rate_warms_up_then_decays_to_min_lr():
    cfg = tiny_config(lr=1.0, min_lr=0.1, warmup_steps=10, max_steps=110)
    assert slm.lr_at(0, cfg) == pytest.approx(0.1)
    assert slm.lr_at(9, cfg) == pytest.approx(1.0)
    assert slm.lr_at(60, cfg) == pytest.approx(0.55)
    assert slm.lr_at(110, cfg) == pytest.approx(0.1)
    values = [slm.lr_at(s, cfg) for s in range(10, 111)]
    assert all(a >= b for a, b in zip(values, values[1:]))


def test_clipping_scales_to_the_global_norm():
    g = np.array([3.0, 4.0])
    assert slm.clip_gradients(g, 1.0) == pytest.approx(5.0)
    assert np.linalg.norm(g) == pytest.approx(1.0, rel=1e-5)
    small = np.array([0.3, 0.4])
    slm.clip_gradients(small, 1.0)
    np.testing.assert_array_equal(small, [0.3, 0.4])
