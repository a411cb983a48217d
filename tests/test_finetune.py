"""init_from: a fine-tune starts from exactly a checkpoint's weights, encodes with its tokenizer, trains on a few short
stories, resumes, writes and exports; every bad start is one line and leaves out_dir as it was."""
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import DEFAULTS, default_flags, story_config, story_text

import slm
import slm_hf
from data.tokens import encode, sample_batch

ROOT = Path(slm.__file__).resolve().parent

pytestmark = pytest.mark.usefixtures("prepared_data_in_tmp")

# A parent's folder: short stories about a hero the base model never saw, each shorter than the fine-tune's ctx.
NEW_STORIES = [
    "Zed the fox sat on the mat. Zed was happy.",
    "Zed ran to the park. Zed played with a ball.",
    "Zed had a red hat. Zed wore it every day.",
    "Zed saw a big tree. Zed climbed it and smiled.",
    "Zed and the dog ran to the park.",
    "The cat sat with Zed. Zed was happy.",
]


def quiet(*args, **kwargs):
    pass


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """(config, best.safetensors) of a small model trained on helpers.story_text()."""
    folder = tmp_path_factory.mktemp("base")
    text = folder / "stories.txt"
    text.write_text(story_text(400))
    cfg = story_config(text, folder / "ckpt", max_steps=40, checkpoint_every=20, log_every=20)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SLM_DATA_DIR", str(tmp_path_factory.getbasetemp() / "prepared-data"))
        slm.train(cfg, log=quiet)
    return cfg, Path(cfg.out_dir) / "best.safetensors"


def story_folder(folder, stories=NEW_STORIES):
    folder.mkdir(parents=True, exist_ok=True)
    for i, story in enumerate(stories):
        (folder / f"{i:02d}.txt").write_text(story + "\n")
    return folder


def fine_tune_config(base, tmp_path, **changes):
    """The base's flags, fine-tuning from its best checkpoint on NEW_STORIES (ctx 16 > any one story)."""
    cfg, path = base
    values = dict(vars(cfg), init_from=str(path), data=str(story_folder(tmp_path / "mine")),
                  out_dir=str(tmp_path / "out"), max_steps=10, checkpoint_every=5, log_every=5, lr=1e-3,
                  warmup_steps=2, val_fraction=0.2)
    values.update(changes)
    return slm.SimpleNamespace(**values)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()} if Path(folder).exists() else {}


def test_the_first_step_starts_from_exactly_the_checkpoints_weights(base, tmp_path):
    cfg = fine_tune_config(base, tmp_path)
    lines = []
    result = slm.train(cfg, log=lines.append)
    data = slm.prepare_data(cfg, log=quiet)                                # the fine-tune's tokens, reused
    tensors, _, ckpt_cfg = slm.load_checkpoint(base[1])
    P = slm.views(slm.flat_params(tensors, ckpt_cfg), ckpt_cfg)
    first = slm.draw_batch(data, cfg, cfg.ctx, np.random.default_rng(cfg.seed))   # step 1's batch
    _, loss, _, _ = slm.forward(P, cfg, first[:, :-1], first[:, 1:])
    assert result["losses"][0] == pytest.approx(float(loss), rel=1e-5)
    assert any(line.startswith(f"starting from {base[1]} (step 40, val ") for line in lines), lines
    before = [line for line in lines if line.startswith("before fine-tuning: val ")]
    assert len(before) == 1 and "Zed" not in before[0]
    tensors, meta, _ = slm.load_checkpoint(Path(cfg.out_dir) / "latest.safetensors")
    assert meta["step"] == 10 and meta["init_from"] == {"path": str(base[1].resolve()), "step": 40}
    assert result["step"] == 10 and np.isfinite(result["val_loss"])


def test_replay_draws_part_of_each_batch_from_the_text_the_checkpoint_learned(base, tmp_path):
    cfg = fine_tune_config(base, tmp_path, finetune_replay=0.25)
    lines = []
    slm.train(cfg, log=lines.append)
    data = slm.prepare_data(cfg, log=quiet)
    learned = slm.prepare_data(base[0], log=quiet)                         # the base's own tokens, reused
    assert data.replay is not None and data.replay.train.tolist() == learned.train.tolist()
    batch = slm.draw_batch(data, cfg, cfg.ctx, np.random.default_rng(0))
    rng = np.random.default_rng(0)
    assert batch.tolist() == np.concatenate([sample_batch(data.train, 6, cfg.ctx, rng),           # 8 - 8 * 0.25
                                             sample_batch(learned.train, 2, cfg.ctx, rng)]).tolist()
    said = [ln for ln in lines if "fine-tuning: val " in ln]
    assert [ln.split()[0] for ln in said] == ["before", "after"], lines
    assert all("on the text its checkpoint learned" in ln for ln in said)
    off = fine_tune_config(base, tmp_path / "off", finetune_replay=0.0)
    data = slm.prepare_data(off, log=quiet)
    assert data.replay is None
    assert slm.draw_batch(data, off, 16, np.random.default_rng(0)).tolist() == \
        sample_batch(data.train, 8, 16, np.random.default_rng(0)).tolist()


