"""slm against code no one here wrote: Hugging Face transformers' GPT-2, PyTorch autograd and torch.optim.AdamW.

The exported folder loads in transformers and gives the same logits, tokens and greedy stories; the hand-written
backward gives autograd's gradients; ten optimizer steps match torch's AdamW; export then import is exact.
Each parity test prints what it measured (run with -s to see the numbers).
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from peers import require

torch = require("torch")
transformers = require("transformers")
# Tiny models gain nothing from threads, and torch's OpenMP threads fighting NumPy's spinning BLAS threads for the
# same cores made each torch call up to 100x slower on a 2-core machine.
torch.set_num_threads(1)

from helpers import default_flags, tiny_config, tiny_model  # noqa: E402

import slm  # noqa: E402
import slm_hf  # noqa: E402

ROOT = Path(slm.__file__).resolve().parent
SEED = "Once upon a time there was a"
STORIES = [f"Once upon a time there was a {animal} who liked to {verb}. The end."
           for animal in ("cat", "dog", "bird", "fish") for verb in ("play", "sing")]
ODD_STRINGS = ["", " ", "  two  spaces\n\nand lines\n", "héllo wörld 😀", "a <|endoftext|> inside", "\t tab\r\n"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A tiny model trained for a few steps (ctx 48 holds the seed and 30 new tokens) and its folders."""
    folder = tmp_path_factory.mktemp("interop")
    text = folder / "stories.txt"
    text.write_text("".join(f"{STORIES[i % len(STORIES)]}\n<|endoftext|>\n" for i in range(240)))
    data_dir = folder / "prepared"
    cfg = tiny_config(data=str(text), vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=48, batch_size=8,
                      max_steps=50, warmup_steps=5, checkpoint_every=50, log_every=50, eval_windows=4,
                      val_fraction=0.05, out_dir=str(folder / "ckpt"), lr=3e-3, temperature=0.0, stop_at_end=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SLM_DATA_DIR", str(data_dir))
        slm.train(cfg, log=lambda *a: None)
    return cfg, folder, data_dir


@pytest.fixture(scope="module")
def checkpoint(trained):
    return Path(trained[0].out_dir) / "best.safetensors"


@pytest.fixture(scope="module")
def exported(trained, checkpoint):
    return slm_hf.export_hf(checkpoint, trained[1] / "hf", log=lambda *a: None)


def load_hf(folder, dtype=None, **kwargs):
    model = transformers.GPT2LMHeadModel.from_pretrained(str(folder), **kwargs)
    return (model if dtype is None else model.to(dtype)).eval()


def as_torch(flat, cfg, folder, tokenizer_json, dtype):
    """The slm weights in flat as a transformers GPT2LMHeadModel (through export), eager attention, in dtype."""
    path = folder / "weights.safetensors"
    zeros = np.zeros_like(flat)
    slm.save_checkpoint(path, cfg, flat, zeros, zeros, {"step": 0, "tokenizer": tokenizer_json})
    slm_hf.export_hf(path, folder / "hf", log=lambda *a: None)
    model = load_hf(folder / "hf", dtype, attn_implementation="eager")
    assert model.config.activation_function == "relu" and model.lm_head.weight is model.transformer.wte.weight
    for name, view in slm.views(flat, cfg).items():     # the export carried every number, in full precision
        np.testing.assert_array_equal(model.get_parameter(slm_hf.hf_name(name)).detach().numpy(), view)
    return model


def torch_loss(model, x, y):
    logits = model(torch.from_numpy(x)).logits                              # (B, T, V)
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), torch.from_numpy(y).reshape(-1))


def tokenizer_json(checkpoint):
    return slm.load_checkpoint(checkpoint)[1]["tokenizer"]


def rel_error(a, b):
    return float(np.linalg.norm(np.ravel(a) - np.ravel(b)) / max(np.linalg.norm(np.ravel(b)), 1e-300))


# ---------------------------------------------------------------------------------------------------------------
# the exported folder in transformers

