"""No secret leaves in a file slm writes; files another run or command owns are never deleted or overwritten; a
checkpoint's model settings are checked before anything is allocated; MFU never prints above 100%; a signal handler
sets its flag before it prints."""
import json
import os
import struct
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import default_config, story_config, tiny_config

import slm
import slm_hf
import slm_ranks
import slm_study

KEY = "sk-planted-7f3a9c"     # a key no file may hold


def quiet(*args, **kwargs):
    pass


def every_file_holds_no_key(folder):
    found = [path for path in Path(folder).rglob("*") if path.is_file() and KEY.encode() in path.read_bytes()]
    assert not found, found


def test_no_run_export_or_study_file_holds_the_api_key(story_file, tmp_path, prepared_data_in_tmp):
    cfg = story_config(story_file, tmp_path / "run", max_steps=10, checkpoint_every=5, api_key=KEY, host="0.0.0.0",
                       port=9999, serve_slots=3)
    slm.train(cfg, log=quiet)
    tensors, meta, ckpt_cfg = slm.load_checkpoint(Path(cfg.out_dir) / "latest.safetensors")
    assert not set(vars(ckpt_cfg)) & set(slm.LOCAL_FLAGS)           # nor host, port, serving limits, device
    assert ckpt_cfg.n_layer == cfg.n_layer and ckpt_cfg.data == cfg.data and ckpt_cfg.lr == cfg.lr
    slm_hf.export_hf(Path(cfg.out_dir) / "best.safetensors", tmp_path / "export", log=quiet)
    study_cfg = story_config(story_file, tmp_path / "study", max_steps=4, checkpoint_every=2, log_every=2,
                             eval_windows=2, api_key=KEY, plot=False)
    slm_study.study(study_cfg, given=set(vars(study_cfg)), log=quiet)
    every_file_holds_no_key(tmp_path)


def old_checkpoint(path, cfg, params, meta_extra):
    """A checkpoint as slm wrote them before: every flag in its config (the key too) and GLoss's sums in its meta."""
    from safetensors.numpy import save
    host = slm.to_host(params)
    tensors = {f"model.{n}": np.ascontiguousarray(v) for n, v in slm.views(host, cfg).items()}
    tensors["adam.m"], tensors["adam.v"] = np.zeros_like(host), np.zeros_like(host)
    header = {"format": slm.CHECKPOINT_FORMAT, "config": json.dumps({k: getattr(cfg, k) for k in slm.FLAG_KINDS})}
    header.update({k: json.dumps(v) for k, v in meta_extra.items()})
    path.write_bytes(save(tensors, metadata=header))


def test_a_checkpoint_saved_before_the_change_still_resumes(story_file, tmp_path, prepared_data_in_tmp):
    cfg = story_config(story_file, tmp_path, max_steps=6, checkpoint_every=3, api_key=KEY)
    slm.train(cfg, log=quiet)                                      # a run to step 6, then rewritten the old way
    latest = Path(cfg.out_dir) / "latest.safetensors"
    tensors, meta, _ = slm.load_checkpoint(latest)
    params = slm.flat_params(tensors, cfg)
    old_checkpoint(latest, cfg, params, {**meta, "gloss_sum": 0.0, "gloss_count": 0})
    assert KEY.encode() in latest.read_bytes()
    result = slm.train(story_config(story_file, tmp_path, max_steps=9, checkpoint_every=3, api_key=KEY), log=quiet)
    assert result["step"] == 9
    assert KEY.encode() not in latest.read_bytes()                 # the next save drops it


def test_a_checkpoint_s_model_settings_are_checked_before_anything_is_allocated(tmp_path):
    cfg = tiny_config()
    params = slm.init_params(cfg)
    for bad, message in (({"n_layer": 10 ** 9}, "more than slm takes"), ({"n_head": 0}, "n_head = 0"),
                         ({"d_model": "wide"}, "d_model = 'wide'"), ({"vocab_size": 10 ** 7}, "vocab_size")):
        path = tmp_path / f"{next(iter(bad))}.safetensors"
        slm.save_checkpoint(path, cfg, params, params * 0, params * 0, {"step": 0})
        header_size = struct.unpack("<Q", path.read_bytes()[:8])[0]
        header = json.loads(path.read_bytes()[8:8 + header_size])
        header["__metadata__"]["config"] = json.dumps({**json.loads(header["__metadata__"]["config"]), **bad})
        raw = json.dumps(header).encode()
        path.write_bytes(struct.pack("<Q", len(raw)) + raw + path.read_bytes()[8 + header_size:])
        with pytest.raises(slm.SlmError, match=message) as e:
            slm.load_checkpoint(path)
        assert "\n" not in str(e.value) and str(path) in str(e.value)


def test_a_tokenizer_larger_than_the_model_is_refused(story_file, tmp_path, prepared_data_in_tmp):
    cfg = story_config(story_file, tmp_path, max_steps=2, checkpoint_every=2)
    slm.train(cfg, log=quiet)
    path = Path(cfg.out_dir) / "best.safetensors"
    tensors, meta, ckpt_cfg = slm.load_checkpoint(path)
    small = SimpleNamespace(**{**vars(ckpt_cfg), "vocab_size": slm.MIN_VOCAB})   # fewer rows than the tokenizer
    params = slm.init_params(small)
    slm.save_checkpoint(tmp_path / "small.safetensors", small, params, params * 0, params * 0, meta)
    with pytest.raises(slm.SlmError, match="tokenizer of .* tokens for a model of vocab_size = 257"):
        slm.load_model(tmp_path / "small.safetensors")


