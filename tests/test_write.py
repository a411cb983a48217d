"""write(): the KV cache equals a full forward pass, sampling obeys its controls, the workflow works."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import default_flags, tiny_config, tiny_model, train_small_model

import slm
import slm_numba

ROOT = Path(slm.__file__).resolve().parent


def full_logits(P, cfg, tokens):
    return slm.forward(P, cfg, np.asarray(tokens)[None], None)[0][0]


@pytest.mark.usefixtures("layers")   # NumPy's decode step, and slm_numba's one call a layer
def test_kv_cache_equals_full_forward_at_every_position():
    cfg = tiny_config(ctx=12)
    _, P = tiny_model(cfg, dtype="float64")
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=12)
    kv = slm.KVCache.new(cfg, 1, "float64")
    got = [slm.forward(P, cfg, tokens[None, :5], kv=kv)[0][0]]               # prefill 5
    for pos in range(5, 12):                                                   # then one at a time
        got.append(slm.forward(P, cfg, tokens[None, pos:pos + 1], kv=kv, pos=pos)[0][0])
    np.testing.assert_allclose(np.concatenate(got), full_logits(P, cfg, tokens), rtol=0, atol=1e-12)


@pytest.mark.usefixtures("layers")   # NumPy's decode step, and slm_numba's one call a layer
def test_kv_cache_after_a_window_slide_equals_full_forward_on_the_kept_tokens():
    cfg = tiny_config(ctx=8)
    _, P = tiny_model(cfg, dtype="float64")
    tokens = np.random.default_rng(1).integers(0, cfg.vocab_size, size=14)
    kv = slm.KVCache.new(cfg, 1, "float64")
    slm.forward(P, cfg, tokens[None, :8], kv=kv)                               # the window is full
    keep = tokens[3:9]                                                         # slide: keep the newest 6 tokens
    got = [slm.forward(P, cfg, keep[None], kv=kv)[0][0]]
    for pos, t in enumerate(tokens[9:11], start=6):
        got.append(slm.forward(P, cfg, np.array([[t]]), kv=kv, pos=pos)[0][0])
    np.testing.assert_allclose(np.concatenate(got), full_logits(P, cfg, tokens[3:11]), rtol=0, atol=1e-12)


def test_the_output_head_at_the_last_positions_alone_equals_the_full_forward():
    cfg = tiny_config(ctx=12)
    _, P = tiny_model(cfg, dtype="float64")
    tokens = np.random.default_rng(10).integers(0, cfg.vocab_size, size=(3, 9))
    last = np.array([8, 2, 5])                               # each row's prompt ends at its own place (padded after)
    kv = slm.KVCache.new(cfg, 3, "float64")
    got = slm.forward(P, cfg, tokens, kv=kv, last=last)[0]
    assert got.shape == (3, 1, cfg.vocab_size)
    for row in range(3):
        np.testing.assert_allclose(got[row, 0], full_logits(P, cfg, tokens[row, :last[row] + 1])[-1], rtol=0,
                                   atol=1e-12)


def test_greedy_is_the_argmax():
    logits = np.random.default_rng(2).normal(size=(3, 50))
    np.testing.assert_array_equal(slm.sample_next(logits, 0, 0, 1.0, None), logits.argmax(-1))


def test_top_k_and_top_p_never_leave_the_allowed_set():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(1, 40)) * 2
    top5 = set(np.argsort(-logits[0])[:5])
    probs = np.exp(logits[0]) / np.exp(logits[0]).sum()
    order = np.argsort(-probs)
    nucleus = set(order[:np.searchsorted(np.cumsum(probs[order]), 0.6) + 1])   # smallest set with >= 0.6
    draws_k = {int(slm.sample_next(logits, 1.0, 5, 1.0, rng)[0]) for _ in range(2000)}
    draws_p = {int(slm.sample_next(logits, 1.0, 0, 0.6, rng)[0]) for _ in range(2000)}
    assert draws_k <= top5 and len(draws_k) == 5
    assert draws_p <= nucleus and len(draws_p) == len(nucleus)


def test_sampling_follows_the_distribution():
    logits = np.log(np.array([[0.5, 0.3, 0.2]]))
    rng = np.random.default_rng(4)
    counts = np.bincount([int(slm.sample_next(logits, 1.0, 0, 1.0, rng)[0]) for _ in range(20000)], minlength=3)
    np.testing.assert_allclose(counts / counts.sum(), [0.5, 0.3, 0.2], atol=0.015)


def argsort_sampler(logits, temperature, top_k, top_p, rng):
    """The sampler as it was before sampling went batched: a full argsort of each row for top_p. The reference."""
    if temperature == 0:
        return logits.argmax(axis=-1)
    z = logits / temperature
    N, V = z.shape
    if 0 < top_k < V:
        kth = np.partition(z, V - top_k, axis=-1)[:, V - top_k][:, None]
        z = np.where(z < kth, -np.inf, z)
    probs = np.exp(z - z.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    if top_p < 1.0:
        order = np.argsort(-probs, axis=-1)
        sorted_probs = np.take_along_axis(probs, order, axis=-1)
        before = np.cumsum(sorted_probs, axis=-1) - sorted_probs
        drop = np.zeros_like(probs, dtype=bool)
        np.put_along_axis(drop, order, before >= top_p, axis=-1)
        probs = np.where(drop, 0.0, probs)
        probs /= probs.sum(axis=-1, keepdims=True)
    cumulative = probs.cumsum(axis=-1)
    draws = rng.random((N, 1)) * cumulative[:, -1:]
    return np.minimum((cumulative <= draws).sum(axis=-1), V - 1)


@pytest.mark.parametrize("ties", [False, True])
def test_the_batched_sampler_draws_what_the_argsort_sampler_draws(ties):
    rng = np.random.default_rng(8)
    for _ in range(200):
        N, V = int(rng.integers(1, 12)), int(rng.choice([5, 60, 4096]))
        logits = rng.normal(size=(N, V)) * rng.choice([0.02, 1.0, 4.0])
        if ties:                                             # many equally likely tokens, at the nucleus' edge too
            logits = np.round(logits * 2)
        t, k = float(rng.choice([0.5, 0.8, 1.3])), int(rng.choice([0, 1, 3, 40, V]))
        p, seed = float(rng.choice([0.1, 0.6, 0.95, 0.999, 1.0])), int(rng.integers(1 << 30))
        np.testing.assert_array_equal(slm.sample_next(logits, t, k, p, np.random.default_rng(seed)),
                                      argsort_sampler(logits, t, k, p, np.random.default_rng(seed)))


def test_each_row_of_a_batch_samples_what_it_would_alone():
    rng = np.random.default_rng(9)
    N, V = 9, 300
    settings = [(0.0, 0, 0.95), (0.8, 0, 0.95), (1.0, 5, 1.0), (0.7, 20, 0.5), (1.2, 0, 1.0), (0.0, 3, 0.2),
                (0.9, 0, 0.9), (0.8, 0, 0.95), (1.5, 50, 0.99)]            # each row its own story's settings
    temperature, top_k, top_p = (list(column) for column in zip(*settings))
    together = [np.random.default_rng((7, i)) for i in range(N)]
    alone = [np.random.default_rng((7, i)) for i in range(N)]
    reference = [np.random.default_rng((7, i)) for i in range(N)]
    for _ in range(30):                                                     # the generators advance row by row
        logits = rng.normal(size=(N, V)) * 3
        batch = slm.sample_next(logits, temperature, top_k, top_p, together)
        np.testing.assert_array_equal(batch, [slm.sample_next(logits[i:i + 1], *settings[i], [alone[i]])[0]
                                              for i in range(N)])
        np.testing.assert_array_equal(batch, [argsort_sampler(logits[i:i + 1], *settings[i], reference[i])[0]
                                              for i in range(N)])
    assert len(set(batch.tolist())) > 1


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model trained for a few steps on a small text: enough for write() to run end to end."""
    return train_small_model(tmp_path_factory.mktemp("write"))


