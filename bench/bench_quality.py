"""Held-out quality for the same training time: slm (NumPy, by hand) and PyTorch train the same model for the same
wall time, one after the other, then both are scored by the same scorer on the same held-out stories.

    python bench/bench_quality.py                         # the shipped config, 10 minutes each, 2 threads
    python bench/bench_quality.py --minutes 0.5 --set=--n_layer=2 --set=--d_model=64   # a quick look
    python bench/bench_quality.py --set=--data=tinystories --set=--tinystories_mb=50    # another corpus (--name=value)

The model, data and hyperparameters are config.py as shipped (frozen in tests/helpers.py, so a user's edited
config.py does not move the figures), changed only by --set flags. Both sides start from slm's initial weights
(init_params with the config's seed) and train on the same prepared token files with the same batches: windows
drawn by data.tokens.sample_batch from one generator seeded with the config's seed, as slm.train draws them. Each
side trains in its own process (OpenBLAS's and PyTorch's OpenMP threads spin against each other in one) with
--threads threads: slm as slm.train runs on a multi-core CPU (the batch in thread shards, BLAS held to one thread
each), PyTorch with torch.set_num_threads. PyTorch's model is bench/bench.py's twin of slm's (GPT-2 blocks, ReLU,
tied head, scaled_dot_product_attention, torch.optim.AdamW with the same per-layer decay groups), with the same
gradient clipping.

The same wall time, not the same steps: each side trains until --minutes have passed, and its learning rate follows
slm's schedule (lr_at: linear warm-up, cosine decay to min_lr) over that time instead of over max_steps: at a share f
of the minutes gone, the lr of step f * max_steps. Either side so ends its time annealed, however many steps its
speed gave it. No validation runs while either side trains.

Scoring: PyTorch's trained weights are copied into slm's flat layout (checked: slm's forward on the copy gives the
loss PyTorch gives on a batch of held-out windows), and both models are scored by slm.score_stories, the scorer of
`python slm.py eval`, in bits per UTF-8 byte: on the built-in corpus's validation split (as training holds it out)
and on real TinyStories (the last tenth of --real, by default ../shared/data/tinystories/stories.txt beside the
project; skipped when there is no such file). When the training data is that same file, its last tenth is not held
out (training keeps only its last val_fraction apart): say so beside the figure.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_stories  # noqa: E402

SIDES = ("slm", "pytorch")
COLUMNS = ["side", "steps", "tokens seen", "train loss (last 20 steps)", "bpb builtin val", "bpb real"]


def run_config(slm, settings):
    """The shipped config (tests/helpers.py's frozen copy) with the --set flags, on the CPU."""
    return slm.make_config(list(settings), file_values=bench_stories.frozen_defaults(), device="cpu", plot=False)


def prepared(slm, cfg):
    """(prepared data, cfg with its vocabulary): the token files both sides train on."""
    from types import SimpleNamespace
    data = slm.prepare_data(cfg, log=lambda line: print(line, file=sys.stderr))
    return data, SimpleNamespace(**{**vars(cfg), "vocab_size": data.vocab_size})


def lr_by_time(slm, cfg, share):
    """slm's schedule stretched over the wall time: the lr of step share * max_steps."""
    return slm.lr_at(min(cfg.max_steps, int(share * cfg.max_steps)), cfg)


# ---------------------------------------------------------------------------------------------------- sides
def train_slm(slm, cfg, data, seconds):
    """slm's training step as slm.train takes it, until `seconds` have passed. -> (flat params, steps, losses)"""
    import numpy

    from data.tokens import sample_batch
    xp = slm.xp
    params = slm.init_params(cfg)
    grads, m, v, scratch = (xp.zeros_like(params) for _ in range(4))
    P, G = slm.views(params, cfg), slm.views(grads, cfg)
    decays = slm.mode_decays(cfg)
    shards = slm.batch_shards(cfg, grads)
    prior = slm.smoothing_prior(cfg, data.train)            # as slm.train smooths
    rng = numpy.random.default_rng(cfg.seed)
    losses, step = [], 0
    start = time.perf_counter()
    with slm.blas_threads(1 if shards else None), numpy.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while (elapsed := time.perf_counter() - start) < seconds:
            lr = lr_by_time(slm, cfg, elapsed / seconds)
            grads[...] = 0
            step_loss = 0.0
            for _ in range(cfg.grad_accum):
                batch = slm.to_device(sample_batch(data.train, cfg.batch_size, cfg.ctx, rng))
                loss, _ = slm.forward_backward(P, G, grads, cfg, batch, shards=shards, prior=prior)
                step_loss += float(loss) / cfg.grad_accum
            if cfg.grad_accum > 1:
                grads *= grads.dtype.type(1.0 / cfg.grad_accum)
            step += 1
            slm.optimizer_step(params, grads, m, v, decays, step, lr, cfg.grad_clip, scratch)
            losses.append(step_loss)
    return slm.to_host(params), step, losses, time.perf_counter() - start


def train_pytorch(slm, cfg, data, seconds, threads):
    """bench.py's PyTorch twin of slm's model, from slm's initial weights, until `seconds` have passed.
    -> (its weights in slm's flat layout, steps, losses, seconds, the copy check)"""
    import numpy
    import torch

    import bench
    from data.tokens import sample_batch, val_windows
    torch.set_num_threads(threads)
    if cfg.decay_mode != "decoupled":
        raise slm.SlmError(f"--decay_mode={cfg.decay_mode}: the PyTorch side is torch.optim.AdamW (decoupled "
                           "decay); compare with decay_mode = 'decoupled'")
    model, opt = bench.torch_model(torch, cfg, slm.init_params(cfg), slm, "cpu")
    model.keep_plain = True     # with label smoothing, one log-sum-exp more a step than the loss itself
    prior = slm.smoothing_prior(cfg, data.train)
    model.prior = None if prior is None else torch.from_numpy(slm.to_host(prior))
    rng = numpy.random.default_rng(cfg.seed)
    losses, step = [], 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        lr = lr_by_time(slm, cfg, elapsed / seconds)
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad(set_to_none=True)
        step_loss = 0.0
        for _ in range(cfg.grad_accum):
            batch = torch.from_numpy(sample_batch(data.train, cfg.batch_size, cfg.ctx, rng))
            loss = model(batch[:, :-1], batch[:, 1:])
            (loss / cfg.grad_accum).backward()
            step_loss += model.plain.item() / cfg.grad_accum    # slm's losses are the plain cross-entropy too
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        step += 1
        losses.append(step_loss)
    seconds_used = time.perf_counter() - start
    flat = torch_to_flat(slm, cfg, model)
    windows = val_windows(data.val, min(8, cfg.eval_windows), cfg.ctx)
    with torch.no_grad():
        torch_loss = float(model(torch.from_numpy(windows[:, :-1]), torch.from_numpy(windows[:, 1:]), smoothing=0.0))
    slm_loss = float(slm.forward(slm.views(flat, cfg), cfg, windows[:, :-1], windows[:, 1:])[1])
    if not abs(slm_loss - torch_loss) <= 1e-4 * abs(torch_loss):
        raise RuntimeError(f"the copy of PyTorch's weights into slm gives loss {slm_loss} where PyTorch gives "
                           f"{torch_loss}: the weight copy is wrong")
    return flat, step, losses, seconds_used, {"torch_loss": torch_loss, "slm_loss_on_copy": slm_loss}


def torch_to_flat(slm, cfg, model):
    """The PyTorch twin's weights as slm's flat buffer (the inverse of bench.torch_model's copy)."""
    import numpy
    flat = numpy.zeros(slm.n_params(cfg), dtype=numpy.float32)
    P = slm.views(flat, cfg)

    def put(name, tensor, transpose=False):
        value = tensor.detach().cpu().numpy()
        P[name][...] = value.T if transpose else value

    put("wte", model.wte.weight)
    put("wpe", model.wpe.weight)
    put("ln_f.g", model.ln_f.weight)
    put("ln_f.b", model.ln_f.bias)
    for l, block in enumerate(model.blocks):
        p = f"h.{l}."
        for mod, name in ((block.qkv, "attn.qkv"), (block.proj, "attn.proj"), (block.fc, "mlp.fc"),
                          (block.fc_proj, "mlp.proj")):
            put(p + name + ".w", mod.weight, transpose=True)       # torch's Linear stores (out, in)
            put(p + name + ".b", mod.bias)
        for ln, name in ((block.ln_1, "ln_1"), (block.ln_2, "ln_2")):
            put(p + name + ".g", ln.weight)
            put(p + name + ".b", ln.bias)
    return flat


def worker(args):
    """One side, in its own process: trains, saves its weights (slm's flat layout) and prints a JSON line."""
    import numpy

    import slm
    slm.use_backend("cpu")
    cfg = run_config(slm, args.set)
    data, cfg = prepared(slm, cfg)
    seconds = args.minutes * 60
    if args.worker == "slm":
        flat, steps, losses, used = train_slm(slm, cfg, data, seconds)
        check = {}
    else:
        flat, steps, losses, used, check = train_pytorch(slm, cfg, data, seconds, args.threads)
    numpy.save(args.weights, flat)
    tail = losses[-20:]
    print(json.dumps({"steps": steps, "seconds": used, "tokens": steps * cfg.batch_size * cfg.ctx * cfg.grad_accum,
                      "train_loss": sum(tail) / len(tail) if tail else None, **check}))


# ---------------------------------------------------------------------------------------------------- main
def run_side(args, side, weights):
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads), "OPENBLAS_NUM_THREADS": str(args.threads)}
    command = [sys.executable, __file__, "--worker", side, "--weights", str(weights), "--minutes", str(args.minutes),
               "--threads", str(args.threads)] + [f"--set={s}" for s in args.set]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        why = lines[-1].removeprefix("error: ") if lines else f"exit {done.returncode}"
        raise SystemExit(f"error: the {side} side failed: {why}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def score(slm, cfg, data, weights, stories):
    """Bits per byte of the flat weights on each set of stories (None where there are none), by slm's scorer."""
    import numpy
    P = slm.views(slm.to_device(numpy.load(weights)), cfg)
    model = (P, cfg, data.tokenizer, data.eot_id)
    return {name: bench_stories.bits_per_byte(slm, model, s) if s else None for name, s in stories.items()}


def cell(value, digits=3):
    return "-" if value is None else f"{value:.{digits}f}"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--minutes", type=float, default=10.0, help="wall time each side trains")
    p.add_argument("--threads", type=int, default=2, help="CPU threads each side uses")
    p.add_argument("--set", action="append", default=[], help="a config flag, --set=--name=value (repeat)")
    p.add_argument("--real", default=None, help="real stories to score (the last tenth); default "
                   f"{bench_stories.DEFAULT_REAL} when it exists")
    p.add_argument("--val", default=None, help="score these stories (all of them) in the builtin val column instead "
                   "of the built-in validation split")
    p.add_argument("--json", default=None, help="also save the figures to this file")
    p.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    p.add_argument("--weights", help=argparse.SUPPRESS)
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.minutes > 0 or args.threads < 1:
        p.error("--minutes must be above 0 and --threads at least 1")
    if args.worker:
        return worker(args)

    import slm
    slm.use_backend("cpu")
    cfg = run_config(slm, args.set)                 # bad flags and data stop here, before any training
    data, cfg = prepared(slm, cfg)
    real_path = Path(args.real) if args.real else (
        bench_stories.DEFAULT_REAL if bench_stories.DEFAULT_REAL.is_file() else None)
    stories = {"builtin": bench_stories.read_all(args.val) if args.val else bench_stories.builtin_val_stories(slm, cfg),
               "real": bench_stories.real_stories(real_path) if real_path else None}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for side in SIDES:                           # one after the other, never both at once
            print(f"training {side} for {args.minutes:g} minutes ...", file=sys.stderr, flush=True)
            weights = Path(tmp) / f"{side}.npy"
            results[side] = run_side(args, side, weights)
            with slm.blas_threads(1):
                results[side].update(score(slm, cfg, data, weights, stories))

    cpu = bench_stories.cpu_model()
    shape = f"L{cfg.n_layer} C{cfg.d_model} H{cfg.n_head} T{cfg.ctx} V{cfg.vocab_size} B{cfg.batch_size}"
    print(f"# held-out quality after {args.minutes:g} minutes of training each: {shape} on {cfg.data}, "
          f"lr {cfg.lr} -> {cfg.min_lr} over the wall time, {args.threads} threads, {cpu}, {time.strftime('%Y-%m-%d')}")
    print(f"bpb builtin val: {len(stories['builtin']):,} stories of "
          + (f"{args.val}; " if args.val else "the built-in validation split; ")
          + (f"bpb real: the last tenth of {real_path} ({len(stories['real']):,} stories)" if real_path else
             f"bpb real: skipped (no file at {bench_stories.DEFAULT_REAL}; give --real FILE)")
          + f"; PyTorch's weights scored by slm's scorer (copy checked: loss {results['pytorch']['torch_loss']:.5f} "
          f"in PyTorch, {results['pytorch']['slm_loss_on_copy']:.5f} in slm)")
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "|".join("---" for _ in COLUMNS) + "|")
    for side in SIDES:
        r = results[side]
        print(f"| {side} | {r['steps']:,} | {r['tokens']:,} | {cell(r['train_loss'], 4)} | {cell(r['builtin'])} | "
              f"{cell(r['real'])} |")
    s, t = results["slm"], results["pytorch"]
    ratio = {k: (s[k] / t[k] if s[k] is not None and t[k] else None) for k in ("builtin", "real")}
    print(f"| slm / pytorch | {s['steps'] / max(t['steps'], 1):.2f}x | {s['tokens'] / max(t['tokens'], 1):.2f}x | "
          f"{cell(s['train_loss'] / t['train_loss'] if s['train_loss'] and t['train_loss'] else None)} | "
          f"{cell(ratio['builtin'])} | {cell(ratio['real'])} |")
    verdicts = [f"{name} {'met' if r < 1 else 'not met'} ({r:.3f})" for name, r in
                (("builtin val", ratio["builtin"]), ("real", ratio["real"])) if r is not None]
    print(f"\ngoal, slm's held-out bits per byte below PyTorch's: {'; '.join(verdicts)}")
    if args.json:
        slm.write_atomically(args.json, json.dumps({
            "cpu": cpu, "date": time.strftime("%Y-%m-%d %H:%M"), "minutes": args.minutes, "threads": args.threads,
            "shape": shape, "data": cfg.data, "set": args.set, "real": str(real_path) if real_path else None,
            "builtin_stories": len(stories["builtin"]), "real_stories": len(stories["real"] or []),
            "sides": results, "ratio": ratio}, indent=1).encode("utf-8"))
        print(f"saved the figures to {args.json}")
    return results


if __name__ == "__main__":
    import slm as _slm
    with _slm.friendly_errors():
        main()
