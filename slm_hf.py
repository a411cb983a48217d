"""slm_hf: `python slm.py export DIR` and `python slm.py import DIR`, a checkpoint as a Hugging Face GPT-2 folder.

docs/huggingface.md says how to use it. slm.py imports this module only for those two commands; it reaches the core
through `import slm` (one state with the running script, see slm.py's section 1).

slm's model is GPT-2 with ReLU, so a Hugging Face folder is a renaming: slm stores every linear weight (in, out) and
computes x @ w + b, exactly as GPT-2's Conv1D does, so no tensor is transposed; the head is tied to wte on both
sides. write() starts every story with <|endoftext|>; the exported tokenizer.json gets a post-processor that does the
same, so a prompt in transformers is conditioned as in slm. Import undoes that post-processor, so slm's encode() and
the tokenizer text stored in the checkpoint are the ones the model was trained with.
"""
import json
import os
from pathlib import Path
from types import SimpleNamespace

import numpy

import slm

EXPORT_FILES = ("config.json", "generation_config.json", "model.safetensors", "tokenizer.json",
                "tokenizer_config.json", "special_tokens_map.json")
GPT2_DEFAULTS = {"model_type": None, "activation_function": "gelu_new", "n_inner": None, "layer_norm_epsilon": 1e-5,
                 "scale_attn_weights": True, "scale_attn_by_inverse_layer_idx": False, "add_cross_attention": False,
                 "tie_word_embeddings": True, "vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12,
                 "n_head": 12}   # transformers' GPT2Config defaults for the keys import reads


def hf_name(name):
    """slm's tensor name -> GPT2LMHeadModel's, e.g. h.0.attn.qkv.w -> transformer.h.0.attn.c_attn.weight."""
    if name in ("wte", "wpe"):
        return f"transformer.{name}.weight"
    for ours, theirs in (("attn.qkv.", "attn.c_attn."), ("attn.proj.", "attn.c_proj."), ("mlp.fc.", "mlp.c_fc."),
                         ("mlp.proj.", "mlp.c_proj.")):
        name = name.replace(ours, theirs)
    stem, kind = name.rsplit(".", 1)
    return f"transformer.{stem}.{'bias' if kind == 'b' else 'weight'}"


def with_story_start(tokenizer):
    """The tokenizer's JSON with a post-processor that puts <|endoftext|> before a text, as write() does."""
    from tokenizers import processors
    eot = tokenizer.token_to_id(slm.EOT)
    tokenizer.post_processor = processors.TemplateProcessing(single=f"{slm.EOT} $A",
                                                             pair=f"{slm.EOT} $A {slm.EOT} $B:1",
                                                             special_tokens=[(slm.EOT, eot)])
    return tokenizer.to_str()


def is_story_start(post_processor):
    """Whether a tokenizer.json post-processor (as parsed JSON) is the one with_story_start() adds."""
    return (isinstance(post_processor, dict) and post_processor.get("type") == "TemplateProcessing"
            and post_processor.get("single") == [{"SpecialToken": {"id": slm.EOT, "type_id": 0}},
                                                 {"Sequence": {"id": "A", "type_id": 0}}])


def json_bytes(value):
    return (json.dumps(value, indent=2) + "\n").encode()


