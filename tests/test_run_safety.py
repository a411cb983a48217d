"""What a run does when the world is not kind: a second run on the same out_dir, a full disk, an out_dir it cannot
write, a loss gone nan. Each is one line that says what is true and what to do, and nothing saved is lost."""
import errno
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from helpers import default_flags, story_config

import slm

ROOT = Path(slm.__file__).resolve().parent
# every flag a `python slm.py train` below relies on, so an edited config.py changes nothing here
RUN_FLAGS = default_flags(vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=16, batch_size=4, device="cpu",
                          plot=False, eval_windows=4, warmup_steps=2, log_every=1)
pytestmark = pytest.mark.usefixtures("prepared_data_in_tmp")


def config(story_file, out_dir, **changes):
    return story_config(story_file, out_dir, **{"batch_size": 4, "max_steps": 10, "checkpoint_every": 5,
                                                "eval_windows": 4, **changes})


def quiet(*args, **kwargs):
    pass


def run_slm(*args, timeout=300):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, str(ROOT / "slm.py"), *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def one_line_error(result):
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# ------------------------------------------------------------------------------------------ one run per out_dir

def test_a_second_run_on_the_same_out_dir_stops_at_once_and_a_killed_run_leaves_no_lock(story_file, tmp_path):
    out = tmp_path / "run"
    flags = [*RUN_FLAGS, f"--data={story_file}", f"--out_dir={out}"]      # later flags win
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OPENBLAS_NUM_THREADS": "1"}
    first = subprocess.Popen([sys.executable, str(ROOT / "slm.py"), "train", *flags, "--max_steps=1000000",
                              "--checkpoint_every=1000000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    try:
        deadline = time.time() + 180
        while not (out / "log.jsonl").exists():              # the first run is training
            assert first.poll() is None, first.communicate()
            assert time.time() < deadline, "the first run logged no step in 180 s"
            time.sleep(0.05)
        second = run_slm("train", *flags, "--max_steps=3")
        line = one_line_error(second)
        assert f"another run is training in {out}/ (pid {first.pid})" in line and "another out_dir" in line
        assert first.poll() is None                            # the first one goes on, untouched
    finally:
        first.kill()                                           # kill -9: no handler runs, the OS drops the lock
        first.communicate()
    third = run_slm("train", *flags, "--max_steps=3", "--checkpoint_every=3")
    assert third.returncode == 0, third.stderr
    assert "[Checkpoint] Step 3" in third.stdout


def test_the_lock_names_the_holder_in_process_too(story_file, tmp_path):
    files = slm.RunFiles(tmp_path)
    with slm.one_run_at_a_time(files):
        with pytest.raises(slm.SlmError, match=rf"another run is training in .* \(pid {os.getpid()}\)"):
            slm.train(config(story_file, tmp_path), log=quiet)
    assert slm.train(config(story_file, tmp_path), log=quiet)["step"] == 10    # released on the way out


# ------------------------------------------------------------------------------------------ a full disk

def test_a_full_disk_while_saving_is_one_line_keeps_the_last_checkpoint_and_stops(story_file, tmp_path):
    slm.train(config(story_file, tmp_path, max_steps=5), log=quiet)
    latest = tmp_path / "latest.safetensors"
    before = latest.read_bytes()

    fsync = os.fsync

    def full(fd):                                     # the disk fills up just as the next checkpoint is written
        if "latest.safetensors" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        fsync(fd)
    lines = []
    with pytest.MonkeyPatch.context() as patch, pytest.raises(slm.SlmError) as e:
        patch.setattr(os, "fsync", full)
        slm.train(config(story_file, tmp_path, max_steps=20), log=lines.append)
    message = str(e.value)
    assert "\n" not in message and f"no space left in {tmp_path}" in message
    assert "MB" in message and f"{latest} was left as it was" in message
    assert latest.read_bytes() == before                                    # the last checkpoint is whole
    assert not [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]    # no temporary file left
    steps = [ln for ln in lines if ln.startswith("step ")]
    assert steps[-1].split()[1] == "10"                   # it stopped at the save it could not make
    assert slm.train(config(story_file, tmp_path, max_steps=10), log=quiet)["step"] == 10   # and resumes from 5


def test_write_atomically_on_a_full_disk_with_no_old_file_says_nothing_was_written(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(slm.SlmError, match=r"it needs 5 bytes\).*nothing was written to"):
        slm.write_atomically(tmp_path / "new.bin", b"12345")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------ an out_dir it cannot use

@pytest.mark.parametrize("where", ["proc", "under a file", "a file"])
def test_an_out_dir_that_cannot_be_made_is_one_line_before_any_work(story_file, tmp_path, monkeypatch, where):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    out_dir = {"proc": "/proc/slm-cannot-be-here", "under a file": str(a_file / "run"), "a file": str(a_file)}[where]
    monkeypatch.setattr(slm, "prepare_data", lambda *a, **k: pytest.fail("prepared data before checking out_dir"))
    with pytest.raises(slm.SlmError) as e:
        slm.train(config(story_file, out_dir), log=quiet)
    assert f"out_dir = {out_dir!r} cannot hold checkpoints" in str(e.value) and "\n" not in str(e.value)
    assert a_file.read_text() == "not a folder"


def test_a_read_only_out_dir_is_one_line(story_file, tmp_path, monkeypatch):
    # root may write anywhere, so the refusal a read-only folder gives is raised where slm probes it
    write_bytes = Path.write_bytes

    def read_only(self, data):
        if self.parent == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return write_bytes(self, data)
    monkeypatch.setattr(Path, "write_bytes", read_only)
    with pytest.raises(slm.SlmError, match=r"cannot hold checkpoints \(Permission denied\): choose a folder"):
        slm.train(config(story_file, tmp_path), log=quiet)


def test_an_unusable_out_dir_on_the_command_line_is_one_line(story_file):
    line = one_line_error(run_slm("train", *RUN_FLAGS, f"--data={story_file}", "--out_dir=/proc/slm-x"))
    assert "out_dir = '/proc/slm-x' cannot hold checkpoints" in line


# ------------------------------------------------------------------------------------------ a loss gone nan

def overflow_at(step, real):
    """forward_backward as slm has it, but the loss of call `step` overflows in NumPy (a RuntimeWarning, if shown)."""
    calls = {"n": 0}

    def run(*args, **kwargs):
        loss, usage = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == step:
            loss = np.float32(3e38) * np.float32(10)                    # inf, as a real overflow makes it
        return loss, usage
    return run


@pytest.mark.parametrize("checkpoint_every", [100, 2])
def test_a_nan_loss_says_what_is_true_and_shows_no_numpy_warning(story_file, tmp_path, monkeypatch,
                                                                  checkpoint_every):
    monkeypatch.setattr(slm, "forward_backward", overflow_at(3, slm.forward_backward))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with pytest.raises(slm.SlmError) as e:
            slm.train(config(story_file, tmp_path, checkpoint_every=checkpoint_every), log=quiet)
    message = str(e.value)
    assert message.startswith("the loss became inf at step 3: lower lr") and "\n" not in message
    if checkpoint_every == 100:
        assert "no checkpoint had been saved yet" in message and not (tmp_path / "latest.safetensors").exists()
    else:
        assert f"{tmp_path / 'latest.safetensors'} still holds step 2, the last good checkpoint" in message
        assert slm.load_checkpoint(tmp_path / "latest.safetensors")[1]["step"] == 2
    assert not [w for w in seen if issubclass(w.category, RuntimeWarning)], [str(w.message) for w in seen]


# ------------------------------------------------------------------------------------------ the run's state

def test_run_state_round_trips_through_checkpoint_metadata(story_file, tmp_path):
    cfg = config(story_file, tmp_path, dtype="float16")
    state = slm.RunState.start(cfg)
    state.rng.random(5)
    state.step, state.best_val, state.gloss_sum, state.gloss_count = 7, 1.25, 3.5, 2
    state.relu_streak = [1, 4]
    state.scaler = {"scale": 1024.0, "good_steps": 3, "skipped": 1}
    back = slm.RunState.from_meta(state.to_meta(), cfg)
    assert back.to_meta() == state.to_meta()
    assert back.rng.random() == state.rng.random()
    # the loss scaler goes on only into another float16 run
    other = slm.RunState.from_meta(state.to_meta(), config(story_file, tmp_path, dtype="float32"))
    assert other.scaler == slm.RunState.start(config(story_file, tmp_path)).scaler
