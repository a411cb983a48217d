"""The training loop: the loss falls, checkpoints are exact and safe, Ctrl-C saves, resume equals a straight run."""
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import default_flags, story_config, tiny_config

import slm

ROOT = Path(slm.__file__).resolve().parent

pytestmark = pytest.mark.usefixtures("prepared_data_in_tmp")


config = story_config


def quiet(*args, **kwargs):
    pass


def test_loss_falls_well_below_chance(story_file, tmp_path):
    cfg = config(story_file, tmp_path, max_steps=300, checkpoint_every=100, log_every=50)
    result = slm.train(cfg, log=quiet)
    # chance is ln(vocab) ~ 5.3 nats; the text repeats 4 short stories, so a working model gets far below 1.0
    assert result["losses"][0] > 4.5
    assert result["gloss"] < 1.0, result["gloss"]
    assert result["val_loss"] < 1.0


@pytest.mark.parametrize("spread", ["unigram", "uniform"])
def test_training_smooths_towards_its_own_texts_token_frequencies(story_file, tmp_path, monkeypatch, spread):
    """Every step's gradient is label-smoothed by label_smoothing towards the training split's unigram frequencies
    (smoothing_prior = "unigram"), or evenly ("uniform": no prior)."""
    seen = []
    real = slm.forward_backward

    def spy(P, G, grads, cfg, batch, loss_scale=1.0, shards=None, prior=None):
        seen.append((cfg.label_smoothing, None if prior is None else slm.to_host(prior).copy()))
        return real(P, G, grads, cfg, batch, loss_scale, shards, prior)
    monkeypatch.setattr(slm, "forward_backward", spy)
    cfg = config(story_file, tmp_path, max_steps=3, label_smoothing=0.2, smoothing_prior=spread)
    slm.train(cfg, log=quiet)
    assert len(seen) == 3 and all(s == 0.2 for s, _ in seen)
    if spread == "uniform":
        assert all(p is None for _, p in seen)
        return
    prior = seen[0][1]
    assert prior.ndim == 1 and abs(prior.sum() - 1) < 1e-5 and prior.min() > 0
    text = Path(story_file).read_text()
    _, _, tokenizer, _ = slm.load_model(tmp_path / "latest.safetensors")
    common = slm.encode(tokenizer, " the")[0]          # the stories' commonest word outweighs a token never used
    assert prior[common] > 20 * prior.min() and " the" in text


def test_checkpoint_line_log_and_files(story_file, tmp_path):
    lines = []
    slm.train(config(story_file, tmp_path), log=lines.append)
    checkpoints = [ln for ln in lines if ln.startswith("[Checkpoint]")]
    assert len(checkpoints) == 3
    assert checkpoints[0].startswith("[Checkpoint] Step 10 | GLoss: ") and " | val: " in checkpoints[0]
    records = [json.loads(ln) for ln in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records] == [5, 10, 15, 20, 25, 30]
    for r in records:
        assert {"step", "loss", "lr", "tokens_per_s", "mfu", "relu_usage"} <= set(r)
        assert len(r["relu_usage"]) == 2 and all(0 <= u <= 1 for u in r["relu_usage"])
        assert r["tokens_per_s"] > 0 and 0 < r["mfu"]
    with_checkpoint = [r for r in records if "gloss" in r]
    assert [r["step"] for r in with_checkpoint] == [10, 20, 30]
    # GLoss is the mean of the training losses since the previous checkpoint
    assert (tmp_path / "latest.safetensors").exists() and (tmp_path / "best.safetensors").exists()


def test_gloss_is_the_mean_loss_since_the_last_checkpoint(story_file, tmp_path):
    lines = []
    result = slm.train(config(story_file, tmp_path, max_steps=20), log=lines.append)
    gloss = float([ln for ln in lines if ln.startswith("[Checkpoint] Step 20")][0].split("GLoss: ")[1].split()[0])
    assert gloss == pytest.approx(np.mean(result["losses"][10:20]), abs=1e-4)