def test_write_returns_text_that_starts_with_the_seed(trained):
    # a fixed sample_seed: with -1 (a new story each time) a first draw of <|endoftext|> now and then ended the story
    # before it began, and the test failed by chance
    text = slm.write("Once upon a time", 20, cfg=tiny_config(**{**vars(trained), "sample_seed": 0}))
    assert text.startswith("Once upon a time") and len(text) > len("Once upon a time")


def test_same_sample_seed_same_story_different_seeds_differ(trained):
    cfg = tiny_config(**{**vars(trained), "sample_seed": 7, "temperature": 1.5, "stop_at_end": False})
    a, b = slm.write("The", 40, cfg=cfg), slm.write("The", 40, cfg=cfg)
    others = {slm.write("The", 40, cfg=tiny_config(**{**vars(cfg), "sample_seed": s})) for s in range(8, 12)}
    assert a == b
    assert len(others | {a}) > 1


def test_temperature_zero_is_deterministic_and_runs_past_the_window(trained):
    cfg = tiny_config(**{**vars(trained), "temperature": 0.0, "stop_at_end": False, "sample_seed": -1})
    long_a = slm.write("Once upon a time", 100, cfg=cfg)    # ctx is 32: the window slides several times
    long_b = slm.write("Once upon a time", 100, cfg=cfg)
    assert long_a == long_b
    _, mcfg, tokenizer, _ = slm.load_model(Path(cfg.out_dir) / "best.safetensors")
    assert len(slm.encode(tokenizer, long_a)) >= 100


