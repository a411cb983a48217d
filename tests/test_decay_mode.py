"""decay_mode: "decoupled" (AdamW, the default) and "l2" (decay * w added to the gradient before clipping and the
moments, as torch.optim.Adam(weight_decay=...) does), and ReLU usage measured both ways (relu_usage, relu_units).

l2 is checked against torch.optim.Adam(weight_decay=...) per layer group; the zero-gradient step moves exactly the
decayed matrices under both modes; checkpoints record the mode and a resume refuses to change it; the optimizer step
with the fused CUDA kernels wired in (on the host emulator; on a GPU when there is one) honours l2 like NumPy does.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from peers import require

torch = require("torch")
transformers = require("transformers")

from helpers import tiny_config, tiny_model  # noqa: E402

# ten steps against torch, as test_interop's AdamW test takes them: its tiny trained model (for a tokenizer), the
# export into transformers, the loss, and the per-parameter decay written from the rule rather than from slm's code
from test_interop import as_torch, checkpoint, tokenizer_json, torch_decay, torch_loss, trained  # noqa: E402,F401
from test_kernels import device, host_kernels, on_device  # noqa: E402,F401

import slm  # noqa: E402
import slm_cuda  # noqa: E402
import slm_hf  # noqa: E402
import slm_study  # noqa: E402

STORIES = ["Once upon a time a cat sat on a mat. The end.", "A dog ran to the park and played with a ball.",
           "Tom had a red kite. It flew high in the sky.", "Lily saw a bird in a tree and sang a song."]
# every flag a `python slm.py train` below relies on, so an edited config.py changes nothing here
RUN_FLAGS = ["--vocab_size=300", "--n_layer=2", "--d_model=16", "--n_head=2", "--ctx=16", "--batch_size=4",
             "--grad_accum=1", "--dtype=float32", "--resume=True", "--device=cpu", "--plot=False", "--eval_windows=4",
             "--warmup_steps=2", "--log_every=1", "--checkpoint_every=5", "--decay_schedule='alternating'",
             "--odd_layer_decay=0.92", "--embed_decay=0.0", "--lr=2e-3", "--min_lr=2e-4", "--grad_clip=1.0",
             "--seed=1337", "--val_fraction=0.01", "--story_separator=auto", "--tf32=False"]


@pytest.fixture(scope="module")
def story_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("text") / "stories.txt"
    path.write_text("".join(f"{STORIES[i % 4]}\n<|endoftext|>\n" for i in range(200)))
    return path


@pytest.fixture(autouse=True)
def prepared_data_in_tmp(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SLM_DATA_DIR", str(tmp_path_factory.getbasetemp() / "prepared-data"))


def run_config(story_file, out_dir, **changes):
    values = dict(data=str(story_file), vocab_size=300, n_layer=2, d_model=16, n_head=2, ctx=16, batch_size=4,
                  max_steps=5, checkpoint_every=5, log_every=1, eval_windows=4, out_dir=str(out_dir),
                  decay_mode="decoupled", decay_schedule="alternating", odd_layer_decay=0.92, embed_decay=0.0,
                  lr=2e-3, min_lr=2e-4, warmup_steps=2, grad_clip=1.0, seed=1337, dtype="float32")
    values.update(changes)
    return tiny_config(**values)


def quiet(*args, **kwargs):
    pass


# ---------------------------------------------------------------------------------------------------------------
# the update

def test_the_flag_takes_the_two_modes_and_names_them_when_wrong():
    assert slm.make_config(["--decay_mode=l2"]).decay_mode == "l2"
    assert slm.read_config_file()["decay_mode"] in ("decoupled", "l2")
    with pytest.raises(slm.SlmError, match=r"decay_mode = 'L2' in the command line must be one of 'decoupled', 'l2'"):
        slm.make_config(["--decay_mode=L2"])


def test_mode_decays_puts_the_decay_vector_where_the_mode_applies_it():
    cfg = tiny_config(n_layer=4, decay_schedule="alternating", odd_layer_decay=0.92, embed_decay=0.1)
    decay = slm.decay_vector(cfg)
    into_gradient, decoupled = slm.mode_decays(tiny_config(**{**vars(cfg), "decay_mode": "decoupled"}))
    assert into_gradient is None and np.array_equal(decoupled, decay)
    into_gradient, decoupled = slm.mode_decays(tiny_config(**{**vars(cfg), "decay_mode": "l2"}))
    assert np.array_equal(into_gradient, decay) and not decoupled.any() and decoupled.shape == decay.shape


@pytest.mark.parametrize("schedule", ["alternating", "uniform", "none", [0.3, 0.0, 0.5, 0.7]])
@pytest.mark.parametrize("mode", ["decoupled", "l2"])
def test_zero_gradients_move_exactly_the_decayed_matrices(mode, schedule):
    """Every tensor non-zero (biases and LayerNorms too, so a wrongly decayed one shows); a zero loss gradient, one
    step with clipping on. decoupled: the decayed matrices shrink by (1 - lr * decay). l2: their gradient is decay * w,
    clipped, and Adam's first step moves each by lr * g / (|g| + eps). Nothing else moves, under either mode."""
    cfg = tiny_config(n_layer=4, decay_schedule=schedule, odd_layer_decay=0.92, embed_decay=0.0, decay_mode=mode,
                      grad_clip=1.0)
    flat, before = tiny_model(cfg, dtype="float64", seed=2)
    assert all(np.all(view != 0) for view in before.values())
    params, grads = flat.copy(), np.zeros_like(flat)
    m, v = np.zeros_like(flat), np.zeros_like(flat)
    lr = 0.01
    norm = slm.optimizer_step(params, grads, m, v, slm.mode_decays(cfg, "float64"), 1, lr, cfg.grad_clip)
    after, per_layer = slm.views(params, cfg), slm.layer_decays(cfg)
    coef = min(1.0, cfg.grad_clip / (norm + 1e-6))
    moved = 0
    for name, w in before.items():
        decay = per_layer[int(name.split(".")[1])] if name.startswith("h.") and name.endswith(".w") else 0.0
        if decay == 0.0:                                         # biases, LayerNorms, embeddings, undecayed layers
            np.testing.assert_array_equal(after[name], w, err_msg=name)
            continue
        moved += 1
        if mode == "decoupled":
            np.testing.assert_array_equal(after[name], w * (1 - lr * decay))
        else:
            g = coef * decay * w
            np.testing.assert_allclose(after[name], w - lr * g / (np.abs(g) + 1e-8), rtol=1e-12, atol=1e-15)
    assert moved == 4 * sum(d > 0 for d in per_layer)
    if mode == "l2" and any(per_layer):
        assert norm > cfg.grad_clip                              # the l2 term alone is clipped here