def test_checkpoint_round_trip_is_exact(tmp_path):
    cfg = tiny_config()
    params = slm.init_params(cfg)
    rng = np.random.default_rng(5)
    m, v = rng.normal(size=params.shape).astype("float32"), rng.random(params.shape).astype("float32")
    meta = {"step": 7, "best_val": 1.5, "rng": np.random.default_rng(3).bit_generator.state, "tokenizer": "{}"}
    slm.save_checkpoint(tmp_path / "c.safetensors", cfg, params, m, v, meta)
    tensors, meta2, cfg2 = slm.load_checkpoint(tmp_path / "c.safetensors")
    np.testing.assert_array_equal(slm.flat_params(tensors, cfg2), params)
    np.testing.assert_array_equal(tensors["adam.m"], m)
    np.testing.assert_array_equal(tensors["adam.v"], v)
    kept = {k: v for k, v in vars(cfg).items() if k not in slm.LOCAL_FLAGS}     # no key, no machine's settings
    assert meta2 == meta and vars(cfg2) == {**kept, "relu_zone": list(cfg.relu_zone)}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_resume_equals_a_straight_run(story_file, tmp_path):
    straight = slm.train(config(story_file, tmp_path / "a"), log=quiet)

    lines = []

    def interrupt_at_step_15(line):
        lines.append(line)
        if line.startswith("step     15 |"):
            # A real Ctrl-C, caught by train()'s handler, on a plain log line: no regular save is near (they come at
            # 10 and 20), so only the stop can save. Step 15 has already passed its checkpoint decision: one more
            # step runs, and saves.
            os.kill(os.getpid(), signal.SIGINT)
    first = slm.train(config(story_file, tmp_path / "b"), log=interrupt_at_step_15)
    assert first["step"] == 16, lines
    assert [ln for ln in lines if ln.startswith("[Checkpoint]")][-1].startswith("[Checkpoint] Step 16 ")
    assert lines[-1].startswith("stopped by SIGINT at step 16")
    assert slm.load_checkpoint(tmp_path / "b" / "latest.safetensors")[1]["step"] == 16
    second = slm.train(config(story_file, tmp_path / "b"), log=quiet)
    assert second["step"] == 30
    assert first["losses"] + second["losses"] == straight["losses"]
    a, b = final_tensors(tmp_path / "a"), final_tensors(tmp_path / "b")
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def final_tensors(out_dir):
    return slm.load_checkpoint(Path(out_dir) / "latest.safetensors")[0]


DEADLINE = 300   # seconds any one wait on a child process may take before the test fails, saying what it waited for


class Child:
    """A subprocess whose stdout lines the test reads as they come, every wait bounded by DEADLINE: a wait that runs
    out, or a child that ends first, fails the test with what it waited for and everything the child printed."""

    def __init__(self, args, folder):
        folder.mkdir(parents=True, exist_ok=True)
        self.stderr_path = folder / "child-stderr.txt"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.stderr_path, "w") as err:
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        self.lines, self.queue = [], queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)                                   # the end of its output

    def wait_for(self, prefix):
        """The next line that starts with prefix (the lines before it are kept in self.lines)."""
        end = time.monotonic() + DEADLINE
        while True:
            try:
                line = self.queue.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                self.fail(f"no line starting {prefix!r} within {DEADLINE} s")
            if line is None:
                self.proc.wait()
                self.fail(f"the child ended (exit status {self.proc.returncode}) before a line starting {prefix!r}")
            self.lines.append(line)
            if line.startswith(prefix):
                return line

    def finish(self):
        """(exit status, every stdout line, stderr) once the child has ended."""
        try:
            self.proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.fail(f"the child did not end within {DEADLINE} s")
        while (line := self.queue.get(timeout=DEADLINE)) is not None:
            self.lines.append(line)
        return self.proc.returncode, self.lines, self.stderr_path.read_text()

    def fail(self, message):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        pytest.fail(f"{message}. It printed:\n" + "\n".join(self.lines) + "\n--- stderr:\n" +
                    self.stderr_path.read_text(), pytrace=False)