def export_hf(checkpoint_path, out_dir, log=print):
    """Write the checkpoint as a Hugging Face GPT-2 folder out_dir, which must be new or empty: config.json,
    generation_config.json, model.safetensors, tokenizer.json, tokenizer_config.json, special_tokens_map.json.

    transformers then loads it with AutoTokenizer / AutoModelForCausalLM.from_pretrained(out_dir). The folder appears
    whole or not at all (written beside it, then renamed); nothing that exists is changed. Returns out_dir as a Path.
    """
    from safetensors.numpy import save
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise slm.SlmError(f"{out} is a file, not a folder: give export a new folder, "
                           f"e.g. python slm.py export hf_model")
    if out.is_dir() and any(out.iterdir()):
        raise slm.SlmError(f"{out} is not empty (nothing was changed): give export a new or empty folder")
    tensors, meta, mcfg = slm.load_checkpoint(checkpoint_path)
    tokenizer = slm.tokenizer_from_json(meta["tokenizer"])
    eot = tokenizer.token_to_id(slm.EOT)
    if eot is None:
        raise slm.SlmError(f"the tokenizer in {checkpoint_path} has no {slm.EOT} token: "
                           f"export needs a checkpoint slm trained")
    weights = {hf_name(n): numpy.ascontiguousarray(tensors[f"model.{n}"]) for n, _ in slm.param_shapes(mcfg)}
    config = {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "relu",
        "vocab_size": mcfg.vocab_size, "n_positions": mcfg.ctx, "n_ctx": mcfg.ctx, "n_embd": mcfg.d_model,
        "n_layer": mcfg.n_layer, "n_head": mcfg.n_head, "n_inner": 4 * mcfg.d_model, "layer_norm_epsilon": 1e-5,
        "tie_word_embeddings": True, "resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0,
        "summary_first_dropout": 0.0, "scale_attn_weights": True, "scale_attn_by_inverse_layer_idx": False,
        "reorder_and_upcast_attn": False, "add_cross_attention": False, "initializer_range": 0.02,
        "bos_token_id": eot, "eos_token_id": eot, "use_cache": True,
        "torch_dtype": str(weights["transformer.wte.weight"].dtype),
    }
    # transformers samples with the checkpoint's own writing flags, up to the window: unlike write(), GPT-2 in
    # transformers cannot slide past its last learned position (ctx tokens, the prompt and its <|endoftext|> included)
    generation = {"bos_token_id": eot, "eos_token_id": eot, "pad_token_id": eot, "max_length": mcfg.ctx,
                  "do_sample": mcfg.temperature > 0}
    if mcfg.temperature > 0:
        generation.update(temperature=mcfg.temperature, top_k=mcfg.top_k, top_p=mcfg.top_p)
    special = {"bos_token": slm.EOT, "eos_token": slm.EOT, "unk_token": slm.EOT}
    tokenizer_config = {"tokenizer_class": "GPT2Tokenizer", **special, "add_prefix_space": False,
                        "model_max_length": mcfg.ctx, "clean_up_tokenization_spaces": False, "errors": "replace"}
    files = {"config.json": json_bytes(config), "generation_config.json": json_bytes(generation),
             "model.safetensors": save(weights, metadata={"format": "pt"}),
             "tokenizer.json": with_story_start(tokenizer).encode(),
             "tokenizer_config.json": json_bytes(tokenizer_config),
             "special_tokens_map.json": json_bytes(special)}
    target = out.resolve()
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        for name, payload in files.items():
            slm.write_atomically(staging / name, payload)
        os.rename(staging, target)   # onto a missing or empty folder only: never over anything
    except OSError as e:
        raise slm.SlmError(f"cannot write {out} ({e.strerror or e}): choose a folder you can write to, "
                           f"new or empty (nothing was changed)") from None
    finally:
        if staging.exists():
            for name in files:
                (staging / name).unlink(missing_ok=True)
            staging.rmdir()
    log(f"exported {checkpoint_path} (step {meta.get('step')}) to {out}/: {', '.join(files)}; in Python: "
        f"transformers.pipeline('text-generation', model='{out}')('Once upon a time')")
    return out