def test_the_exported_folder_is_gpt2_with_relu_and_conv1d_weights_as_slm_stores_them(exported, checkpoint):
    config = json.loads((exported / "config.json").read_text())
    P, mcfg, tokenizer, eot = slm.load_model(checkpoint)
    assert config["activation_function"] == "relu" and config["tie_word_embeddings"] is True
    assert (config["n_embd"], config["n_layer"], config["n_head"], config["n_positions"], config["vocab_size"]) == \
        (mcfg.d_model, mcfg.n_layer, mcfg.n_head, mcfg.ctx, mcfg.vocab_size)
    assert config["eos_token_id"] == config["bos_token_id"] == eot
    model = load_hf(exported)
    c_fc = model.transformer.h[0].mlp.c_fc
    assert tuple(c_fc.weight.shape) == (mcfg.d_model, 4 * mcfg.d_model)     # Conv1D is (in, out), as slm: no transpose
    x = torch.randn(3, mcfg.d_model)
    np.testing.assert_allclose(c_fc(x).detach().numpy(), slm.linear_forward(x.numpy(), P["h.0.mlp.fc.w"],
                                                                             P["h.0.mlp.fc.b"]), atol=1e-5)


@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("block", [64, 16])   # attention in one block (ctx 48) and in three query blocks
def test_logits_in_transformers_equal_slm_forward(exported, checkpoint, block, monkeypatch):
    monkeypatch.setattr(slm, "ATTENTION_BLOCK", block)
    P, mcfg, _, _ = slm.load_model(checkpoint)                  # float32, as trained
    model = load_hf(exported)                                   # float32, transformers' default attention
    rng = np.random.default_rng(0)
    worst = 0.0
    for B, T in ((4, mcfg.ctx), (2, 7), (1, 1)):
        idx = rng.integers(0, mcfg.vocab_size, size=(B, T))
        ours = slm.forward(P, mcfg, idx)[0]
        with torch.no_grad():
            theirs = model(torch.from_numpy(idx)).logits.numpy()
        worst = max(worst, float(np.abs(ours - theirs).max()))
    print(f"\nlogits, float32: max |slm - transformers| = {worst:.2e}")
    assert worst < 5e-6                                         # measured 1.2e-6


def test_the_exported_tokenizer_encodes_like_slm_after_the_story_start(exported, checkpoint):
    _, _, tokenizer, eot = slm.load_model(checkpoint)
    hf = transformers.AutoTokenizer.from_pretrained(str(exported))
    texts = STORIES + ODD_STRINGS + ["\n".join(STORIES[:2])]
    for text in texts:
        ids = hf(text)["input_ids"]
        assert ids == [eot] + slm.encode(tokenizer, text), text
        assert hf.decode(ids[1:]) == slm.decode(tokenizer, ids[1:]) == text
    assert hf(texts)["input_ids"] == [[eot] + slm.encode(tokenizer, t) for t in texts]
    assert hf(SEED, add_special_tokens=False)["input_ids"] == slm.encode(tokenizer, SEED)


