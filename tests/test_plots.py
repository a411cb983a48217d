"""Plots: training.png from log.jsonl, drawn by `plot` and at each checkpoint; matplotlib stays optional."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

import slm
from helpers import tiny_config

slm.use_backend("cpu")
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
    path = slm.plot_training(tmp_path, (0.4, 0.6))
    assert path == tmp_path / "training.png"
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.jsonl", "training.png"]  # no temporary file left


def test_plot_command_draws_out_dir(tmp_path, monkeypatch):
    needs_matplotlib()
    write_log(tmp_path)
    monkeypatch.setattr(slm, "CONFIG", tiny_config(out_dir=str(tmp_path)))
    slm.run_command("plot", [])
    assert (tmp_path / "training.png").read_bytes().startswith(PNG_SIGNATURE)


def test_plot_without_a_log_says_train_first(tmp_path):
    with pytest.raises(slm.SlmError, match="train first") as e:
        slm.plot_training(tmp_path)
    assert str(tmp_path / "log.jsonl") in str(e.value) and "\n" not in str(e.value)
    (tmp_path / "log.jsonl").write_text("")
    with pytest.raises(slm.SlmError, match="empty.*train first"):
        slm.plot_training(tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "slm.py"), "plot", f"--out_dir={tmp_path / 'none'}",
                             "--device=cpu"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: no training log in ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "none").exists()


def test_the_log_plotted_is_its_last_run(tmp_path):
    write_log(tmp_path)
    with open(tmp_path / "log.jsonl", "a") as f:
        f.write('{"step": 5, "loss": 9.0, "lr": 0.001, "relu_usage": [0.5, 0.5]}\n{"step": 10, "lo')  # torn line
    records = slm.read_log(tmp_path)
    assert [r["step"] for r in records] == [5] and records[0]["loss"] == 9.0


def test_without_matplotlib_plot_is_one_line_and_training_notes_it_once(tmp_path, monkeypatch):
    write_log(tmp_path)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now raises ImportError
    with pytest.raises(slm.SlmError) as e:
        slm.plot_training(tmp_path)
    assert "pip install matplotlib" in str(e.value) and "\n" not in str(e.value)
    monkeypatch.setattr(slm, "_plot_note_shown", False)
    lines = []
    for _ in range(3):
        slm.plot_quietly(tiny_config(out_dir=str(tmp_path)), lines.append)
    assert len(lines) == 1 and "pip install matplotlib" in lines[0]
    assert not (tmp_path / "training.png").exists()


def test_a_failing_plot_never_stops_training(story_file, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")
    monkeypatch.setattr(slm, "plot_training", broken)
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