def test_without_the_learned_text_a_fine_tune_says_so_and_sees_its_own(base, tmp_path):
    cfg, path = base
    moved = tmp_path / "elsewhere.safetensors"
    tensors, meta, ckpt_cfg = slm.load_checkpoint(path)
    gone = slm.SimpleNamespace(**{**vars(ckpt_cfg), "data": str(tmp_path / "gone.txt")})
    params = slm.flat_params(tensors, ckpt_cfg)
    slm.save_checkpoint(moved, gone, params, tensors["adam.m"], tensors["adam.v"], meta)
    lines = []
    result = slm.train(fine_tune_config(base, tmp_path, init_from=str(moved)), log=lines.append)
    notes = [ln for ln in lines if ln.startswith("note: no replay: ")]
    assert len(notes) == 1 and "gone.txt" in notes[0] and "its own text only" in notes[0], lines
    assert result["step"] == 10 and np.isfinite(result["val_loss"])


def test_the_tokenizer_is_the_checkpoints_and_keys_the_tokens(base, tmp_path):
    cfg = fine_tune_config(base, tmp_path)
    lines = []
    data = slm.prepare_data(cfg, log=lines.append)
    _, meta, _ = slm.load_checkpoint(base[1])
    assert data.tokenizer_json == meta["tokenizer"] and data.given_tokenizer
    assert any("none is trained" in line for line in lines) and not any("trained a byte-level" in ln for ln in lines)
    tokenizer = slm.tokenizer_from_json(meta["tokenizer"])
    eot = tokenizer.token_to_id(slm.EOT)
    stories = NEW_STORIES[:-1]                                               # the last one validates
    expected = [t for story in stories for t in [eot] + encode(tokenizer, story)]
    assert data.train.tolist() == expected
    slm.train(cfg, log=quiet)
    _, ft_meta, _ = slm.load_checkpoint(Path(cfg.out_dir) / "best.safetensors")
    assert ft_meta["tokenizer"] == meta["tokenizer"]
    # the same text trained from scratch gets its own tokenizer and its own token files
    scratch = slm.prepare_data(slm.SimpleNamespace(**{**vars(cfg), "init_from": "", "out_dir": str(tmp_path / "s"),
                                                      "ctx": 4}), log=quiet)
    assert scratch.folder != data.folder and not scratch.given_tokenizer


def test_the_fine_tune_writes_and_exports(base, tmp_path):
    cfg = fine_tune_config(base, tmp_path)
    slm.train(cfg, log=quiet)
    best = Path(cfg.out_dir) / "best.safetensors"
    wcfg = slm.make_config(file_values=DEFAULTS, device="cpu", checkpoint=str(best), sample_seed=1)
    story = slm.write("Zed", 12, wcfg, stream=False)
    assert story.startswith("Zed") and len(story) > 3
    out = slm_hf.export_hf(best, tmp_path / "hf", log=quiet)
    assert (out / "model.safetensors").is_file() and (out / "tokenizer.json").is_file()


def test_a_fine_tune_from_an_imported_hugging_face_folder_trains(base, tmp_path):
    cfg, path = base
    hf = slm_hf.export_hf(path, tmp_path / "hf", log=quiet)
    imported = slm.SimpleNamespace(**{**vars(cfg), "out_dir": str(tmp_path / "imported")})
    slm_hf.import_command(hf, imported, log=quiet)
    # config.py's shape (d_model 128, ctx 256, ...) gives way to the checkpoint's; the finetune_* schedule applies
    ft = slm.make_config(file_values=DEFAULTS, device="cpu", plot=False, init_from=str(tmp_path / "imported"),
                         data=str(story_folder(tmp_path / "mine")), out_dir=str(tmp_path / "out"), max_steps=6,
                         checkpoint_every=3, log_every=3, eval_windows=4)
    assert (ft.d_model, ft.n_layer, ft.ctx, ft.vocab_size) == (cfg.d_model, cfg.n_layer, cfg.ctx, cfg.vocab_size)
    assert (ft.lr, ft.min_lr, ft.warmup_steps) == (DEFAULTS["finetune_lr"], DEFAULTS["finetune_min_lr"],
                                                   DEFAULTS["finetune_warmup_steps"])
    result = slm.train(ft, log=quiet)
    assert result["step"] == 6 and np.isfinite(result["val_loss"])
    _, meta, _ = slm.load_checkpoint(tmp_path / "out" / "latest.safetensors")
    assert meta["init_from"]["path"] == str((tmp_path / "imported" / "best.safetensors").resolve())