def torch_groups(model, cfg):
    groups = {}
    for name, parameter in model.named_parameters():             # the tied head is wte: listed once
        groups.setdefault(torch_decay(name, cfg), []).append(parameter)
    return groups


@pytest.mark.parametrize("grad_clip", [0.0, 0.5])
def test_ten_l2_steps_equal_torch_adam_with_weight_decay(trained, checkpoint, tmp_path, grad_clip):
    """float64, the alternating schedule (0.92 on odd layers, 0.1 on the embeddings), warm-up and cosine decay.

    Without clipping the peer is torch.optim.Adam(weight_decay=...) per layer group as it stands. With clipping it
    cannot be: torch clips p.grad (clip_grad_norm_) before Adam adds weight_decay * p inside its step, while l2 adds
    the term first and clips the sum. So there the peer adds weight_decay * p to p.grad itself, then clips, then steps
    torch.optim.Adam without weight decay; and torch's own order, clip first, is shown to come out different."""
    cfg = tiny_config(**{**vars(trained[0]), "vocab_size": slm.load_model(checkpoint)[1].vocab_size,
                         "n_layer": 4, "d_model": 16, "ctx": 16, "lr": 1e-2, "min_lr": 1e-3, "warmup_steps": 3,
                         "max_steps": 10, "grad_clip": grad_clip, "odd_layer_decay": 0.92, "embed_decay": 0.1,
                         "decay_schedule": "alternating", "decay_mode": "l2"})
    flat, _ = tiny_model(cfg, dtype="float64", seed=5)
    peers = {}
    for kind in ("ours-order", "torch-order"):
        model = as_torch(flat, cfg, tmp_path / kind, tokenizer_json(checkpoint), torch.float64)
        groups = torch_groups(model, cfg)
        in_adam = grad_clip == 0 or kind == "torch-order"
        optimizer = torch.optim.Adam([{"params": p, "weight_decay": d if in_adam else 0.0} for d, p in groups.items()],
                                     lr=cfg.lr, betas=(0.9, 0.95), eps=1e-8)
        peers[kind] = (model, groups, optimizer, in_adam, [])
    params, grads = flat.copy(), np.zeros_like(flat)
    m, v = np.zeros_like(flat), np.zeros_like(flat)
    P, G = slm.views(params, cfg), slm.views(grads, cfg)
    decays = slm.mode_decays(cfg, "float64")
    rng = np.random.default_rng(6)
    ours, norms = [], []
    for step in range(10):
        tokens = rng.integers(0, cfg.vocab_size, size=(2, cfg.ctx + 1))
        x, y = tokens[:, :-1], tokens[:, 1:]
        lr = slm.lr_at(step, cfg)
        grads[...] = 0                                           # slm, as train() steps
        _, loss, cache, _ = slm.forward(P, cfg, x, y)
        slm.backward(G, P, cfg, cache)
        norms.append(slm.optimizer_step(params, grads, m, v, decays, step + 1, lr, cfg.grad_clip))
        ours.append(float(loss))
        for model, groups, optimizer, in_adam, theirs in peers.values():      # PyTorch
            optimizer.zero_grad()
            loss = torch_loss(model, x, y)
            loss.backward()
            if not in_adam:                                      # the coupled term, before clipping
                with torch.no_grad():
                    for d, ps in groups.items():
                        for p in ps:
                            p.grad.add_(p, alpha=d)
            if grad_clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
            for group in optimizer.param_groups:
                group["lr"] = lr
            optimizer.step()
            theirs.append(loss.item())
    assert slm.lr_at(0, cfg) < slm.lr_at(2, cfg) > slm.lr_at(9, cfg)   # the warm-up and the decay took part
    if grad_clip:
        assert min(norms) > grad_clip                            # clipping took part in every step

    def weight_diff(model):
        return max(float(np.abs(view - model.get_parameter(slm_hf.hf_name(name)).detach().numpy()).max())
                   for name, view in P.items())
    model, _, _, _, theirs = peers["ours-order"]
    loss_diff, diff = max(abs(a - b) for a, b in zip(ours, theirs)), weight_diff(model)
    other = weight_diff(peers["torch-order"][0])
    print(f"\nten l2 steps, float64, grad_clip {grad_clip}: max loss diff {loss_diff:.1e}, max weight diff "
          f"{diff:.1e}; against clip-then-Adam(weight_decay): {other:.1e} (losses {ours[0]:.3f} -> {ours[-1]:.3f})")
    assert loss_diff < 1e-10 and diff < 1e-10
    if grad_clip:
        assert other > 1e-4                                      # the order of clipping and the term is seen
    assert not np.allclose(params, flat, atol=1e-3)              # and the ten steps did move the weights


