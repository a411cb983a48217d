"""Small shared builders for the tests: the shipped defaults, a tiny model config and a float64 model."""
from types import SimpleNamespace

import numpy as np
import pytest

import slm

# config.py as shipped, frozen. The README tells users to edit config.py, so the tests never read it for values:
# a user's `resume = False`, `dtype = "float16"` or `n_layer = 12` must not change what the suite checks.
# tests/test_config.py checks that these name exactly the flags slm knows.
DEFAULTS = {
    "train": True, "device": "auto", "cpu_kernels": "auto",
    "data": "builtin", "tinystories_mb": 0, "vocab_size": 4096, "val_fraction": 0.01, "story_separator": "auto",
    "n_layer": 6, "d_model": 128, "n_head": 4, "ctx": 256,
    "batch_size": 8, "grad_accum": 1, "lr": 2e-3, "min_lr": 5e-4, "warmup_steps": 100, "max_steps": 3400,
    "grad_clip": 1.0, "label_smoothing": 0.05, "smoothing_prior": "unigram",
    "seed": 1337, "dtype": "float32", "tf32": False,
    "decay_schedule": "alternating", "odd_layer_decay": 0.92, "embed_decay": 0.0, "decay_mode": "decoupled",
    "relu_zone": (0.40, 0.60),
    "relu_patience": 5,
    "log_every": 10, "checkpoint_every": 100, "eval_windows": 64, "out_dir": "checkpoints", "resume": True,
    "plot": True,
    "init_from": "", "finetune_lr": 3e-4, "finetune_min_lr": 3e-5, "finetune_warmup_steps": 100,
    "finetune_max_steps": 300, "finetune_replay": 0.6,
    "zero": False, "comm": "auto", "rank_timeout": 600.0,
    "checkpoint": "", "temperature": 0.7, "top_k": 0, "top_p": 0.95, "sample_seed": -1, "stop_at_end": True,
    "n_samples": 1,
    "host": "127.0.0.1", "port": 8000, "api_key": "", "serve_slots": 32, "serve_max_tokens": 1024, "serve_max_n": 16,
    "serve_max_body": 65536, "serve_max_waiting": 256, "serve_timeout": 30.0,
}


def default_config(**changes):
    """The shipped defaults with changes, checked as slm checks config.py (make_config), never reading config.py."""
    return slm.make_config(file_values=DEFAULTS, **changes)


def default_flags(**changes):
    """Every flag as --name=value, the shipped defaults with changes: for `python slm.py`, which reads config.py
    first, so a subprocess gets every value it relies on from the test, whatever config.py says."""
    values = {**DEFAULTS, **changes}
    return [f"--{name}={value if isinstance(value, str) else repr(value)}" for name, value in values.items()]


def tiny_config(**changes):
    """Every flag, at sizes that run in milliseconds on NumPy."""
    values = dict(vars(default_config()), vocab_size=37, n_layer=2, d_model=16, n_head=2, ctx=8, batch_size=2,
                  device="cpu", plot=False, log_every=1, checkpoint_every=5, max_steps=10, warmup_steps=2)
    values.update(changes)
    return SimpleNamespace(**values)


# A small, repetitive corpus: easy to learn, so a few hundred steps must drive the loss well down.
STORIES = [
    "The cat sat on the mat. The cat was happy.",
    "The dog ran to the park. The dog played with a ball.",
    "Lily had a red hat. She wore it every day.",
    "Tom saw a big tree. He climbed it and smiled.",
]


def story_text(n=400):
    """n stories of STORIES, each followed by a line <|endoftext|>."""
    return "".join(f"{STORIES[i % len(STORIES)]}\n<|endoftext|>\n" for i in range(n))


def story_config(story_file, out_dir, **changes):
    """tiny_config for training on a story_text() file: a model that learns it in a few hundred steps."""
    values = dict(data=str(story_file), vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=16, batch_size=8,
                  lr=3e-3, min_lr=3e-4, warmup_steps=10, max_steps=30, checkpoint_every=10, log_every=5,
                  eval_windows=8, out_dir=str(out_dir))
    values.update(changes)
    return tiny_config(**values)


def tiny_model(cfg, dtype="float64", seed=0):
    """(flat params, views) with every tensor random, LayerNorm gains near 1, so no gradient is trivially zero."""
    rng = np.random.default_rng(seed)
    flat = slm.init_params(cfg, dtype=dtype, seed=seed)
    flat += rng.normal(0, 0.05, flat.shape)
    return flat, slm.views(flat, cfg)


def batch(cfg, B=2, T=None, seed=1):
    rng = np.random.default_rng(seed)
    T = T or cfg.ctx
    tokens = rng.integers(0, cfg.vocab_size, size=(B, T + 1))
    return tokens[:, :-1], tokens[:, 1:]


def train_small_model(folder):
    """A model trained for a few steps on a small text, in folder: the config it was trained with (write's and
    serving's tests use it)."""
    text = folder / "stories.txt"
    text.write_text("".join(f"Once upon a time there was a {w} who liked to play. The end.\n<|endoftext|>\n"
                            for w in ["cat", "dog", "bird", "fish"] * 60))
    mp = pytest.MonkeyPatch()
    mp.setenv("SLM_DATA_DIR", str(folder / "prepared"))
    cfg = tiny_config(data=str(text), vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=32, batch_size=8,
                      max_steps=60, checkpoint_every=30, log_every=30, eval_windows=4, out_dir=str(folder / "ckpt"),
                      lr=3e-3)
    slm.train(cfg, log=lambda *a: None)
    mp.undo()
    return cfg