def test_sigint_saves_and_resume_matches_an_uninterrupted_run(story_file, tmp_path):
    """python slm.py train, a real SIGINT from outside once it has logged a step (so wherever the run is then, on a
    slow machine or a busy one), then python slm.py train again: the same weights as one uninterrupted run."""
    flags = default_flags(data=str(story_file), vocab_size=300, n_layer=2, d_model=64, n_head=2, ctx=32,
                          batch_size=16, max_steps=60, checkpoint_every=1000, log_every=1, eval_windows=8,
                          warmup_steps=10, device="cpu", plot=False)  # every flag, whatever config.py says
    run = [sys.executable, str(ROOT / "slm.py"), "train", *flags]
    stopped = tmp_path / "stopped"
    child = Child(run + [f"--out_dir={stopped}"], tmp_path / "first")
    child.wait_for("step      1 |")
    child.proc.send_signal(signal.SIGINT)
    status, out, err = child.finish()
    assert status == 0 and "Traceback" not in err, err
    checkpoint_lines = [ln for ln in out if ln.startswith("[Checkpoint] Step")]
    assert len(checkpoint_lines) == 1, out                    # the stop's save: regular ones come every 1000 steps
    stop_step = int(checkpoint_lines[0].split()[2])
    assert out[-1] == f"stopped by SIGINT at step {stop_step}; `python slm.py` continues from " \
                      f"{stopped / 'latest.safetensors'}", out
    assert 1 <= stop_step < 60, f"the stop saved at step {stop_step}: the run did not stop soon after the signal"
    resumed = subprocess.run(run + [f"--out_dir={stopped}"], capture_output=True, text=True, timeout=DEADLINE)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming {stopped / 'latest.safetensors'} at step {stop_step}" in resumed.stdout
    straight = subprocess.run(run + [f"--out_dir={tmp_path / 'straight'}"], capture_output=True, text=True,
                              timeout=DEADLINE)
    assert straight.returncode == 0, straight.stderr
    a, b = final_tensors(stopped), final_tensors(tmp_path / "straight")
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    steps = [json.loads(ln)["step"] for ln in (stopped / "log.jsonl").read_text().splitlines()]
    assert steps == sorted(steps) and steps[-1] == 60


# A training run in a child process that stops where the test says, so the test can signal or kill it at a known
# point, not at a moment it guesses. "step:N" holds inside step N (its forward and backward); "save:N" holds in the
# Nth save of latest.safetensors, its new file written in full but not yet renamed over the old one. At a hold the
# child prints "HOLD ..." and waits for the file `release`. Each time train()'s signal handler has run it prints
# "HANDLED <signal>", so the test knows a signal has been taken before it releases the child.
DRIVER = """
import json, os, signal, sys, time
from pathlib import Path
from types import SimpleNamespace
root, config, holds, release = sys.argv[1], Path(sys.argv[2]), sys.argv[3].split(","), Path(sys.argv[4])
sys.path.insert(0, root)
import slm
slm.use_backend("cpu")
cfg = SimpleNamespace(**json.loads(config.read_text()))
counts = {"step": 0, "save": 0}

def hold(kind):
    counts[kind] += 1
    if f"{kind}:{counts[kind]}" in holds:
        print(f"HOLD {kind} {counts[kind]}", flush=True)
        deadline = time.monotonic() + 300
        while not release.exists():
            if time.monotonic() > deadline:
                sys.exit("driver: never released")
            time.sleep(0.01)
        release.unlink()

real_forward_backward, real_replace, real_handle = slm.forward_backward, os.replace, slm.StopRequest._handle

def forward_backward(*args, **kwargs):
    hold("step")
    return real_forward_backward(*args, **kwargs)

def replace(src, dst):
    if Path(dst).name == "latest.safetensors":
        hold("save")
    return real_replace(src, dst)

def handle(self, signum, frame):
    real_handle(self, signum, frame)
    print("HANDLED", signal.Signals(signum).name, flush=True)

slm.forward_backward, os.replace, slm.StopRequest._handle = forward_backward, replace, handle
result = slm.train(cfg, log=lambda line: print(line, flush=True))
print("RESULT", json.dumps(result["losses"]), flush=True)
"""


def signal_config(story_file, out_dir):
    """Checkpoints at steps 4, 8 and 12 (the last): a stop at step 5 is saved by the stop alone."""
    return config(story_file, out_dir, max_steps=12, checkpoint_every=4, log_every=2)


@pytest.fixture(scope="module")
def straight_12(story_file, tmp_path_factory):
    """(losses, final tensors) of signal_config's run, uninterrupted."""
    folder = tmp_path_factory.mktemp("straight")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SLM_DATA_DIR", str(tmp_path_factory.getbasetemp() / "prepared-data"))
        losses = slm.train(signal_config(story_file, folder), log=quiet)["losses"]
    return losses, final_tensors(folder)