def test_the_fused_kernels_honour_l2_as_numpy_does(device, monkeypatch):
    """optimizer_step under l2 with the CUDA kernels registered (adamw_step_gpu given the zero decoupled decay, the l2
    term added by xp)
    equals the NumPy update: on the host emulator of the CUDA source, and on a GPU when there is one."""
    cfg = tiny_config(n_layer=4, decay_schedule="alternating", odd_layer_decay=0.92, embed_decay=0.1,
                      decay_mode="l2")
    rng = np.random.default_rng(3)
    flat = slm.to_host(slm.init_params(cfg, seed=1)) + rng.normal(0, 0.05, slm.n_params(cfg)).astype(np.float32)
    with slm.reference_layers():
        decays = slm.mode_decays(cfg)
        expected = [flat.copy(), np.zeros_like(flat), np.zeros_like(flat)]
    got = [on_device(a) for a in expected]
    got_decays = slm.mode_decays(cfg)
    for step, lr in ((1, 1e-3), (2, 1e-2), (3, 5e-3)):
        grads = rng.normal(0, 0.1, flat.size).astype(np.float32)
        monkeypatch.setattr(slm, "KERNELS", {})                       # the reference: section 6's NumPy update
        with slm.reference_layers():
            slm.optimizer_step(expected[0], grads.copy(), expected[1], expected[2], decays, step, lr, 1.0)
        monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(slm.xp))   # the kernels wired in
        assert slm.kernel("adamw_step", *got, got_decays[1])
        slm.optimizer_step(got[0], on_device(grads), got[1], got[2], got_decays, step, lr, 1.0)
        for g, e in zip(got, expected):
            np.testing.assert_allclose(slm.to_host(g), e, rtol=1e-5, atol=1e-7)
    assert not np.allclose(slm.to_host(got[0]), flat, atol=1e-4)