def test_greedy_story_in_transformers_equals_write_at_temperature_zero(trained, exported, checkpoint, monkeypatch):
    cfg = tiny_config(**{**vars(trained[0]), "checkpoint": str(checkpoint)})   # temperature 0, no stop at the end
    P, mcfg, tokenizer, eot = slm.load_model(checkpoint)
    hf = transformers.AutoTokenizer.from_pretrained(str(exported))
    prompt = hf(SEED, return_tensors="pt")
    n_new = 30
    assert prompt["input_ids"].shape[1] + n_new <= mcfg.ctx      # transformers' GPT-2 cannot slide the window
    model = load_hf(exported)
    length = prompt["input_ids"].shape[1] + n_new                 # max_length, as generation_config.json sets it
    ids = model.generate(**prompt, max_length=length, do_sample=False, eos_token_id=None)[0].tolist()
    ours = slm.write(SEED, n_new, cfg=cfg)
    new = ids[prompt["input_ids"].shape[1]:]
    assert len(new) == n_new
    full = slm.forward(P, mcfg, np.array([ids[:-1]]))[0][0]      # where each token was chosen, float32
    top2 = np.sort(full, axis=-1)[:, -2:]
    margin = float((top2[:, 1] - top2[:, 0])[len(prompt["input_ids"][0]) - 1:].min())
    print(f"\ngreedy, {n_new} new tokens: smallest top-2 logit gap on the path {margin:.2e}")
    # In float64, where rounding cannot flip a near-tie: transformers' greedy path, slm's (a full forward per token)
    # and write()'s story, with write() running on the same float64 weights
    model64 = load_hf(exported, torch.float64)
    ids64 = model64.generate(**prompt, max_length=length, do_sample=False, eos_token_id=None)[0].tolist()
    P64 = slm.views(slm.flat_params(slm.load_checkpoint(checkpoint)[0], mcfg, "float64"), mcfg)
    path = list(prompt["input_ids"][0].tolist())
    for _ in range(n_new):
        path.append(int(slm.forward(P64, mcfg, np.array([path]))[0][0, -1].argmax()))
    assert ids64 == path

    def load_float64(where):
        assert Path(where) == checkpoint
        return P64, mcfg, tokenizer, eot
    with monkeypatch.context() as m:
        m.setattr(slm, "load_model", load_float64)
        assert slm.write(SEED, n_new, cfg=cfg) == slm.decode(tokenizer, path[1:])
    if slm.decode(tokenizer, ids[1:]) != ours and margin < 1e-4:
        print("float32 rounding flipped a near-tie; in float64 transformers, slm and write() agree")
        return
    start = len(prompt["input_ids"][0])
    assert ids[0] == eot and slm.encode(tokenizer, SEED) == ids[1:start]
    assert full.argmax(axis=-1)[start - 1:].tolist() == new         # slm picks every token transformers picked
    assert slm.decode(tokenizer, ids[1:]) == ours                    # and write() tells the same story


def test_pipeline_writes_a_story(exported):
    transformers.set_seed(0)
    writer = transformers.pipeline("text-generation", model=str(exported))
    text = writer("Once upon a time")[0]["generated_text"]     # sampling as write() does, up to the window
    print(f"\npipeline: {text!r}")
    assert text.startswith("Once upon a time") and len(text) > len("Once upon a time") + 5, text


# ---------------------------------------------------------------------------------------------------------------
# the hand-written backward and optimizer against PyTorch

@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("block", [64, 16])
def test_every_gradient_equals_autograd_in_float64(trained, checkpoint, tmp_path, block, monkeypatch):
    monkeypatch.setattr(slm, "ATTENTION_BLOCK", block)
    cfg = tiny_config(**{**vars(trained[0]), "vocab_size": slm.load_model(checkpoint)[1].vocab_size})
    flat, P = tiny_model(cfg, dtype="float64", seed=3)           # random weights, no gain exactly 1
    model = as_torch(flat, cfg, tmp_path, tokenizer_json(checkpoint), torch.float64)
    tokens = np.random.default_rng(4).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1))
    x, y = tokens[:, :-1], tokens[:, 1:]
    grads = np.zeros_like(flat)
    G = slm.views(grads, cfg)
    _, loss, cache, _ = slm.forward(P, cfg, x, y)
    slm.backward(G, P, cfg, cache)
    reference = torch_loss(model, x, y)
    reference.backward()
    errors = {name: rel_error(G[name], model.get_parameter(slm_hf.hf_name(name)).grad.numpy()) for name in G}
    worst = max(errors, key=errors.get)
    print(f"\ngradients, float64: loss diff {abs(float(loss) - reference.item()):.1e}; "
          f"largest relative error {errors[worst]:.1e} ({worst})")
    assert abs(float(loss) - reference.item()) < 1e-13          # measured 0
    assert errors[worst] < 1e-13, errors                        # measured 1.6e-15


