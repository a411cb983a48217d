"""eval(): a checkpoint's loss on any text, in nats per token and bits per UTF-8 byte, every token scored once."""
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import STORIES, default_flags, story_text, tiny_config

import slm
from data.tokens import encode

ROOT = Path(slm.__file__).resolve().parent

@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A checkpoint trained on a small text (ctx 32, so long stories must slide)."""
    folder = tmp_path_factory.mktemp("eval")
    text = folder / "stories.txt"
    text.write_text(story_text(200))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SLM_DATA_DIR", str(folder / "prepared"))
        yield trained_config(text, folder)


def trained_config(text, folder):
    cfg = tiny_config(data=str(text), vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=32, batch_size=8,
                      lr=3e-3, min_lr=3e-4, warmup_steps=10, max_steps=150, checkpoint_every=50, eval_windows=4,
                      out_dir=str(folder / "run"))
    slm.train(cfg, log=lambda *a: None)
    return cfg


def reference_nats(P, mcfg, tokenizer, eot, story):
    """-log p of each token of a story that fits the window, from one plain forward (float64 log-softmax)."""
    ids = [eot] + encode(tokenizer, story)
    logits = slm.forward(P, mcfg, np.array([ids[:-1]]))[0][0].astype(np.float64)     # (n, V)
    top = logits.max(axis=-1, keepdims=True)
    log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=-1, keepdims=True))
    return -log_probs[np.arange(len(ids) - 1), ids[1:]]


def test_short_stories_score_as_one_forward_each(trained):
    P, mcfg, tokenizer, eot = slm.load_model(slm.checkpoint_path(trained))
    stories = STORIES[:3]
    assert all(len(encode(tokenizer, s)) < mcfg.ctx for s in stories)
    nats, tokens, n_bytes = slm.score_stories(P, mcfg, tokenizer, eot, stories, batch_size=2)   # padded batches
    expected = [reference_nats(P, mcfg, tokenizer, eot, s) for s in stories]
    assert tokens == sum(len(e) for e in expected)
    assert n_bytes == sum(len(s.encode("utf-8")) for s in stories)
    assert nats == pytest.approx(sum(e.sum() for e in expected), rel=1e-5)


def test_a_long_story_is_scored_token_by_token_once_with_at_least_half_a_window_of_context(trained):
    P, mcfg, tokenizer, eot = slm.load_model(slm.checkpoint_path(trained))
    story = " ".join(STORIES * 6)                    # far longer than ctx = 32
    ids = [eot] + encode(tokenizer, story)
    n = len(ids) - 1
    assert n > 3 * mcfg.ctx
    nats, tokens, _ = slm.score_stories(P, mcfg, tokenizer, eot, [story])
    assert tokens == n
    # the reference: token i (target ids[i + 1]) scored by a window ending at its slide's end, context >= ctx // 2
    stride, done, expected = mcfg.ctx // 2, 0, 0.0
    while done < n:
        end = min(done + (mcfg.ctx if done == 0 else stride), n)
        begin = max(0, end - mcfg.ctx)
        window = ids[begin:end + 1]
        assert done == 0 or done - begin >= mcfg.ctx // 2
        logits = slm.forward(P, mcfg, np.array([window[:-1]]))[0][0].astype(np.float64)
        top = logits.max(axis=-1, keepdims=True)
        log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=-1, keepdims=True))
        picked = -log_probs[np.arange(len(window) - 1), window[1:]]
        expected += picked[done - begin:].sum()
        done = end
    assert nats == pytest.approx(expected, rel=1e-5)


def test_eval_reports_nats_per_token_and_bits_per_byte(trained, tmp_path):
    text = tmp_path / "held_out.txt"
    text.write_text("The cat ran to the park.\n\nLily saw a big dog. She smiled.\n")   # blank-line stories
    lines = []
    result = slm.eval(str(text), trained, log=lines.append)
    assert result["stories"] == 2 and result["bytes"] == len("The cat ran to the park.Lily saw a big dog. She smiled.")
    assert result["bits_per_byte"] == pytest.approx(result["nats_per_token"] * result["tokens"] / math.log(2)
                                                    / result["bytes"])
    # the kernels' start-up line comes once a process, before the first eval or write of it: whether it is this one
    # depends on which tests ran before, so it is left out
    lines = [line for line in lines if not line.startswith(("fused CPU kernels", "warning: the fused CPU kernels"))]
    assert lines == [f"eval {slm.checkpoint_path(trained)} on 2 stories ({result['tokens']:,} tokens, "
                     f"{result['bytes']:,} bytes): {result['nats_per_token']:.4f} nats/token, "
                     f"{result['bits_per_byte']:.4f} bits/byte"]
    assert slm.eval("The cat ran to the park.\n\nLily saw a big dog. She smiled.", trained, log=lines.append) == result
    # a trained model scores its own kind of text far better than chance (ln 300 = 5.7 nats/token)
    assert slm.eval(STORIES[0], trained, log=lines.append)["nats_per_token"] < 3.0


def test_eval_of_the_builtin_data_scores_its_validation_split(trained, monkeypatch):
    cfg = tiny_config(**{**vars(trained), "data": "builtin", "val_fraction": 0.5})
    monkeypatch.setattr(slm, "story_sources",
                        lambda data, folder, log, mb: ("builtin", [Path(trained.data)], [], False))
    result = slm.eval(None, cfg, log=lambda *a: None)
    assert result["stories"] == 100                          # the last half of the 200 stories


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "only separators"])
def test_bad_text_is_one_line(trained, tmp_path, case):
    path = tmp_path / "text.txt"
    if case == "empty":
        path.write_text("")
    elif case == "binary":
        path.write_bytes(b"\0\1\2" * 100)
    elif case == "only separators":
        path.write_text("<|endoftext|>\n<|endoftext|>\n")
    with pytest.raises(slm.SlmError) as e:
        slm.eval(str(path), trained, log=lambda *a: None)
    assert "\n" not in str(e.value) and str(path) in str(e.value)


def test_eval_on_the_command_line(trained, tmp_path):
    text = tmp_path / "held_out.txt"
    text.write_text("The dog ran to the park.\n<|endoftext|>\n")
    flags = [*default_flags(device="cpu", batch_size=8), f"--out_dir={trained.out_dir}", f"--data={text}"]
    out = subprocess.run([sys.executable, str(ROOT / "slm.py"), "eval", *flags], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert " bits/byte" in out.stdout.splitlines()[-1] and "on 1 story (" in out.stdout
    bad = subprocess.run([sys.executable, str(ROOT / "slm.py"), "eval", "words", *flags], capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 1 and bad.stderr.startswith("error: eval takes the text as --data=FILE")