def read_hf_config(src):
    """config.json of a Hugging Face folder, checked against what slm can represent (one-line SlmError if not)."""
    try:
        hf = json.loads((src / "config.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise slm.SlmError(f"{src} has no config.json: give a folder written by `python slm.py export` or by "
                           f"transformers' save_pretrained") from None
    except (OSError, ValueError) as e:
        raise slm.SlmError(f"{src / 'config.json'} cannot be read ({e}): restore it, "
                           f"or export the model again") from None
    if not isinstance(hf, dict):
        raise slm.SlmError(f"{src / 'config.json'} is not a model config (a JSON object): export the model again")
    hf = {**GPT2_DEFAULTS, **hf}

    def refuse(what, fix):
        raise slm.SlmError(f"{src} holds {what}, which slm cannot represent: {fix}")
    if hf["model_type"] != "gpt2":
        refuse(f"a {hf['model_type'] or 'model of no model_type'} model", "slm imports GPT-2 models (model_type gpt2)")
    for key in ("vocab_size", "n_positions", "n_embd", "n_layer", "n_head"):
        if isinstance(hf[key], bool) or not isinstance(hf[key], int) or hf[key] < 1:
            refuse(f"{key} = {hf[key]!r}", f"{key} must be a whole number, at least 1")
    if hf["activation_function"] != "relu":
        refuse(f"activation_function {hf['activation_function']!r}", "slm's MLP is ReLU; only a GPT-2 trained with "
               "activation_function 'relu' imports")
    if hf["n_inner"] not in (None, 4 * hf["n_embd"]):
        refuse(f"n_inner = {hf['n_inner']}", f"slm's MLP is 4 * n_embd = {4 * hf['n_embd']} wide")
    if not isinstance(hf["layer_norm_epsilon"], (int, float)) or abs(hf["layer_norm_epsilon"] - 1e-5) > 1e-12:
        refuse(f"layer_norm_epsilon = {hf['layer_norm_epsilon']}", "slm's LayerNorms use 1e-5")
    if hf["scale_attn_weights"] is not True or hf["scale_attn_by_inverse_layer_idx"] is not False:
        refuse("another attention scale", "slm scales attention by 1/sqrt(head size) only (scale_attn_weights true, "
               "scale_attn_by_inverse_layer_idx false)")
    if hf["add_cross_attention"]:
        refuse("cross-attention", "slm is a decoder only")
    if hf["n_embd"] % hf["n_head"]:
        refuse(f"n_embd = {hf['n_embd']} and n_head = {hf['n_head']}", "n_embd must divide by n_head")
    if not slm.MIN_VOCAB <= hf["vocab_size"] <= slm.MAX_VOCAB:
        refuse(f"vocab_size = {hf['vocab_size']}",
               f"slm stores tokens as uint16: {slm.MIN_VOCAB} to {slm.MAX_VOCAB} tokens")
    return hf


def read_hf_weights(src, hf, mcfg):
    """model.safetensors of a Hugging Face GPT-2 folder -> slm's flat float32 buffer (host), every tensor checked."""
    from safetensors import safe_open
    file = src / "model.safetensors"
    if not file.is_file():
        others = sorted(p.name for p in src.iterdir() if p.suffix in (".bin", ".pt", ".json") and "model" in p.name)
        seen = f" (it has {', '.join(others)})" if others else ""
        raise slm.SlmError(f"{src} has no model.safetensors{seen}: save the model in one safetensors file with "
                           f"transformers' model.save_pretrained(DIR)")
    try:
        with safe_open(str(file), framework="numpy") as f:
            stored = {k: f.get_tensor(k) for k in f.keys()}
    except Exception as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise slm.SlmError(f"{file} cannot be read ({reason}): save it again with transformers in float32 "
                           f"(model.float().save_pretrained(DIR))") from None
    named = {}
    for key, array in stored.items():
        name = key.removeprefix("transformer.")
        parts = name.split(".")
        if len(parts) == 4 and parts[0] == "h" and parts[2] == "attn" and parts[3] in ("bias", "masked_bias"):
            continue          # the causal-mask buffers older transformers saved: not weights
        named[name] = array
    head = named.pop("lm_head.weight", None)
    expected = {hf_name(n).removeprefix("transformer."): s for n, s in slm.param_shapes(mcfg)}   # in buffer order
    missing = [k for k in expected if k not in named]
    if missing:
        raise slm.SlmError(f"{file} lacks {len(missing)} of GPT-2's tensors ({', '.join(missing[:3])}"
                           f"{', ...' if len(missing) > 3 else ''}): save the whole GPT2LMHeadModel")
    extra = [k for k in named if k not in expected]
    if extra:
        raise slm.SlmError(f"{file} holds tensors slm has no place for ({', '.join(extra[:3])}"
                           f"{', ...' if len(extra) > 3 else ''}): only a GPT2LMHeadModel's weights import")
    for key, shape in expected.items():
        if tuple(named[key].shape) != tuple(shape):
            raise slm.SlmError(f"{file}: {key} has shape {tuple(named[key].shape)} but config.json says "
                               f"{tuple(shape)}: the weights and config.json come from different models")
        if named[key].dtype.kind != "f":
            raise slm.SlmError(f"{file}: {key} holds {named[key].dtype}, not floats: save the model in float32")
    if head is None and hf["tie_word_embeddings"] is False:
        raise slm.SlmError(f"{src} has an untied output head but no lm_head.weight in {file.name}: slm ties the "
                           f"head to transformer.wte.weight; save the whole GPT2LMHeadModel")
    if head is not None and not numpy.array_equal(head, named["wte.weight"]):
        raise slm.SlmError(f"{src} has an output head (lm_head.weight) that differs from the token embedding "
                           f"(transformer.wte.weight), which slm cannot represent: slm ties them (tie_word_embeddings)")
    return numpy.concatenate([named[k].astype(numpy.float32).reshape(-1) for k in expected])


def read_hf_tokenizer(src, vocab_size):
    """tokenizer.json of a Hugging Face folder as slm stores a tokenizer: JSON text, without export's post-processor."""
    from tokenizers import Tokenizer
    file = src / "tokenizer.json"
    if not file.is_file():
        raise slm.SlmError(f"{src} has no tokenizer.json: slm needs the tokenizer the model was trained with; save it "
                           f"there with transformers' tokenizer.save_pretrained(DIR)")
    try:
        parsed = json.loads(file.read_text(encoding="utf-8"))
        if is_story_start(parsed.get("post_processor")):
            parsed["post_processor"] = None        # slm's encode() adds no tokens: write() puts the EOT itself
        model = parsed.get("model")
        for key in ("continuing_subword_prefix", "end_of_word_suffix"):
            if isinstance(model, dict) and model.get(key) == "":
                model[key] = None   # the same BPE; transformers re-saves None as "", which train() would take as new
        tokenizer = Tokenizer.from_str(json.dumps(parsed))
    except Exception as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise slm.SlmError(f"{file} cannot be read as a tokenizer ({reason}): "
                           f"save it again with transformers") from None
    if tokenizer.token_to_id(slm.EOT) is None:
        raise slm.SlmError(f"{file} has no {slm.EOT} token: slm begins and ends every story with it; give a "
                           f"tokenizer that has it as a special token")
    if tokenizer.get_vocab_size() > vocab_size:
        raise slm.SlmError(f"{file} has {tokenizer.get_vocab_size()} tokens but the model only {vocab_size}: "
                           f"the tokenizer and the model come from different folders")
    return tokenizer.to_str()


def import_hf(hf_dir, checkpoint_path, cfg=None):
    """Turn a Hugging Face GPT-2 folder (ReLU, tied head: what export_hf writes) into an slm checkpoint at
    checkpoint_path: its weights in float32, fresh (zero) AdamW moments, step 0, and its tokenizer without the
    post-processor export adds. The model's shape comes from the folder, every other flag from cfg (default:
    config.py and the command line). Never writes over a file. Returns the checkpoint's config."""
    src, path = Path(hf_dir), Path(checkpoint_path)
    if not src.exists():
        raise slm.SlmError(f"{src}: no such folder: give import the folder `python slm.py export` wrote "
                           f"(config.json, model.safetensors, tokenizer.json)")
    if not src.is_dir():
        raise slm.SlmError(f"{src} is a file, not a folder: give import the folder that holds config.json, "
                           f"model.safetensors and tokenizer.json")
    if path.exists():
        raise slm.SlmError(f"{path} exists (nothing was overwritten): import into a new out_dir, "
                           f"e.g. --out_dir=checkpoints/imported")
    hf = read_hf_config(src)
    base = cfg or slm.make_config()
    mcfg = SimpleNamespace(**{**vars(base), "n_layer": hf["n_layer"], "d_model": hf["n_embd"],
                              "n_head": hf["n_head"], "ctx": hf["n_positions"], "vocab_size": hf["vocab_size"]})
    slm.validate(mcfg)
    params = read_hf_weights(src, hf, mcfg)
    tokenizer_json = read_hf_tokenizer(src, mcfg.vocab_size)
    # the state of a run that has taken no step yet, so train() resumes from it as from a fresh start
    meta = {"step": 0, "best_val": float("inf"), "gloss": None, "val_loss": None,
            "relu_streak": [0] * mcfg.n_layer, "relu_usage": None,
            "rng": numpy.random.default_rng(mcfg.seed).bit_generator.state, "tokenizer": tokenizer_json,
            "imported_from": str(src.resolve())}
    slm.save_checkpoint(path, mcfg, params, numpy.zeros_like(params), numpy.zeros_like(params), meta)
    return mcfg


def import_command(hf_dir, cfg, log=print):
    """`python slm.py import DIR`: DIR -> {out_dir}/latest.safetensors (train resumes from it) and
    {out_dir}/best.safetensors (write uses it), refusing when either exists."""
    out = Path(cfg.out_dir)
    files = slm.RunFiles(out)
    latest, best = files.latest, files.best

    def refuse_a_run_there():
        for path in (latest, best):
            if path.exists():
                raise slm.SlmError(f"{path} exists (nothing was overwritten): import into a new out_dir, "
                                   f"e.g. python slm.py import {hf_dir} --out_dir=checkpoints/imported")
    refuse_a_run_there()                               # before the lock: a refused import writes nothing at all
    slm.check_out_dir(out)
    with slm.one_run_at_a_time(files):                 # no run trains there while the import writes its files
        refuse_a_run_there()
        mcfg = import_hf(hf_dir, latest, cfg)
        slm.write_atomically(best, latest.read_bytes())
    shape = " ".join(f"--{k}={getattr(mcfg, k)}" for k in slm.SHAPE_FLAGS if getattr(mcfg, k) != getattr(cfg, k))
    log(f"imported {hf_dir} ({slm.n_params(mcfg):,} parameters) into {latest} and {best}")
    log(f"write with: python slm.py write --out_dir={out}")
    log(f"train further with: python slm.py train --out_dir={out}{' ' + shape if shape else ''} "
        f"--data=... (the text it was trained on: train checks that the tokenizer is the same)")
    log(f"or fine-tune it on new text: python slm.py --init_from={out} --data=my_stories/ "
        f"--out_dir=checkpoints/mine (its tokenizer encodes the text; docs/finetune.md)")
    return mcfg