def test_a_study_takes_its_lock_before_it_deletes_anything(story_file, tmp_path, prepared_data_in_tmp):
    cfg = story_config(story_file, tmp_path, max_steps=4, plot=False)
    root = tmp_path / "study"
    planted = slm.RunFiles(root / "alternating").latest
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"the running study's checkpoint")
    with slm.one_run_at_a_time(slm.RunFiles(root)):               # another study holds the folder
        with pytest.raises(slm.SlmError, match="another run"):
            slm_study.study(cfg, given=set(vars(cfg)), log=quiet)
    assert planted.read_bytes() == b"the running study's checkpoint"


def test_import_holds_the_run_lock(tmp_path):
    with slm.one_run_at_a_time(slm.RunFiles(tmp_path)):
        with pytest.raises(slm.SlmError, match="another run is training"):
            slm_hf.import_command(tmp_path / "nothing", tiny_config(out_dir=str(tmp_path)), log=quiet)


@pytest.mark.parametrize("left", [("best.safetensors",), ("best.safetensors", "log.jsonl")])
def test_a_fresh_start_never_writes_over_another_run_s_files(story_file, tmp_path, prepared_data_in_tmp, left):
    """A run whose latest.safetensors is gone left its best (and log). (A log alone is a run killed before its first
    checkpoint: a fresh start goes on in it, its steps starting again, which is where a log's runs divide.)"""
    for name in left:
        (tmp_path / name).write_bytes(b"another run's " + name.encode())
    with pytest.raises(slm.SlmError, match="of another run but no latest.safetensors") as e:
        slm.train(story_config(story_file, tmp_path, max_steps=2), log=quiet)
    assert "\n" not in str(e.value)
    assert all((tmp_path / name).read_bytes() == b"another run's " + name.encode() for name in left)


def test_a_torn_log_line_does_not_stop_a_resume(story_file, tmp_path, prepared_data_in_tmp):
    slm.train(story_config(story_file, tmp_path, max_steps=4, checkpoint_every=4, log_every=2), log=quiet)
    log = tmp_path / "log.jsonl"
    log.write_text(log.read_text() + '{"step": 6, "loss": 3.1, "rel')        # a kill mid-write
    result = slm.train(story_config(story_file, tmp_path, max_steps=6, checkpoint_every=2, log_every=2), log=quiet)
    assert result["step"] == 6
    steps = [json.loads(line)["step"] for line in log.read_text().splitlines()]
    assert steps == [2, 4, 6]


def test_mfu_never_prints_above_100_percent():
    cfg = tiny_config()
    state = slm.RunState.start(cfg)
    peak = {"flops": 1.0}                                            # measured far too low (a busy machine)
    lines = []
    record = slm.progress(cfg, state, [2.0], [[0.5] * cfg.n_layer, [0.9] * cfg.n_layer], 0.01, 1e-3, peak,
                          lines.append)
    assert record["mfu"] == 1.0 and "MFU 100.0%" in lines[0]
    assert peak["flops"] > 1.0                                       # the best rate seen is the peak from now on
    slower = slm.progress(cfg, state, [2.0], [[0.5] * cfg.n_layer, [0.9] * cfg.n_layer], 0.02, 1e-3, peak,
                          lines.append)
    assert slower["mfu"] == pytest.approx(0.5)


def test_a_signal_handler_sets_its_flag_even_when_its_print_fails(monkeypatch):
    def broken_print(*args, **kwargs):
        raise RuntimeError("reentrant call inside <_io.BufferedWriter name='<stdout>'>")
    monkeypatch.setattr("builtins.print", broken_print)
    stop = slm.StopRequest()
    stop._handle(2, None)                                           # SIGINT
    assert stop.signal == "SIGINT"
    ranks_stop = slm_ranks.StopAcrossRanks(lead=True)
    ranks_stop._handle(15, None)
    assert ranks_stop.pending == "SIGTERM"


def test_the_ranks_name_a_differing_key_but_never_show_it():
    cfg = tiny_config(api_key=KEY)
    mine = slm_ranks.settings_fingerprint(cfg)
    other = slm_ranks.settings_fingerprint(tiny_config(api_key="sk-other", lr=0.5))
    text = slm_ranks.settings_differences(mine, other, 0)
    assert "api_key=(not shown)" in text and "lr=0.5" in text
    assert KEY not in text and "sk-other" not in text


def finished_pid():
    """The pid of a process that has ended."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_killed_run_s_temporary_files_are_removed_at_the_next_start(story_file, tmp_path, prepared_data_in_tmp):
    gone, alive = finished_pid(), os.getppid()
    stale = tmp_path / f".latest.safetensors.tmp-{gone}"
    stale.write_bytes(b"half a checkpoint")
    running = tmp_path / f".best.safetensors.tmp-{alive}"        # a live process's work in progress
    running.write_bytes(b"being written")
    slm.train(story_config(story_file, tmp_path, max_steps=2, checkpoint_every=2), log=quiet)
    assert not stale.exists() and running.exists()
    lines = []
    folder = tmp_path / "prepared"
    folder.mkdir()
    (folder / f"train.bin.tmp-{gone}").write_bytes(b"\0" * 1000)
    (folder / "train.bin").write_bytes(b"kept")
    assert slm.remove_stale_temps(folder, lines.append) == [f"train.bin.tmp-{gone}"]
    assert (folder / "train.bin").read_bytes() == b"kept" and len(lines) == 1 and "\n" not in lines[0]


def test_a_temperature_too_small_to_divide_by_is_refused():
    with pytest.raises(slm.SlmError, match=r"temperature = 5e-324 must be 0 \(greedy\) or at least 1e-6"):
        default_config(temperature=5e-324)
    assert default_config(temperature=0.0).temperature == 0 and default_config(temperature=1e-6).temperature == 1e-6