@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("spread", ["uniform", "unigram"])
def test_label_smoothed_gradients_equal_torchs_in_float64(trained, checkpoint, tmp_path, spread):
    """The label_smoothing flag against torch.nn.functional.cross_entropy: with smoothing_prior = "uniform" its
    label_smoothing=0.1, with "unigram" the target given as probabilities, (1 - 0.1) one_hot + 0.1 prior. Every
    gradient of a training step agrees, and the loss slm reports is the plain cross-entropy (torch unsmoothed)."""
    cfg = tiny_config(**{**vars(trained[0]), "vocab_size": slm.load_model(checkpoint)[1].vocab_size,
                         "label_smoothing": 0.1, "smoothing_prior": spread})
    flat, P = tiny_model(cfg, dtype="float64", seed=3)
    model = as_torch(flat, cfg, tmp_path, tokenizer_json(checkpoint), torch.float64)
    tokens = np.random.default_rng(8).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1))
    text = np.random.default_rng(9).zipf(1.3, 2000) % cfg.vocab_size      # a made-up training text's tokens
    prior = slm.smoothing_prior(cfg, text)
    grads = np.zeros_like(flat)
    loss, _ = slm.forward_backward(P, slm.views(grads, cfg), grads, cfg, tokens, prior=prior)
    logits = model(torch.from_numpy(tokens[:, :-1])).logits.reshape(-1, cfg.vocab_size)
    target = torch.from_numpy(tokens[:, 1:]).reshape(-1)
    if spread == "uniform":
        assert prior is None
        torch.nn.functional.cross_entropy(logits, target, label_smoothing=0.1).backward()
    else:
        counts = torch.bincount(torch.from_numpy(text), minlength=cfg.vocab_size).double() + 1
        soft = 0.9 * torch.nn.functional.one_hot(target, cfg.vocab_size).double() + 0.1 * counts / counts.sum()
        torch.nn.functional.cross_entropy(logits, soft).backward()
    G = slm.views(grads, cfg)
    errors = {name: rel_error(G[name], model.get_parameter(slm_hf.hf_name(name)).grad.numpy()) for name in G}
    worst = max(errors, key=errors.get)
    plain = torch.nn.functional.cross_entropy(logits, target).item()
    print(f"\nlabel-smoothed gradients ({spread}), float64: largest relative error {errors[worst]:.1e} ({worst}); "
          f"loss diff from plain cross-entropy {abs(float(loss) - plain):.1e}")
    assert errors[worst] < (1e-12 if spread == "uniform" else 1e-7), errors   # float32 prior: 5e-9
    assert abs(float(loss) - plain) < 1e-13


def torch_decay(name, cfg):
    """The weight decay of one of GPT2LMHeadModel's parameters, written from the rule (not from slm's code)."""
    if name in ("transformer.wte.weight", "transformer.wpe.weight"):
        return cfg.embed_decay
    matrices = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
    if name.startswith("transformer.h.") and name.endswith(matrices):
        return cfg.odd_layer_decay if int(name.split(".")[2]) % 2 == 1 else 0.0
    return 0.0                                                   # biases and LayerNorms


# Both in float64, and in float32 as slm trains. One exception: the attention key biases. Their true gradient is 0 (a
# query adds the same q.b_k to every score, which softmax ignores), so each side steps by its own rounding noise
# (AdamW moves a weight by about lr * g / (|g| + eps) whatever the size of g): they agree less closely than the rest.
# The tolerances are a few times what was measured (printed below; run with -s):
#                 losses   weights  key biases
#    float64      1.8e-15  8.0e-15  2.9e-13
#    float32      4.8e-7   2.9e-6   1.0e-4 (1.4e-4 on another machine)
TOLERANCES = {"float64": (1e-13, 5e-14, 2e-12), "float32": (2e-6, 1e-5, 5e-4)}