def start_driver(cfg, holds, folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(vars(cfg)))
    (folder / "driver.py").write_text(DRIVER)
    release = folder / "release"
    child = Child([sys.executable, str(folder / "driver.py"), str(ROOT), str(folder / "config.json"), holds,
                   str(release)], folder)
    return child, release


def resume_and_compare(cfg, first_losses, stop_step, straight):
    second = slm.train(cfg, log=quiet)
    assert second["step"] == 12
    losses, tensors = straight
    assert len(first_losses) == stop_step and first_losses + second["losses"] == losses
    final = final_tensors(cfg.out_dir)
    for k in tensors:
        np.testing.assert_array_equal(final[k], tensors[k], err_msg=k)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_step_finishes_the_step_saves_and_resumes_exactly(story_file, tmp_path, signum, straight_12):
    """Ctrl-C, and SIGTERM (what `kill` and most schedulers send), stop the same way: the step in flight ends, a
    checkpoint is saved, train() returns; resuming from it ends where an uninterrupted run does, to the bit."""
    cfg = signal_config(story_file, tmp_path / "run")
    child, release = start_driver(cfg, "step:5", tmp_path)
    child.wait_for("HOLD step 5")
    child.proc.send_signal(signum)
    child.wait_for(f"HANDLED {signum.name}")
    release.touch()
    status, out, err = child.finish()
    assert status == 0 and "Traceback" not in err, err
    assert [ln.split(" |")[0] for ln in out if ln.startswith("[Checkpoint]")] == ["[Checkpoint] Step 4",
                                                                                  "[Checkpoint] Step 5"]
    assert out[-2].startswith(f"stopped by {signum.name} at step 5;")
    assert slm.load_checkpoint(tmp_path / "run" / "latest.safetensors")[1]["step"] == 5
    resume_and_compare(cfg, json.loads(out[-1].removeprefix("RESULT ")), 5, straight_12)


def test_a_second_ctrl_c_during_the_save_does_not_tear_it(story_file, tmp_path, straight_12):
    cfg = signal_config(story_file, tmp_path / "run")
    child, release = start_driver(cfg, "step:5,save:2", tmp_path)    # save 1 is step 4's, save 2 the stop's
    child.wait_for("HOLD step 5")
    child.proc.send_signal(signal.SIGINT)
    child.wait_for("HANDLED SIGINT")
    release.touch()
    child.wait_for("HOLD save 2")                                    # the stop's save, half done
    child.proc.send_signal(signal.SIGINT)                            # impatient: Ctrl-C again
    child.wait_for("HANDLED SIGINT")
    release.touch()
    status, out, err = child.finish()
    assert status == 0 and "Traceback" not in err, err
    assert out[-2].startswith("stopped by SIGINT at step 5;")
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["best.safetensors", "latest.safetensors",
                                                                     "log.jsonl", "train.lock"]   # no temp file
    assert slm.load_checkpoint(tmp_path / "run" / "latest.safetensors")[1]["step"] == 5
    resume_and_compare(cfg, json.loads(out[-1].removeprefix("RESULT ")), 5, straight_12)


def test_kill_9_during_a_save_leaves_the_previous_checkpoint_whole(story_file, tmp_path, straight_12):
    cfg = signal_config(story_file, tmp_path / "run")
    child, release = start_driver(cfg, "save:2", tmp_path)           # step 8's save: its new file written in full
    child.wait_for("HOLD save 2")
    child.proc.kill()                                                # SIGKILL: no handler, no cleanup
    status, out, _ = child.finish()
    assert status == -signal.SIGKILL
    run = tmp_path / "run"
    assert [p.name for p in run.iterdir() if p.name.startswith(".latest.safetensors.tmp-")], \
        "the kill did not land mid-save"                             # the unfinished new file, left behind
    tensors, meta, _ = slm.load_checkpoint(run / "latest.safetensors")
    assert meta["step"] == 4                                         # step 4's checkpoint, whole
    first_losses = straight_12[0][:4]                                # what steps 1-4 gave in the uninterrupted run
    resume_and_compare(cfg, first_losses, 4, straight_12)           # and it carries on as if never killed