def test_finetune_values_stand_in_unless_given_and_a_contradicting_shape_flag_is_one_line(base, tmp_path):
    cfg = slm.make_config(file_values=DEFAULTS, init_from=str(base[1]))
    assert (cfg.lr, cfg.max_steps, cfg.d_model) == (DEFAULTS["finetune_lr"], DEFAULTS["finetune_max_steps"], 32)
    given = slm.make_config([f"--init_from={base[1]}", "--lr=1e-3"], file_values=DEFAULTS)
    assert given.lr == 1e-3 and given.max_steps == DEFAULTS["finetune_max_steps"]   # a flag given wins
    with pytest.raises(slm.SlmError) as e:
        slm.make_config(file_values=DEFAULTS, init_from=str(base[1]), d_model=64, ctx=16)
    message = str(e.value)
    assert "d_model=32" in message and "--d_model=64" in message and "ctx" not in message and "\n" not in message
    plain = slm.make_config(file_values=DEFAULTS)                           # no init_from: nothing changes
    assert (plain.lr, plain.max_steps, plain.d_model) == (DEFAULTS["lr"], DEFAULTS["max_steps"], 128)


def test_a_dozen_short_stories_train_on_windows_shorter_than_ctx(base, tmp_path):
    cfg = fine_tune_config(base, tmp_path, val_fraction=0.01)
    big = slm.SimpleNamespace(**{**vars(cfg), "ctx": 192})                 # a model whose ctx the text can't fill
    tensors, meta, ckpt_cfg = slm.load_checkpoint(base[1])
    params = slm.init_params(big)
    path = tmp_path / "wide.safetensors"
    slm.save_checkpoint(path, big, params, np.zeros_like(params), np.zeros_like(params),
                        {**meta, "step": 0})
    cfg = slm.SimpleNamespace(**{**vars(big), "init_from": str(path)})
    lines = []
    result = slm.train(cfg, log=lines.append)
    data = slm.prepare_data(cfg, log=quiet)
    assert len(data.train) == len(data.val) < 192                           # the six stories train and validate
    assert any(ln.startswith(f"note: the text is short: windows of {len(data.train) - 1} tokens to train on, "
                             f"{len(data.val) - 1} to validate on (ctx = 192)") for ln in lines), lines
    assert result["step"] == 10 and np.isfinite(result["val_loss"])


def test_a_dozen_stories_all_train_and_validate_and_one_story_does_too(base, tmp_path):
    cfg = fine_tune_config(base, tmp_path / "dozen", val_fraction=0.01)          # 1% of 6 stories: none held out
    lines = []
    slm.train(cfg, log=lines.append)
    assert any("6 stories, all trained on and scored as the validation text too" in ln for ln in lines), lines
    data = slm.prepare_data(cfg, log=quiet)
    assert data.train.tolist() == data.val.tolist() and int((data.train == data.eot_id).sum()) == 6
    cfg = fine_tune_config(base, tmp_path, data=str(story_folder(tmp_path / "one", NEW_STORIES[:1])))
    lines = []
    result = slm.train(cfg, log=lines.append)
    assert any("1 story, all trained on and scored as the validation text too" in line for line in lines), lines
    data = slm.prepare_data(cfg, log=quiet)
    assert data.train.tolist() == data.val.tolist()
    assert result["step"] == 10 and np.isfinite(result["val_loss"])


