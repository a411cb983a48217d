"""Every hand-written backward against central finite differences, in float64."""
import math

import numpy as np
import pytest
from helpers import batch, tiny_config, tiny_model

import slm

rng = np.random.default_rng(0)


def numeric_gradient(f, x, eps=1e-6, picks=None):
    """Central differences of scalar f() with respect to entries of x (all, or the flat indices in picks)."""
    flat = x.reshape(-1)
    idx = range(flat.size) if picks is None else picks
    out = []
    for i in idx:
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        out.append((up - down) / (2 * eps))
    return np.array(out)


def rel_error(a, b):
    a, b = np.ravel(a), np.ravel(b)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-30)


def check(f, x, analytic, tol=1e-6):
    err = rel_error(numeric_gradient(f, x), analytic)
    assert err < tol, err


@pytest.mark.usefixtures("layers")
def test_layernorm():
    x, g, b = rng.normal(size=(2, 3, 5)), rng.normal(size=5), rng.normal(size=5)
    R = rng.normal(size=(2, 3, 5))
    f = lambda: float((slm.layernorm_forward(x, g, b)[0] * R).sum())
    out, cache = slm.layernorm_forward(x, g, b)
    dg, db = np.zeros(5), np.zeros(5)
    dx = slm.layernorm_backward(R, cache, g, dg, db)
    check(f, x, dx)
    check(f, g, dg)
    check(f, b, db)


@pytest.mark.usefixtures("layers")
def test_linear():
    x, w, b = rng.normal(size=(2, 3, 4)), rng.normal(size=(4, 6)), rng.normal(size=6)
    R = rng.normal(size=(2, 3, 6))
    f = lambda: float((slm.linear_forward(x, w, b) * R).sum())
    dw, db = np.zeros_like(w), np.zeros_like(b)
    dx = slm.linear_backward(R, x, w, dw, db)
    check(f, x, dx)
    check(f, w, dw)
    check(f, b, db)


# the query blocks' cut points for T = 7, written out: one block (T < ATTENTION_BLOCK); 4 and 2 blocks, uneven
@pytest.mark.parametrize("block, cuts", [(None, [0, 7]), (2, [0, 1, 3, 5, 7]), (3, [0, 3, 7])])
def test_attention(block, cuts):
    B, T, H, D = 2, 7, 2, 3
    qkv = rng.normal(size=(B, T, 3 * H * D))
    R = rng.normal(size=(B, T, H * D))
    f = lambda: float((slm.attention_forward(qkv, H, block)[0] * R).sum())
    _, cache = slm.attention_forward(qkv, H, block)
    assert slm.attention_blocks(T, block) == cuts
    assert [a.shape[-2:] for a in cache[3]] == [(e - a, e) for a, e in zip(cuts, cuts[1:])]
    check(f, qkv, slm.attention_backward(R, cache))


