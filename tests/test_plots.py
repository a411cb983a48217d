"""Plots and the decay study: training.png from log.jsonl, the study's table and picture, dead units counted right."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import default_flags, tiny_config, tiny_model

import slm
import slm_study

ROOT = Path(slm.__file__).resolve().parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

STORIES = [
    "The cat sat on the mat. The cat was happy.",
    "The dog ran to the park. The dog played with a ball.",
    "Lily had a red hat. She wore it every day.",
    "Tom saw a big tree. He climbed it and smiled.",
]


def needs_matplotlib():
    pytest.importorskip("matplotlib", reason="matplotlib is not installed: the plot is optional, its tests skip")


def write_log(folder, n_layer=2):
    """A hand-written log.jsonl: log lines every 5 steps, a checkpoint every 10."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i, step in enumerate(range(5, 45, 5)):
        record = {"step": step, "loss": 5.0 - 0.3 * i, "lr": 1e-3 * min(1, step / 10), "tokens_per_s": 1000.0,
                  "mfu": 0.01, "ms_per_step": 10.0,
                  "relu_usage": [0.5 + 0.03 * i * (-1) ** l for l in range(n_layer)]}
        if step % 10 == 0:
            record.update(gloss=record["loss"] + 0.1, val_loss=record["loss"] + 0.2)
        lines.append(json.dumps(record))
    (folder / "log.jsonl").write_text("\n".join(lines) + "\n")


@pytest.fixture()
def story_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SLM_DATA_DIR", str(tmp_path / "prepared-data"))
    path = tmp_path / "stories.txt"
    path.write_text("".join(f"{STORIES[i % 4]}\n<|endoftext|>\n" for i in range(200)))
    return path


# ---------------------------------------------------------------------------------------------------------------
# training.png

def test_plot_writes_a_png_from_the_log(tmp_path):
    needs_matplotlib()
    write_log(tmp_path, n_layer=6)
    path = slm_study.plot_training(tmp_path, (0.4, 0.6))
    assert path == tmp_path / "training.png"
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.jsonl", "training.png"]  # no temporary file left


def test_plot_command_draws_out_dir(tmp_path, monkeypatch):
    needs_matplotlib()
    write_log(tmp_path)
    slm.run_command("plot", [], tiny_config(out_dir=str(tmp_path)))
    assert (tmp_path / "training.png").read_bytes().startswith(PNG_SIGNATURE)


def test_plot_without_a_log_says_train_first(tmp_path):
    needs_matplotlib()                      # without it, plotting says to install it before it looks for the log
    with pytest.raises(slm.SlmError, match="train first") as e:
        slm_study.plot_training(tmp_path)
    assert str(tmp_path / "log.jsonl") in str(e.value) and "\n" not in str(e.value)
    (tmp_path / "log.jsonl").write_text("")
    with pytest.raises(slm.SlmError, match="empty.*train first"):
        slm_study.plot_training(tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "slm.py"), "plot",
                             *default_flags(out_dir=str(tmp_path / "none"), device="cpu")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: no training log in ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "none").exists()


def test_the_log_plotted_is_its_last_run(tmp_path):
    write_log(tmp_path)
    with open(tmp_path / "log.jsonl", "a") as f:
        f.write('{"step": 5, "loss": 9.0, "lr": 0.001, "relu_usage": [0.5, 0.5]}\n{"step": 10, "lo')  # torn line
    records = slm_study.read_log(tmp_path)
    assert [r["step"] for r in records] == [5] and records[0]["loss"] == 9.0


def test_without_matplotlib_plot_is_one_line_and_training_notes_it_once(tmp_path, monkeypatch):
    write_log(tmp_path)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now raises ImportError
    with pytest.raises(slm.SlmError) as e:
        slm_study.plot_training(tmp_path)
    assert "pip install matplotlib" in str(e.value) and "\n" not in str(e.value)
    monkeypatch.setattr(slm_study, "_plot_note_shown", False)
    lines = []
    for _ in range(3):
        slm_study.plot_quietly(tiny_config(out_dir=str(tmp_path)), lines.append)
    assert len(lines) == 1 and "pip install matplotlib" in lines[0]
    assert not (tmp_path / "training.png").exists()


def test_a_failing_plot_never_stops_training(story_file, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")
    monkeypatch.setattr(slm_study, "plot_training", broken)
    lines = []
    cfg = tiny_config(data=str(story_file), vocab_size=300, ctx=16, max_steps=10, checkpoint_every=5,
                      out_dir=str(tmp_path / "run"), plot=True)
    result = slm.train(cfg, log=lines.append)
    assert result["step"] == 10
    notes = [ln for ln in lines if ln.startswith("note: training.png was not drawn")]
    assert len(notes) == 2 and "the disk is on fire" in notes[0]


def test_training_draws_the_plot_at_each_checkpoint(story_file, tmp_path):
    needs_matplotlib()
    cfg = tiny_config(data=str(story_file), vocab_size=300, ctx=16, max_steps=10, checkpoint_every=5,
                      out_dir=str(tmp_path), plot=True)
    slm.train(cfg, log=lambda *_: None)
    assert (tmp_path / "training.png").read_bytes().startswith(PNG_SIGNATURE)


# ---------------------------------------------------------------------------------------------------------------
# dead units and spikes

def test_dead_units_are_exactly_the_ones_that_cannot_fire():
    cfg = tiny_config(n_layer=3)
    _, P = tiny_model(cfg)
    for l in range(cfg.n_layer):
        P[f"h.{l}.mlp.fc.b"] += 0.5                   # every other unit fires somewhere, so only the killed are dead
    killed = {(0, 5), (1, 3), (1, 7), (2, 60)}
    for l, unit in killed:
        P[f"h.{l}.mlp.fc.w"][:, unit] = 0.0
        P[f"h.{l}.mlp.fc.b"][unit] = -100.0
    P["h.2.mlp.fc.w"][:, 11] = 0.0          # pre-activation exactly 0 at every position: never > 0, so dead
    P["h.2.mlp.fc.b"][11] = 0.0
    P["h.0.mlp.fc.w"][:, 9] = 0.0           # a bias of +1e-9 alone: fires everywhere
    P["h.0.mlp.fc.b"][9] = 1e-9
    windows = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(6, cfg.ctx + 1))
    fired = slm_study.mlp_activity(P, cfg, windows)
    assert fired.shape == (3, 4 * cfg.d_model) and fired.dtype == bool
    assert {tuple(i) for i in np.argwhere(~fired)} == killed | {(2, 11)}


