"""Small shared builders for the tests: a tiny model config and a float64 model."""
from types import SimpleNamespace

import numpy as np

import slm


def tiny_config(**changes):
    """Every flag, at sizes that run in milliseconds on NumPy."""
    cfg = slm.make_config(file_values=slm.read_config_file())
    values = dict(vars(cfg), vocab_size=37, n_layer=2, d_model=16, n_head=2, ctx=8, batch_size=2, device="cpu",
                  plot=False, log_every=1, checkpoint_every=5, max_steps=10, warmup_steps=2)
    values.update(changes)
    return SimpleNamespace(**values)


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