def test_attention_blocks_match_one_block():
    """The blocked attention skips scores above the diagonal's blocks: same outputs and gradients as one (T, T)
    block."""
    B, T, H, D = 2, 10, 2, 4
    qkv = rng.normal(size=(B, T, 3 * H * D))
    R = rng.normal(size=(B, T, H * D))
    y1, c1 = slm.attention_forward(qkv, H, block=T)
    y4, c4 = slm.attention_forward(qkv, H, block=3)
    assert [a.shape[-2:] for a in c4[3]] == [(3, 3), (3, 6), (4, 10)]   # round(10 / 3) = 3 blocks
    np.testing.assert_allclose(y4, y1, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(slm.attention_backward(R, c4), slm.attention_backward(R, c1), rtol=1e-11, atol=1e-12)


@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("block", [None, 2])
def test_attention_is_causal(block):
    B, T, H, D = 1, 6, 2, 4
    qkv = rng.normal(size=(B, T, 3 * H * D))
    y, _ = slm.attention_forward(qkv, H, block)
    changed = qkv.copy()
    changed[:, 4:] += 1.0  # the future moves; the past must not notice
    y2, _ = slm.attention_forward(changed, H, block)
    assert np.array_equal(y[:, :4], y2[:, :4])
    assert not np.allclose(y[:, 4:], y2[:, 4:])


@pytest.mark.usefixtures("layers")
def test_relu():
    h = rng.normal(size=(3, 7))
    R = rng.normal(size=(3, 7))
    f = lambda: float((slm.relu_forward(h) * R).sum())
    check(f, h, slm.relu_backward(R, slm.relu_forward(h)))


@pytest.mark.usefixtures("layers")
def test_cross_entropy_and_its_fused_backward():
    logits = rng.normal(size=(2, 3, 11)) * 3
    targets = rng.integers(0, 11, size=(2, 3))
    f = lambda: float(slm.cross_entropy_forward(logits, targets)[0])
    loss, cache = slm.cross_entropy_forward(logits, targets)
    check(f, logits, slm.cross_entropy_backward(cache, targets))
    # the plain definition: mean of -log softmax at the target
    p = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    expected = -np.log(np.take_along_axis(p, targets[..., None], -1)).mean()
    assert abs(float(loss) - expected) < 1e-12


@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("smoothing", [0.1, 0.5])
@pytest.mark.parametrize("prior", ["uniform", "unigram"])
def test_label_smoothing_gives_the_smoothed_losss_gradient_and_keeps_the_plain_loss(smoothing, prior):
    """The gradient is that of the loss against the target (1 - s) one_hot + s prior, written out here from its
    definition (prior 1 / V: torch's CrossEntropyLoss(label_smoothing=s)); the loss returned stays the plain
    cross-entropy."""
    logits = rng.normal(size=(2, 3, 11)) * 3
    targets = rng.integers(0, 11, size=(2, 3))
    spread = np.full(11, 1 / 11) if prior == "uniform" else slm.unigram_prior([0, 0, 0, 1, 1, 2, 5, 5, 5, 5], 11)

    def smoothed():
        log_p = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
        target = (1 - smoothing) * np.eye(11)[targets] + smoothing * spread
        return float(-(target * log_p).sum(-1).mean())
    loss, cache = slm.cross_entropy_forward(logits, targets)
    plain, _ = slm.cross_entropy_forward(logits.copy(), targets)
    assert float(loss) == float(plain)
    gradient = slm.cross_entropy_backward(cache, targets, smoothing=smoothing,
                                          prior=None if prior == "uniform" else spread)
    check(smoothed, logits, gradient)
    assert abs(gradient.sum()) < 1e-12                     # the target sums to 1, as the softmax does
    _, cache = slm.cross_entropy_forward(logits, targets)
    assert rel_error(gradient, slm.cross_entropy_backward(cache, targets)) > 1e-2   # and it is not the plain one


def test_the_unigram_prior_counts_every_token_once_more():
    prior = slm.unigram_prior(np.array([0, 0, 0, 2], np.uint16), 4)
    np.testing.assert_allclose(prior, np.array([4, 1, 2, 1]) / 8)
    assert slm.smoothing_prior(tiny_config(label_smoothing=0.1, smoothing_prior="uniform"), [0, 1]) is None
    assert slm.smoothing_prior(tiny_config(label_smoothing=0.0), [0, 1]) is None
    got = slm.smoothing_prior(tiny_config(label_smoothing=0.1, vocab_size=4), np.array([0, 0, 0, 2]))
    assert got.dtype == np.float32 and np.allclose(got, prior)


def test_training_smooths_by_the_configured_amount():
    """forward_backward (every training step) takes label_smoothing from the config: its gradient is the smoothed
    loss's, and 0 gives the plain one."""
    grads = {}
    for s in (0.0, 0.2):
        cfg = tiny_config(label_smoothing=s)
        flat, P = tiny_model(cfg, seed=1)
        tokens = np.random.default_rng(2).integers(0, cfg.vocab_size, size=(2, cfg.ctx + 1))
        prior = slm.unigram_prior(tokens[0], cfg.vocab_size)
        g = np.zeros_like(flat)
        loss, _ = slm.forward_backward(P, slm.views(g, cfg), g, cfg, tokens, prior=prior)
        expected = np.zeros_like(flat)
        _, plain_loss, cache, _ = slm.forward(P, cfg, tokens[:, :-1], tokens[:, 1:], smoothing=s, prior=prior)
        slm.backward(slm.views(expected, cfg), P, cfg, cache)
        np.testing.assert_allclose(g, expected, rtol=1e-12, atol=1e-15)
        assert float(loss) == float(plain_loss)
        grads[s] = g
    assert rel_error(grads[0.0], grads[0.2]) > 1e-3


@pytest.mark.usefixtures("layers")
def test_cross_entropy_is_stable_for_huge_logits():
    logits = np.array([[[1000.0, 0.0, -1000.0]]], dtype=np.float32)
    loss, _ = slm.cross_entropy_forward(logits, np.array([[1]]))
    assert math.isclose(float(loss), 1000.0, rel_tol=1e-6)


def test_embedding():
    V, C, T = 7, 4, 5
    wte, wpe = rng.normal(size=(V, C)), rng.normal(size=(T + 2, C))
    idx = np.array([[1, 3, 3, 0, 6], [2, 2, 2, 5, 1]])  # repeated ids must add up
    R = rng.normal(size=(2, T, C))
    f = lambda: float((slm.embedding_forward(idx, wte, wpe) * R).sum())
    dwte, dwpe = np.zeros_like(wte), np.zeros_like(wpe)
    slm.embedding_backward(R, idx, dwte, dwpe)
    check(f, wte, dwte)
    check(f, wpe, dwpe)


@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("block", [64, 3])   # attention in one block (ctx 8), and in query blocks cut at 0, 2, 5, 8
def test_whole_model_every_parameter_tensor(block, monkeypatch):
    monkeypatch.setattr(slm, "ATTENTION_BLOCK", block)
    assert slm.attention_blocks(8) == ([0, 8] if block == 64 else [0, 2, 5, 8])
    cfg = tiny_config(n_layer=3)
    flat, P = tiny_model(cfg)
    idx, targets = batch(cfg, B=2, T=cfg.ctx)
    grads = np.zeros_like(flat)
    G = slm.views(grads, cfg)
    _, loss, cache, _ = slm.forward(P, cfg, idx, targets)
    slm.backward(G, P, cfg, cache)
    f = lambda: float(slm.forward(P, cfg, idx, targets)[1])
    pick = np.random.default_rng(3)
    for name, view in P.items():
        picks = pick.choice(view.size, size=min(view.size, 24), replace=False)
        numeric = numeric_gradient(f, view, picks=picks)
        err = rel_error(numeric, G[name].reshape(-1)[picks])
        assert err < 1e-6, (name, err)
        assert np.abs(G[name]).max() > 0, name


@pytest.mark.usefixtures("layers")
def test_gradients_accumulate():
    cfg = tiny_config()
    flat, P = tiny_model(cfg)
    idx, targets = batch(cfg)
    once, twice = np.zeros_like(flat), np.zeros_like(flat)
    for grads, times in ((once, 1), (twice, 2)):
        for _ in range(times):
            cache = slm.forward(P, cfg, idx, targets)[2]
            slm.backward(slm.views(grads, cfg), P, cfg, cache)
    np.testing.assert_allclose(twice, 2 * once, rtol=1e-12, atol=1e-15)


@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("B", [4, 3])   # 3: shards of unequal size are weighted by their share of the batch
def test_batch_shards_in_threads_give_the_whole_batch_gradient(B, monkeypatch):
    monkeypatch.setattr(slm, "THREADS", 2)
    cfg = tiny_config(batch_size=B)
    flat, P = tiny_model(cfg)
    idx, targets = batch(cfg, B=B)
    tokens = np.concatenate([idx, targets[:, -1:]], axis=1)
    whole, parts = np.zeros_like(flat), np.zeros_like(flat)
    loss, usage = slm.forward_backward(P, slm.views(whole, cfg), whole, cfg, tokens)
    shards = slm.batch_shards(cfg, parts)
    assert shards is not None and len(shards) == 2
    with slm.blas_threads(1):
        loss2, usage2 = slm.forward_backward(P, slm.views(parts, cfg), parts, cfg, tokens, shards=shards)
    assert float(loss2) == pytest.approx(float(loss), rel=1e-12)
    np.testing.assert_allclose(usage2, usage, rtol=1e-12)
    np.testing.assert_allclose(parts, whole, rtol=1e-9, atol=1e-14)
    # the first shard adds into grads itself: a second micro-batch (here with a loss scale of 4) accumulates
    with slm.blas_threads(1):
        slm.forward_backward(P, slm.views(parts, cfg), parts, cfg, tokens, loss_scale=4.0, shards=shards)
    np.testing.assert_allclose(parts, 5 * whole, rtol=1e-9, atol=1e-14)