def test_several_samples(trained):
    cfg = tiny_config(**{**vars(trained), "n_samples": 3, "sample_seed": 1})
    texts = slm.write("Once", 10, cfg=cfg)
    assert isinstance(texts, list) and len(texts) == 3 and all(t.startswith("Once") for t in texts)


def greedy_by_full_forward(P, cfg, window, n_new):
    """write()'s greedy tokens, by definition: each from a full forward pass over the tokens in the window. When a
    new token overflows the window (ctx), the window keeps its newest ctx - ctx // 4 tokens, at positions from 0."""
    window, new = list(window), []
    for _ in range(n_new):
        token = int(np.argmax(slm.forward(P, cfg, np.array([window]))[0][0, -1]))
        new.append(token)
        window.append(token)
        if len(window) > cfg.ctx:
            window = window[-(cfg.ctx - cfg.ctx // 4):]
    return new


@pytest.fixture()
def random_float64_model(trained, monkeypatch):
    """write() on float64 weights, random everywhere (every token choice leans on the whole window, positions
    included), with the trained model's shape and tokenizer: (P, model config, tokenizer, eot, greedy cfg)."""
    _, mcfg, tokenizer, eot = slm.load_model(Path(trained.out_dir) / "best.safetensors")
    flat = slm.init_params(mcfg, dtype="float64", seed=8)
    rng = np.random.default_rng(8)
    P = slm.views(flat, mcfg)
    for name, view in P.items():     # the blocks' weights large enough that they, not the token alone, pick the next
        view += rng.normal(0, 0.2 if name.startswith("h.") and not name.endswith(".g") else 0.05, view.shape)
    monkeypatch.setattr(slm, "load_model", lambda path: (P, mcfg, tokenizer, eot))
    cfg = tiny_config(**{**vars(trained), "temperature": 0.0, "stop_at_end": False})
    return P, mcfg, tokenizer, eot, cfg


@pytest.mark.parametrize("kernels", ["numpy", "numba"])
def test_greedy_write_past_the_window_equals_full_forward_on_the_kept_tokens(random_float64_model, kernels):
    P, mcfg, tokenizer, eot, cfg = random_float64_model
    cfg.cpu_kernels = kernels                                # write() turns the decode kernels on (numba) or not
    seed = "Once upon a time there was a cat"
    prompt = [eot] + slm.encode(tokenizer, seed)
    n_new = 3 * mcfg.ctx                                     # ctx 32: the window slides four times
    expected = greedy_by_full_forward(P, mcfg, prompt, n_new)
    assert len(set(expected)) > 10                           # a varied story, not one token again and again
    assert slm.write(seed, n_new, cfg=cfg) == slm.decode(tokenizer, prompt[1:] + expected)
    assert slm_numba.on(P["wte"].dtype, decode=True) == (kernels == "numba")


def test_a_seed_longer_than_the_window_keeps_its_last_tokens(trained, random_float64_model):
    P, mcfg, tokenizer, eot, cfg = random_float64_model
    long_seed = "the cat sat on a mat and the dog ran. " * 20
    tail = slm.encode(tokenizer, long_seed)[-mcfg.ctx:]      # the window's worth: <|endoftext|> falls out too
    assert len(slm.encode(tokenizer, long_seed)) > 2 * mcfg.ctx
    text = slm.write(long_seed, 10, cfg=cfg)
    assert text == slm.decode(tokenizer, tail + greedy_by_full_forward(P, mcfg, tail, 10))
    kept = slm.decode(tokenizer, tail)
    assert long_seed.endswith(kept) and len(kept) < len(long_seed) / 2 and text.startswith(kept)


def test_an_empty_seed_starts_a_story(trained, random_float64_model):
    P, mcfg, tokenizer, eot, cfg = random_float64_model
    assert slm.write("", 12, cfg=cfg) == slm.decode(tokenizer, greedy_by_full_forward(P, mcfg, [eot], 12))


def test_the_trained_model_starts_a_story_from_an_empty_seed(trained):
    """After <|endoftext|> alone the model was always shown a story's start: every story here begins so."""
    cfg = tiny_config(**{**vars(trained), "temperature": 0.0, "stop_at_end": False})
    assert slm.write("", 4, cfg=cfg).startswith("Once")


def test_stop_at_end_stops_at_the_end_of_a_story(trained):
    cfg = tiny_config(**{**vars(trained), "temperature": 0.0})
    text = slm.write("Once upon a time there was a cat", 200, cfg=cfg)
    assert "<|endoftext|>" not in text
    assert len(slm.encode(slm.load_model(Path(cfg.out_dir) / "best.safetensors")[2], text)) < 200


def test_no_checkpoint_says_train_first(tmp_path):
    cfg = tiny_config(out_dir=str(tmp_path))
    with pytest.raises(slm.SlmError, match="train first"):
        slm.write("Once", 5, cfg=cfg)


def test_write_command_streams_the_story(trained):
    r = subprocess.run([sys.executable, str(ROOT / "slm.py"), "write", "Once upon a time", "15",
                        *default_flags(device="cpu", out_dir=trained.out_dir, sample_seed=3, ctx=trained.ctx)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("backend: numpy")
    assert lines[1].startswith("Once upon a time")


@pytest.mark.usefixtures("layers")   # NumPy's decode step, and slm_numba's one call a layer
def test_a_decode_step_with_rows_at_different_positions_equals_each_row_alone():
    cfg = tiny_config(ctx=12)
    _, P = tiny_model(cfg, dtype="float64")
    rng = np.random.default_rng(5)
    lengths = [3, 7, 1, 11]                                  # each row's prompt: they joined at different times
    prompts = [rng.integers(0, cfg.vocab_size, size=n) for n in lengths]
    nxt = rng.integers(0, cfg.vocab_size, size=len(lengths))
    kv = slm.KVCache.new(cfg, len(lengths), "float64")
    for row, prompt in enumerate(prompts):                   # prefill each row into its own rows of one cache
        slm.forward(P, cfg, prompt[None], kv=kv.rows(row, row + 1))
    got = slm.forward(P, cfg, nxt[:, None], kv=kv, pos=np.array(lengths))[0][:, 0]
    for row, prompt in enumerate(prompts):
        alone = slm.KVCache.new(cfg, 1, "float64")
        slm.forward(P, cfg, prompt[None], kv=alone)
        want = slm.forward(P, cfg, nxt[None, row:row + 1], kv=alone, pos=lengths[row])[0][0, 0]
        np.testing.assert_allclose(got[row], want, rtol=0, atol=1e-12)
        np.testing.assert_allclose(got[row], full_logits(P, cfg, np.append(prompt, nxt[row]))[-1], rtol=0, atol=1e-12)


@pytest.mark.usefixtures("layers")   # NumPy's decode step, and slm_numba's one call a layer
def test_rows_at_different_positions_keep_decoding_like_each_row_alone():
    cfg = tiny_config(ctx=10)
    _, P = tiny_model(cfg, dtype="float64", seed=3)
    rng = np.random.default_rng(6)
    tokens = rng.integers(0, cfg.vocab_size, size=(3, 10))
    start = np.array([2, 5, 1])
    kv = slm.KVCache.new(cfg, 3, "float64")
    for row in range(3):
        slm.forward(P, cfg, tokens[row:row + 1, :start[row]], kv=kv.rows(row, row + 1))
    for step in range(4):                                    # several steps: each row's cache grows at its own place
        pos = start + step
        got = slm.forward(P, cfg, tokens[np.arange(3), pos][:, None], kv=kv, pos=pos)[0][:, 0]
        for row in range(3):
            want = full_logits(P, cfg, tokens[row, :pos[row] + 1])[-1]
            np.testing.assert_allclose(got[row], want, rtol=0, atol=1e-12)