@pytest.mark.usefixtures("layers")
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_ten_adamw_steps_equal_torch_adamw(trained, checkpoint, tmp_path, dtype):
    cfg = tiny_config(**{**vars(trained[0]), "vocab_size": slm.load_model(checkpoint)[1].vocab_size,
                         "n_layer": 4, "d_model": 16, "ctx": 16, "lr": 1e-2, "min_lr": 1e-3, "warmup_steps": 3,
                         "max_steps": 10, "grad_clip": 0.5, "odd_layer_decay": 0.92, "embed_decay": 0.1,
                         "decay_schedule": "alternating"})
    flat, _ = tiny_model(cfg, dtype=dtype, seed=5)
    model = as_torch(flat, cfg, tmp_path, tokenizer_json(checkpoint), getattr(torch, dtype))
    groups = {}
    for name, parameter in model.named_parameters():             # the tied head is wte: listed once
        groups.setdefault(torch_decay(name, cfg), []).append(parameter)
    optimizer = torch.optim.AdamW([{"params": p, "weight_decay": d} for d, p in groups.items()],
                                  lr=cfg.lr, betas=(0.9, 0.95), eps=1e-8)
    params, grads = flat.copy(), np.zeros_like(flat)
    m, v = np.zeros_like(flat), np.zeros_like(flat)
    P, G = slm.views(params, cfg), slm.views(grads, cfg)
    decay = slm.decay_vector(cfg, dtype)
    rng = np.random.default_rng(6)
    ours, theirs, norms = [], [], []
    for step in range(10):
        tokens = rng.integers(0, cfg.vocab_size, size=(2, cfg.ctx + 1))
        x, y = tokens[:, :-1], tokens[:, 1:]
        lr = slm.lr_at(step, cfg)
        grads[...] = 0                                           # slm, as train() steps
        _, loss, cache, _ = slm.forward(P, cfg, x, y)
        slm.backward(G, P, cfg, cache)
        norms.append(slm.clip_gradients(grads, cfg.grad_clip))
        slm.adamw_step(params, grads, m, v, decay, step + 1, lr)
        ours.append(float(loss))
        optimizer.zero_grad()                                    # PyTorch
        loss = torch_loss(model, x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        theirs.append(loss.item())
    assert max(norms) > cfg.grad_clip                            # clipping took part
    assert slm.lr_at(0, cfg) < slm.lr_at(2, cfg) > slm.lr_at(9, cfg)   # and the warm-up and decay
    loss_diff = max(abs(a - b) for a, b in zip(ours, theirs))
    weight_diff, key_bias_diff, C = 0.0, 0.0, cfg.d_model
    for name, view in P.items():
        diff = np.abs(view - model.get_parameter(slm_hf.hf_name(name)).detach().numpy())
        if name.endswith("attn.qkv.b"):
            key_bias_diff = max(key_bias_diff, float(diff[C:2 * C].max()))
            diff = np.concatenate([diff[:C], diff[2 * C:]])
        weight_diff = max(weight_diff, float(diff.max()))
    print(f"\nten AdamW steps, {dtype}: max loss diff {loss_diff:.1e}, max weight diff {weight_diff:.1e}, "
          f"key biases {key_bias_diff:.1e} (losses {ours[0]:.3f} -> {ours[-1]:.3f})")
    loss_tolerance, weight_tolerance, key_bias_tolerance = TOLERANCES[dtype]
    assert loss_diff < loss_tolerance and weight_diff < weight_tolerance and key_bias_diff < key_bias_tolerance


# ---------------------------------------------------------------------------------------------------------------
# import, and export then import

def test_export_then_import_gives_back_the_same_weights_and_tokenizer(trained, exported, checkpoint, tmp_path):
    cfg = trained[0]
    mcfg = slm_hf.import_command(exported, tiny_config(**{**vars(cfg), "out_dir": str(tmp_path)}), log=lambda *a: None)
    before, meta_before, cfg_before = slm.load_checkpoint(checkpoint)
    after, meta_after, cfg_after = slm.load_checkpoint(tmp_path / "latest.safetensors")
    assert (tmp_path / "best.safetensors").read_bytes() == (tmp_path / "latest.safetensors").read_bytes()
    for name, _ in slm.param_shapes(mcfg):
        a, b = before[f"model.{name}"], after[f"model.{name}"]
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), name      # bitwise
    assert meta_after["tokenizer"] == meta_before["tokenizer"]              # the very text train() compares
    assert meta_after["step"] == 0 and not after["adam.m"].any() and not after["adam.v"].any()
    assert all(getattr(cfg_after, k) == getattr(cfg_before, k) for k in slm.SHAPE_FLAGS)
    tokenizer = slm.tokenizer_from_json(meta_after["tokenizer"])
    original = slm.tokenizer_from_json(meta_before["tokenizer"])
    for text in STORIES + ODD_STRINGS:
        assert slm.encode(tokenizer, text) == slm.encode(original, text)
    same = {"stop_at_end": False, "temperature": 0.0}
    assert slm.write(SEED, 20, cfg=tiny_config(**{**vars(cfg), **same, "out_dir": str(tmp_path)})) == \
        slm.write(SEED, 20, cfg=tiny_config(**{**vars(cfg), **same, "checkpoint": str(checkpoint)}))