def test_nothing_to_learn_from_is_one_line(base, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.txt").write_text("  \n\n")
    cfg = fine_tune_config(base, tmp_path, data=str(empty))
    with pytest.raises(slm.SlmError, match="all its .txt files are empty"):
        slm.train(cfg, log=quiet)


def test_a_stopped_fine_tune_resumes_exactly_with_or_without_init_from(base, tmp_path):
    straight = slm.train(fine_tune_config(base, tmp_path / "a"), log=quiet)
    for again in ("same", "none"):
        cfg = fine_tune_config(base, tmp_path / again)

        def stop_at_step_3(line):
            if line.startswith("step      3 |"):
                os.kill(os.getpid(), signal.SIGINT)
        first = slm.train(slm.SimpleNamespace(**{**vars(cfg), "log_every": 1}), log=stop_at_step_3)
        assert first["step"] == 4
        lines = []
        resumed = slm.SimpleNamespace(**{**vars(cfg), "init_from": cfg.init_from if again == "same" else ""})
        second = slm.train(resumed, log=lines.append)
        assert any(ln.startswith("resuming ") and " at step 4 " in ln for ln in lines), lines
        assert (again == "none") == any("is a fine-tune of" in ln for ln in lines)
        assert first["losses"] + second["losses"] == straight["losses"]
        _, meta, _ = slm.load_checkpoint(Path(cfg.out_dir) / "latest.safetensors")
        assert meta["init_from"]["path"] == str(base[1].resolve())


@pytest.mark.parametrize("case", ["missing", "empty folder", "damaged", "not slm", "text file", "hugging face"])
def test_a_bad_init_from_is_one_line_and_out_dir_stays_empty(base, tmp_path, case):
    bad = tmp_path / "bad"
    if case == "empty folder":
        bad.mkdir()
    elif case == "damaged":
        bad = tmp_path / "bad.safetensors"
        bad.write_bytes(base[1].read_bytes()[:1000])
    elif case == "not slm":
        from safetensors.numpy import save_file
        bad = tmp_path / "bad.safetensors"
        save_file({"x": np.zeros(3, np.float32)}, str(bad))
    elif case == "text file":
        bad = tmp_path / "bad.safetensors"
        bad.write_text("not a checkpoint")
    elif case == "hugging face":
        bad = slm_hf.export_hf(base[1], tmp_path / "hf", log=quiet)
    cfg = fine_tune_config(base, tmp_path, init_from=str(bad))
    before = bad.read_bytes() if bad.is_file() else None
    with pytest.raises(slm.SlmError) as e:
        slm.train(cfg, log=quiet)
    message = str(e.value)
    assert "\n" not in message and "init_from" in message, message
    if case == "hugging face":
        assert "python slm.py import" in message
    assert not (tmp_path / "out" / "latest.safetensors").exists()
    assert (bad.read_bytes() if bad.is_file() else None) == before


def test_init_from_never_overwrites_a_run_in_out_dir(base, tmp_path):
    cfg, path = base
    other = fine_tune_config(base, tmp_path, init_from="", out_dir=str(tmp_path / "other"), ctx=4)
    slm.train(other, log=quiet)                                           # a run trained from scratch
    before = snapshot(other.out_dir)
    with pytest.raises(slm.SlmError, match=r"holds another run \(not a fine-tune\).*nothing was overwritten"):
        slm.train(fine_tune_config(base, tmp_path, out_dir=other.out_dir), log=quiet)
    assert snapshot(other.out_dir) == before
    own = snapshot(cfg.out_dir)                                           # into the checkpoint's own folder
    with pytest.raises(slm.SlmError, match="is out_dir's own checkpoint"):
        slm.train(fine_tune_config(base, tmp_path, out_dir=cfg.out_dir), log=quiet)
    assert snapshot(cfg.out_dir) == own
    done = fine_tune_config(base, tmp_path)                               # a fine-tune from another checkpoint
    slm.train(done, log=quiet)
    before = snapshot(done.out_dir)
    latest = Path(cfg.out_dir) / "latest.safetensors"
    with pytest.raises(slm.SlmError) as e:
        slm.train(fine_tune_config(base, tmp_path, init_from=str(latest)), log=quiet)
    assert f"holds another run (started from {path.resolve()})" in str(e.value)
    assert snapshot(done.out_dir) == before


def test_the_command_line_says_a_missing_init_from_in_one_line(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "slm.py"), "train", *default_flags(device="cpu"),
                        f"--init_from={tmp_path / 'nowhere'}", f"--out_dir={tmp_path / 'out'}"],
                       capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("error: init_from = ") and "no such checkpoint" in r.stderr
    assert not (tmp_path / "out" / "latest.safetensors").exists()


def test_bench_finetune_fine_tunes_a_checkpoint_on_the_twelve_stories_and_scores_both(base, tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_finetune
    rows = bench_finetune.main(["--checkpoint", str(base[1]), "--work", str(tmp_path / "work"), "--stories", "2",
                                "--tokens", "8", "--show", "0", "--max_steps", "4", "--json", str(tmp_path / "f.json")])
    out = capsys.readouterr().out
    assert [row["step"] for row in rows] == [40, 4] and "| names Tamsin |" in out and "minutes start to end" in out
    assert len(list((tmp_path / "work" / "my_stories").glob("*.txt"))) == 12
    assert all(np.isfinite(row[k]) for row in rows for k in ("new_held_out", "new_all", "builtin_val"))
    assert (tmp_path / "f.json").is_file()