def test_damaged_checkpoint_is_a_clear_error_and_is_left_alone(story_file, tmp_path):
    slm.train(config(story_file, tmp_path, max_steps=10), log=quiet)
    latest = tmp_path / "latest.safetensors"
    data = latest.read_bytes()
    latest.write_bytes(data[: len(data) // 2])  # truncated, as by a full disk
    damaged = latest.read_bytes()
    with pytest.raises(slm.SlmError) as e:
        slm.train(config(story_file, tmp_path, max_steps=20), log=quiet)
    assert "damaged" in str(e.value) and str(latest) in str(e.value) and "\n" not in str(e.value)
    assert latest.read_bytes() == damaged
    latest.write_bytes(b"\x00" * 100)
    with pytest.raises(slm.SlmError, match="damaged"):
        slm.load_checkpoint(latest)


def test_checkpoint_of_another_shape_says_what_differs(story_file, tmp_path):
    slm.train(config(story_file, tmp_path, max_steps=10), log=quiet)
    before = (tmp_path / "latest.safetensors").read_bytes()
    with pytest.raises(slm.SlmError) as e:
        slm.train(config(story_file, tmp_path, max_steps=20, d_model=48), log=quiet)
    assert "d_model=32 (config: 48)" in str(e.value)
    assert (tmp_path / "latest.safetensors").read_bytes() == before


def test_resume_false_never_overwrites(story_file, tmp_path):
    slm.train(config(story_file, tmp_path, max_steps=10), log=quiet)
    with pytest.raises(slm.SlmError, match="resume = False"):
        slm.train(config(story_file, tmp_path, max_steps=20, resume=False), log=quiet)


def test_relu_zone_warning_names_the_layer(story_file, tmp_path):
    lines = []
    slm.train(config(story_file, tmp_path, max_steps=10, log_every=1, relu_zone=(0.98, 1.0), relu_patience=3),
              log=lines.append)
    warnings = [ln for ln in lines if ln.startswith("warning: layer")]
    assert len(warnings) == 2  # one per layer, once each
    assert "layer 0 (even, free to roam)" in warnings[0] and "for 3 log lines" in warnings[0]
    assert "layer 1 (odd, decayed)" in warnings[1]


def test_grad_accum_of_half_batches_equals_the_whole_batch(story_file, tmp_path, monkeypatch):
    """grad_accum = 2 micro-batches of 4 windows make the gradient (and loss) of one batch of 8 windows."""
    real_sample_batch = slm.sample_batch

    def window_by_window(tokens, batch_size, ctx, rng):   # the same windows however they are grouped in batches
        return np.concatenate([real_sample_batch(tokens, 1, ctx, rng) for _ in range(batch_size)])
    monkeypatch.setattr(slm, "sample_batch", window_by_window)
    real_adamw_step = slm.adamw_step
    runs = {}
    for batch_size, grad_accum in ((8, 1), (4, 2)):
        grads_seen = runs[grad_accum] = []

        def adamw_step(params, grads, *args, seen=grads_seen, **kwargs):
            seen.append(np.array(grads))
            return real_adamw_step(params, grads, *args, **kwargs)
        monkeypatch.setattr(slm, "adamw_step", adamw_step)
        cfg = config(story_file, tmp_path / f"accum{grad_accum}", max_steps=3, batch_size=batch_size,
                     grad_accum=grad_accum, grad_clip=0.0)   # no clipping: it would hide a gradient twice too large
        grads_seen.append(slm.train(cfg, log=quiet)["losses"])
    whole, accumulated = runs[1], runs[2]
    np.testing.assert_allclose(accumulated.pop(), whole.pop(), rtol=1e-6)   # the losses
    assert len(whole) == len(accumulated) == 3
    for a, b in zip(accumulated, whole):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=2e-6 * np.abs(b).max())   # measured 3e-7


def test_loss_scale_halves_on_overflow_and_grows_back():
    scaler = {"scale": 1024.0, "good_steps": 0, "skipped": 0}
    assert not slm.update_loss_scale(scaler, np.array([1.0, np.inf], dtype=np.float32))
    assert scaler["scale"] == 512.0 and scaler["skipped"] == 1
    for _ in range(3):
        assert slm.update_loss_scale(scaler, np.ones(2, dtype=np.float32), growth_interval=3)
    assert scaler["scale"] == 1024.0