def test_a_folder_saved_again_by_transformers_imports_to_the_same_checkpoint(exported, checkpoint, trained, tmp_path):
    """The workflow: load in transformers (e.g. to fine-tune), save_pretrained, come back to slm."""
    transformers.AutoModelForCausalLM.from_pretrained(str(exported)).save_pretrained(str(tmp_path / "saved"))
    transformers.AutoTokenizer.from_pretrained(str(exported)).save_pretrained(str(tmp_path / "saved"))
    slm_hf.import_hf(tmp_path / "saved", tmp_path / "latest.safetensors", cfg=trained[0])
    before, meta_before, _ = slm.load_checkpoint(checkpoint)
    after, meta_after, _ = slm.load_checkpoint(tmp_path / "latest.safetensors")
    assert all(before[k].tobytes() == after[k].tobytes() for k in before if k.startswith("model."))
    assert meta_after["tokenizer"] == meta_before["tokenizer"]      # so train() still resumes on the same data


def test_an_imported_checkpoint_trains_further(trained, exported, tmp_path, monkeypatch):
    cfg, _, data_dir = trained
    more = tiny_config(**{**vars(cfg), "out_dir": str(tmp_path), "max_steps": 2, "checkpoint_every": 2})
    slm_hf.import_command(exported, more, log=lambda *a: None)
    monkeypatch.setenv("SLM_DATA_DIR", str(data_dir))          # the same text, so the same tokenizer
    lines = []
    result = slm.train(more, log=lines.append)
    assert any(line.startswith(f"resuming {tmp_path / 'latest.safetensors'} at step 0") for line in lines), lines
    assert result["step"] == 2 and np.isfinite(result["val_loss"])


def altered(exported, tmp_path, config=None, drop=(), add=None, remove=()):
    """A copy of the exported folder with config.json keys changed, tensors dropped or added, files removed."""
    from safetensors.numpy import load_file, save_file
    folder = tmp_path / "altered"
    shutil.copytree(exported, folder)
    if config:
        path = folder / "config.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), **config}))
    if drop or add:
        tensors = load_file(folder / "model.safetensors")
        tensors = {k: v for k, v in tensors.items() if k not in drop}
        tensors.update(add(tensors) if add else {})
        save_file(tensors, folder / "model.safetensors", metadata={"format": "pt"})
    for name in remove:
        (folder / name).unlink()
    return folder


