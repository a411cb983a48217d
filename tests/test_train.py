"""The training loop: the loss falls, checkpoints are exact and safe, Ctrl-C saves, resume equals a straight run."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import slm
from helpers import tiny_config

slm.use_backend("cpu")
ROOT = Path(slm.__file__).resolve().parent

STORIES = [
    "The cat sat on the mat. The cat was happy.",
    "The dog ran to the park. The dog played with a ball.",
    "Lily had a red hat. She wore it every day.",
    "Tom saw a big tree. He climbed it and smiled.",
]


@pytest.fixture(scope="module")
def story_file(tmp_path_factory):
    """A small, repetitive corpus: easy to learn, so a few hundred steps must drive the loss well down."""
    folder = tmp_path_factory.mktemp("text")
    path = folder / "stories.txt"
    path.write_text("".join(f"{STORIES[i % 4]}\n<|endoftext|>\n" for i in range(400)))
    return path


@pytest.fixture(autouse=True)
def prepared_data_in_tmp(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SLM_DATA_DIR", str(tmp_path_factory.getbasetemp() / "prepared-data"))


def config(story_file, out_dir, **changes):
    values = dict(data=str(story_file), vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=16, batch_size=8,
                  lr=3e-3, min_lr=3e-4, warmup_steps=10, max_steps=30, checkpoint_every=10, log_every=5,
                  eval_windows=8, out_dir=str(out_dir))
    values.update(changes)
    return tiny_config(**values)


def quiet(*args, **kwargs):
    pass


def test_loss_falls_well_below_chance(story_file, tmp_path):
    cfg = config(story_file, tmp_path, max_steps=300, checkpoint_every=100, log_every=50)
    result = slm.train(cfg, log=quiet)
    # chance is ln(vocab) ~ 5.3 nats; the text repeats 4 short stories, so a working model gets far below 1.0
    assert result["losses"][0] > 4.5
    assert result["gloss"] < 1.0, result["gloss"]
    assert result["val_loss"] < 1.0


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
    assert meta2 == meta and vars(cfg2) == {**vars(cfg), "relu_zone": list(cfg.relu_zone)}
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


def test_sigint_saves_and_resume_matches_an_uninterrupted_run(story_file, tmp_path):
    flags = [f"--data={story_file}", "--vocab_size=300", "--n_layer=2", "--d_model=64", "--n_head=2", "--ctx=32",
             "--batch_size=16", "--max_steps=300", "--checkpoint_every=1000", "--log_every=1", "--eval_windows=8",
             "--warmup_steps=10", "--device=cpu", "--plot=False"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OPENBLAS_NUM_THREADS": "1"}
    run = [sys.executable, str(ROOT / "slm.py"), "train"]
    stopped = tmp_path / "stopped"
    proc = subprocess.Popen(run + flags + [f"--out_dir={stopped}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    log = stopped / "log.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and not (log.exists() and len(log.read_text().splitlines()) >= 20):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    checkpoint_lines = [ln for ln in out.splitlines() if ln.startswith("[Checkpoint] Step")]
    assert len(checkpoint_lines) == 1, out
    stop_step = int(checkpoint_lines[0].split()[2])
    assert 20 <= stop_step < 300, "the run ended before the signal arrived; make it slower"
    resumed = subprocess.run(run + flags + [f"--out_dir={stopped}"], capture_output=True, text=True, env=env,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming {stopped / 'latest.safetensors'} at step {stop_step}" in resumed.stdout
    straight = subprocess.run(run + flags + [f"--out_dir={tmp_path / 'straight'}"], capture_output=True, text=True,
                              env=env, timeout=300)
    assert straight.returncode == 0, straight.stderr
    a, b = final_tensors(stopped), final_tensors(tmp_path / "straight")
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    steps = [json.loads(ln)["step"] for ln in log.read_text().splitlines()]
    assert steps == sorted(steps) and steps[-1] == 300


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


def test_precision_float16_takes_matmuls_in_float16_then_puts_float32_back():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(5, 7)).astype(np.float32), rng.normal(size=(7, 3)).astype(np.float32)
    exact = a @ b
    with slm.precision("float16"):
        got = slm.matmul(a, b)
    assert got.dtype == np.float32                                    # handed back in the inputs' dtype
    np.testing.assert_array_equal(got, (a.astype(np.float16) @ b.astype(np.float16)).astype(np.float32))
    assert not np.array_equal(got, exact)
    np.testing.assert_array_equal(slm.matmul(a, b), exact)            # outside the block: float32 again
    with slm.precision("float32"):
        np.testing.assert_array_equal(slm.matmul(a, b), exact)


def test_float16_matmuls_track_float32(story_file, tmp_path, monkeypatch):
    """dtype = 'float16' (float16 matmuls, float32 master weights, dynamic loss scaling) follows float32 closely,
    and really runs its matmuls in float16: the same run in float32 twice gives the same losses to the bit."""
    full = slm.train(config(story_file, tmp_path / "f32", max_steps=20), log=quiet)
    again = slm.train(config(story_file, tmp_path / "f32-again", max_steps=20), log=quiet)
    seen = []
    original = slm.matmul

    def spy(a, b):
        out = original(a, b)
        seen.append((slm.MATMUL_DTYPE, a.dtype, out.dtype))
        return out
    monkeypatch.setattr(slm, "matmul", spy)
    half = slm.train(config(story_file, tmp_path / "f16", max_steps=20, dtype="float16"), log=quiet)
    f32 = np.dtype("float32")
    assert seen and set(seen) == {("float16", f32, f32)}                 # float32 in and out, float16 inside
    assert slm.MATMUL_DTYPE is None
    assert again["losses"] == full["losses"]
    np.testing.assert_allclose(half["losses"], full["losses"], rtol=0.02)
    assert np.abs(np.subtract(half["losses"], full["losses"])).max() > 1e-5   # float16's rounding: measured 9e-4
    assert half["losses"][-1] < half["losses"][0] - 1.0  # and it learns


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

        def adamw_step(params, grads, *args, **kwargs):
            grads_seen.append(np.array(grads))
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
