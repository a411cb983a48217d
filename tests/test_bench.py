"""bench/bench.py's per-part breakdown: every part of a step is found and timed, and slm is left as it was."""
import sys
from pathlib import Path

import pytest

import slm
from helpers import tiny_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import bench  # noqa: E402


@pytest.mark.parametrize("threads", [1, 2])   # whole batch; batch in shards on threads
def test_breakdown_finds_every_part_of_a_step_and_puts_slm_back(monkeypatch, capsys, threads):
    monkeypatch.setattr(slm, "THREADS", threads)
    originals = {name: getattr(slm, name) for name in ("forward", "backward", "matmul", "attention_forward",
                                                       "linear_backward", "adamw_step", "clip_gradients")}
    cfg = tiny_config(n_layer=2, d_model=16, n_head=2, ctx=8, vocab_size=37, batch_size=4)
    parts, total = bench.breakdown(slm, cfg, 2, "tiny")
    expected = {f"{part} {kind}" for kind in ("forward", "backward") for part in (
        "embedding", "layernorm", "attention qkv + proj", "attention core (q k^T, softmax, att v)",
        "MLP fc + ReLU + proj", "output head matmuls (tied wte)", "loss (softmax + cross-entropy)")}
    assert set(parts) == expected | {"optimizer (clip + AdamW)"}
    assert all(seconds > 0 for seconds in parts.values()) and total > 0
    printed = capsys.readouterr().out
    assert "where one training step goes: tiny (L2 C16 H2 T8 V37 B4)" in printed
    assert ("batch in 2 shards" in printed) == (threads == 2)
    assert {name: getattr(slm, name) for name in originals} == originals


def test_the_step_bench_times_is_the_one_train_runs_with_the_fused_kernels_asked_for(monkeypatch):
    """bench.py --device gpu timed the plain CuPy layers when it never turned the kernels on: its step asks for them,
    as train() does (on NumPy the call does nothing)."""
    asked = []
    monkeypatch.setattr(slm, "enable_fused_kernels", lambda log=print, dtypes=("float32",): asked.append(dtypes))
    cfg = tiny_config(n_layer=2, d_model=16, n_head=2, ctx=8, vocab_size=37, batch_size=2)
    import numpy as np
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
    step = bench.slm_step_function(slm, cfg, slm.init_params(cfg), tokens)
    assert asked == [("float32",)]
    assert np.isfinite(float(step()))