@pytest.mark.parametrize("change, message", [
    ({"config": {"activation_function": "gelu_new"}}, "activation_function 'gelu_new'"),
    ({"config": {"n_inner": 64}}, "n_inner = 64"),
    ({"config": {"model_type": "llama"}}, "a llama model"),
    ({"config": {"layer_norm_epsilon": 1e-6}}, "layer_norm_epsilon"),
    ({"config": {"scale_attn_by_inverse_layer_idx": True}}, "attention scale"),
    ({"config": {"n_positions": 64}}, "different models"),
    ({"drop": ("transformer.h.1.mlp.c_fc.bias",)}, "lacks 1 of GPT-2's tensors"),
    ({"add": lambda t: {"lm_head.weight": t["transformer.wte.weight"] * 2}}, "differs from the token embedding"),
    ({"add": lambda t: {"transformer.h.0.attn.q_proj.weight": t["transformer.wpe.weight"]}}, "no place for"),
    ({"config": {"tie_word_embeddings": False}}, "untied output head"),
    ({"remove": ("tokenizer.json",)}, "no tokenizer.json"),
    ({"remove": ("model.safetensors",)}, "no model.safetensors"),
    ({"remove": ("config.json",)}, "no config.json"),
])
def test_import_refuses_what_slm_cannot_represent_in_one_line(exported, trained, tmp_path, change, message):
    folder = altered(exported, tmp_path, **change)
    with pytest.raises(slm.SlmError, match=message) as error:
        slm_hf.import_hf(folder, tmp_path / "out" / "latest.safetensors", cfg=trained[0])
    assert "\n" not in str(error.value)
    assert not (tmp_path / "out").exists()


def test_import_accepts_an_equal_head_and_the_old_mask_buffers(exported, trained, tmp_path):
    n = trained[0].ctx
    folder = altered(exported, tmp_path, add=lambda t: {
        "lm_head.weight": t["transformer.wte.weight"].copy(),
        "transformer.h.0.attn.bias": np.tril(np.ones((1, 1, n, n), dtype=np.float32))})
    slm_hf.import_hf(folder, tmp_path / "latest.safetensors", cfg=trained[0])
    assert (tmp_path / "latest.safetensors").is_file()


def test_import_and_export_never_overwrite(exported, checkpoint, trained, tmp_path):
    with pytest.raises(slm.SlmError, match="no such folder"):
        slm_hf.import_hf(tmp_path / "missing", tmp_path / "a.safetensors", cfg=trained[0])
    with pytest.raises(slm.SlmError, match="is a file, not a folder"):
        slm_hf.import_hf(exported / "config.json", tmp_path / "a.safetensors", cfg=trained[0])
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "best.safetensors").write_bytes(b"mine")
    with pytest.raises(slm.SlmError, match="exists .nothing was overwritten"):
        slm_hf.import_command(exported, tiny_config(**{**vars(trained[0]), "out_dir": str(taken)}))
    assert (taken / "best.safetensors").read_bytes() == b"mine" and not (taken / "latest.safetensors").exists()
    with pytest.raises(slm.SlmError, match="not empty"):
        slm_hf.export_hf(checkpoint, taken)
    with pytest.raises(slm.SlmError, match="is a file, not a folder"):
        slm_hf.export_hf(checkpoint, taken / "best.safetensors")
    assert sorted(p.name for p in taken.iterdir()) == ["best.safetensors"]
    with pytest.raises(slm.SlmError, match="train first"):
        slm_hf.export_hf(tmp_path / "none.safetensors", tmp_path / "new")
    assert not (tmp_path / "new").exists()
    (tmp_path / "empty").mkdir()
    slm_hf.export_hf(checkpoint, tmp_path / "empty", log=lambda *a: None)     # an empty folder is fine
    assert sorted(p.name for p in (tmp_path / "empty").iterdir()) == sorted(slm_hf.EXPORT_FILES)


def test_export_and_import_commands(checkpoint, trained, tmp_path):
    def run(*words):
        return subprocess.run([sys.executable, str(ROOT / "slm.py"), *default_flags(device="cpu"), *words],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)
    r = run("export", "hf", f"--checkpoint={checkpoint}")
    assert r.returncode == 0, r.stderr
    assert "exported" in r.stdout and (tmp_path / "hf" / "model.safetensors").is_file()
    r = run("import", "hf", "--out_dir=imported", f"--ctx={trained[0].ctx}")
    assert r.returncode == 0, r.stderr
    assert "python slm.py write --out_dir=imported" in r.stdout
    r = run("import", "hf", "--out_dir=imported")
    assert r.returncode == 1 and r.stderr.startswith("error: ") and r.stderr.count("\n") == 1, r.stderr
    r = run("export")
    assert r.returncode == 1 and "export takes one folder" in r.stderr