# ---------------------------------------------------------------------------------------------------------------
# ReLU usage both ways

def test_relu_usage_and_units_are_the_shares_the_activations_show():
    cfg = tiny_config(n_layer=3, d_model=16, ctx=8, batch_size=3)
    flat, P = tiny_model(cfg, dtype="float64", seed=4)
    tokens = np.random.default_rng(5).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1))
    _, _, cache, usage = slm.forward(P, cfg, tokens[:, :-1], tokens[:, 1:])
    grads = np.zeros_like(flat)
    _, relu = slm.forward_backward(P, slm.views(grads, cfg), grads, cfg, tokens)
    fires = [layer.a > 0 for layer in cache.layers]                   # (B, T, F) per layer
    np.testing.assert_allclose(usage, [f.mean() for f in fires], rtol=1e-15)
    np.testing.assert_allclose(relu[0], usage, rtol=1e-15)
    np.testing.assert_allclose(relu[1], [f.any(axis=(0, 1)).mean() for f in fires], rtol=1e-15)
    assert np.all(relu[1] >= relu[0]) and np.any(relu[1] > relu[0])


def test_relu_units_over_shards_is_the_whole_batchs_not_an_average_of_parts(monkeypatch):
    """In threads each shard counts where its units fired; the counts add, so a unit that fires in one shard only
    counts as firing in the batch, as it does unsharded."""
    monkeypatch.setattr(slm, "THREADS", 2)
    cfg = tiny_config(batch_size=4)
    flat, P = tiny_model(cfg, seed=6)
    P["h.0.mlp.fc.b"][...] = -0.3                                    # many units fire rarely: shards disagree
    tokens = np.random.default_rng(7).integers(0, cfg.vocab_size, size=(4, cfg.ctx + 1))
    whole, parts = np.zeros_like(flat), np.zeros_like(flat)
    _, relu = slm.forward_backward(P, slm.views(whole, cfg), whole, cfg, tokens)
    shards = slm.batch_shards(cfg, parts)
    assert shards is not None and len(shards) == 2
    with slm.blas_threads(1):
        _, relu_sharded = slm.forward_backward(P, slm.views(parts, cfg), parts, cfg, tokens, shards=shards)
    np.testing.assert_allclose(relu_sharded, relu, rtol=1e-12)
    halves = [slm.forward(P, cfg, half[:, :-1])[2].fired for half in (tokens[:2], tokens[2:])]
    averaged = np.mean([(f > 0).mean(axis=1) for f in halves], axis=0)
    assert np.any(averaged[0] < relu[1][0])                           # the average of the parts would say less


# ---------------------------------------------------------------------------------------------------------------
# checkpoints, resume, log.jsonl

def test_the_log_and_the_checkpoint_record_the_mode_and_both_usages(story_file, tmp_path):
    cfg = run_config(story_file, tmp_path / "run", decay_mode="l2")
    slm.train(cfg, log=quiet)
    _, meta, ckpt_cfg = slm.load_checkpoint(tmp_path / "run" / "latest.safetensors")
    assert ckpt_cfg.decay_mode == "l2"
    records = [json.loads(ln) for ln in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records] == [1, 2, 3, 4, 5]
    for r in records:
        assert len(r["relu_usage"]) == len(r["relu_units"]) == cfg.n_layer
        assert all(0 <= u <= n <= 1 for u, n in zip(r["relu_usage"], r["relu_units"]))