def test_activity_is_that_of_the_forward():
    cfg = tiny_config(n_layer=2, batch_size=3)       # 7 windows: batches of 3, 3 and 1
    _, P = tiny_model(cfg, seed=4)
    P["h.1.mlp.fc.b"][:20] = -0.4                    # some units fire rarely: a real mix of fired and not
    windows = np.random.default_rng(1).integers(0, cfg.vocab_size, size=(7, cfg.ctx + 1))
    _, _, cache, _ = slm.forward(P, cfg, windows[:, :-1], windows[:, 1:])
    expected = np.stack([(layer.a > 0).any(axis=(0, 1)) for layer in cache.layers])      # a = relu(pre)
    np.testing.assert_array_equal(slm_study.mlp_activity(P, cfg, windows), expected)


def test_loss_spike_is_the_largest_rise_above_the_running_minimum():
    losses = [5.0, 4.0, 3.0, 3.5, 2.0, 2.8, 2.5, 1.9]
    records = [{"step": 10 * (i + 1), "loss": x} for i, x in enumerate(losses)]
    size, step = slm_study.loss_spike(records)
    assert size == pytest.approx(0.8) and step == 60
    assert slm_study.loss_spike(records[:3]) == (0.0, None)


# ---------------------------------------------------------------------------------------------------------------
# the decay study

def test_study_size_is_lowered_unless_given():
    cfg = tiny_config(max_steps=5000, d_model=128, n_head=4, ctx=128)
    lowered = slm_study.study_config(cfg)
    assert (lowered.max_steps, lowered.d_model, lowered.ctx) == (600, 64, 64)
    kept = slm_study.study_config(cfg, given={"d_model", "max_steps"})
    assert (kept.max_steps, kept.d_model, kept.ctx) == (5000, 128, 64)
    small = slm_study.study_config(tiny_config(max_steps=50, d_model=16, ctx=8))
    assert (small.max_steps, small.d_model, small.ctx) == (50, 16, 8)
    with pytest.raises(slm.SlmError, match="study lowered d_model to 64, which does not divide by n_head = 3"):
        slm_study.study_config(tiny_config(d_model=96, n_head=3))


def test_study_runs_every_schedule_and_tables_them(story_file, tmp_path):
    out = tmp_path / "out"
    cfg = tiny_config(data=str(story_file), vocab_size=300, n_layer=2, d_model=16, n_head=2, ctx=16, batch_size=4,
                      max_steps=10, warmup_steps=2, checkpoint_every=5, log_every=5, eval_windows=4,
                      out_dir=str(out), plot=True)
    lines = []
    for _ in range(2):                               # a second study starts every run over, from step 0
        runs = slm_study.study(cfg, log=lines.append)
    assert list(runs) == ["alternating", "uniform", "none"]
    assert not (out / "latest.safetensors").exists()
    for schedule in runs:
        steps = [json.loads(ln)["step"] for ln in (out / "study" / schedule / "log.jsonl").read_text().splitlines()]
        assert steps == [5, 10]
    table = (out / "study" / "decay_study.md").read_text()
    rows = [ln for ln in table.splitlines() if ln.startswith("| ") and not ln.startswith("| schedule")]
    assert [r.split(" (")[0] for r in rows] == ["| alternating", "| uniform", "| none"]
    assert "| L0 usage | L1 usage |" in table and "running min" in table
    assert "| alternating (0, 0.92) |" in table and "| uniform (0.92, 0.92) |" in table
    assert table in "\n".join(lines) + "\n"           # the table is also printed
    for run in runs.values():
        assert len(run["usage"]) == 2 and len(run["dead"]) == 2 and run["units"] == 64
    weights = {s: slm.load_checkpoint(out / "study" / s / "latest.safetensors")[0]["model.h.0.mlp.fc.w"]
               for s in runs}
    assert not np.array_equal(weights["uniform"], weights["none"])      # each schedule really decays as it says
    if has_matplotlib():
        assert (out / "study" / "decay_study.png").read_bytes().startswith(PNG_SIGNATURE)
        assert (out / "study" / "none" / "training.png").exists()


def has_matplotlib():
    """Whether matplotlib imports. In CI (SLM_REQUIRE_PEERS=1) it must: the picture's checks may not drop out there."""
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError as e:
        if os.environ.get("SLM_REQUIRE_PEERS") == "1":
            pytest.fail(f"SLM_REQUIRE_PEERS=1 and matplotlib does not import ({e}): "
                        f"pip install -r requirements-dev.txt", pytrace=False)
        return False