def test_l2_and_decoupled_train_differently_from_the_same_start(story_file, tmp_path):
    runs = {}
    for mode in ("decoupled", "l2"):
        slm.train(run_config(story_file, tmp_path / mode, decay_mode=mode), log=quiet)
        runs[mode] = slm.load_checkpoint(tmp_path / mode / "latest.safetensors")[0]
    assert not np.array_equal(runs["l2"]["model.h.1.mlp.fc.w"], runs["decoupled"]["model.h.1.mlp.fc.w"])
    # under l2 the pull of 0.92 through Adam is strong: the decayed layer's weights end smaller
    assert np.abs(runs["l2"]["model.h.1.mlp.fc.w"]).mean() < np.abs(runs["decoupled"]["model.h.1.mlp.fc.w"]).mean()


def run_slm(*args, timeout=300):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, str(slm.HERE / "slm.py"), *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def test_resume_refuses_a_mode_change_in_one_line_and_keeps_everything(story_file, tmp_path):
    out = tmp_path / "run"
    flags = [*RUN_FLAGS, f"--data={story_file}", f"--out_dir={out}"]
    first = run_slm("train", "--max_steps=5", "--decay_mode=l2", *flags)
    assert first.returncode == 0, first.stderr
    saved = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".safetensors", ".jsonl")}
    assert {"latest.safetensors", "best.safetensors", "log.jsonl"} <= set(saved)
    second = run_slm("train", "--max_steps=10", "--decay_mode=decoupled", *flags)
    assert second.returncode == 1 and "Traceback" not in second.stderr
    lines = [ln for ln in second.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), second.stderr
    assert "decay_mode = 'l2', not 'decoupled'" in lines[0] and "the checkpoint is kept" in lines[0]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in saved} == saved


def test_a_checkpoint_from_before_the_flag_resumes_as_decoupled_only(story_file, tmp_path):
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file
    out = tmp_path / "run"
    slm.train(run_config(story_file, out), log=quiet)
    latest = out / "latest.safetensors"
    with safe_open(str(latest), framework="numpy") as f:
        header = dict(f.metadata())
    config = json.loads(header["config"])
    del config["decay_mode"]                                          # as checkpoints were written before it
    header["config"] = json.dumps(config)
    save_file(load_file(str(latest)), str(latest), metadata=header)
    old = latest.read_bytes()
    with pytest.raises(slm.SlmError, match=r"decay_mode = 'decoupled', not 'l2'"):
        slm.train(run_config(story_file, out, max_steps=10, decay_mode="l2"), log=quiet)
    assert latest.read_bytes() == old
    assert slm.train(run_config(story_file, out, max_steps=10), log=quiet)["step"] == 10


# ---------------------------------------------------------------------------------------------------------------
# the study

def test_the_study_under_l2_tables_both_usages_and_names_the_mode(story_file, tmp_path):
    out = tmp_path / "out"
    cfg = run_config(story_file, out, max_steps=10, checkpoint_every=5, log_every=5, warmup_steps=2,
                     decay_mode="l2", plot=True)
    runs = slm_study.study(cfg, log=quiet)
    table = (out / "study" / "decay_study.md").read_text()
    assert "decay_mode l2 (decay * w added to the gradient before clipping and the moments)" in table
    assert "| L0 usage | L1 usage | L0 units | L1 units |" in table
    assert "in zone after warm-up (usage / units)" in table
    for schedule, run in runs.items():
        assert len(run["unit_share"]) == 2 and all(0 <= u <= 1 for u in run["unit_share"])
        for key in ("relu_usage", "relu_units"):
            assert 0 <= run["in_zone"][key] <= 1 and 0 <= run["highest"][key] <= 1
        row = next(ln for ln in table.splitlines() if ln.startswith(f"| {schedule} ("))
        assert row.count("|") == 2 * cfg.n_layer + 8
        assert slm.load_checkpoint(out / "study" / schedule / "latest.safetensors")[2].decay_mode == "l2"


def test_after_warmup_counts_the_zone_and_the_highest_value():
    records = [{"step": 5, "loss": 1.0, "relu_usage": [0.9, 0.9]},            # warm-up: left out
               {"step": 10, "loss": 1.0, "relu_usage": [0.5, 0.2]},
               {"step": 15, "loss": 1.0, "relu_usage": [0.45, 0.75]}]
    assert slm_study.after_warmup(records, "relu_usage", 5, (0.4, 0.6)) == (0.5, 0.75)
    assert slm_study.after_warmup(records, "relu_units", 5, (0.4, 0.6)) == (None, None)   # a log from before relu_units
