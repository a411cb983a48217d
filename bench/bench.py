"""Training speed: slm (NumPy or CuPy, by hand) next to PyTorch training the identical model, in the same run.

    python bench/bench.py                      # 260K, default, ctx512 (default at 4x context), 15M; 2 threads on CPU
    python bench/bench.py --sizes default --steps 20 --breakdown   # and where each size's step goes, per part
    python bench/bench.py --device gpu         # CuPy (with its fused kernels, as train() runs) vs PyTorch CUDA,
                                               # in float32, TF32 and float16, at the default, 15M and GPT-2 shapes
    python bench/bench.py --activations --sizes default,15M   # activation bytes a step keeps, float32 vs float16

Each side runs in its own process, the two taking turns --rounds times; each side's fastest median step counts.
Prints a markdown table: tokens/s for each, the ratio slm / PyTorch, and MFU (model FLOPs per second over the
float32 matmul peak measured in this run: the faster of NumPy's and PyTorch's on a large square matmul). PyTorch's side
is a plain module with the same layout (GPT-2 blocks, ReLU, tied head), its fastest eager attention
(scaled_dot_product_attention, causal), and torch.optim.AdamW with the same per-layer decay groups.
--memory adds peak RSS of a training run (each in a fresh process) beside what the arrays need. On a GPU the table
gives each side's peak GPU memory beside what slm's arrays need, and MFU is against the peak each side measures in
the row's precision (a large 2-D matmul in float32, TF32 or float16): PyTorch's float16 runs under autocast with a
GradScaler, slm's as train() runs dtype = 'float16' (float16 activations and a float16 copy of the float32 master
weights, a loss scale).
--activations prints, per size, the bytes of the arrays a training forward keeps for its backward in float32 and in
float16, counted from the arrays themselves (on NumPy, at the size's batch, with one attention block as CuPy runs it).
"""
import argparse
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {  # name: (n_layer, d_model, n_head, ctx, vocab_size, batch_size)
    "260K": (5, 64, 8, 128, 512, 32),       # llama2.c's smallest shape
    "default": None,                         # config.py as it is
    "ctx512": (6, 128, 4, 512, 4096, 4),    # the default model with 4x the context, same tokens a step
    "15M": (6, 288, 6, 256, 4096, 8),        # llama2.c's 15M shape
    "gpt2": (12, 768, 12, 1024, 50257, 8),   # GPT-2 small's shape (124M), at a batch one GPU holds; --device gpu
    "tiny": (2, 32, 2, 16, 300, 4),          # bench/gpu_check.py --dry: the plumbing, not a measurement
}
PRECISIONS = {"float32": ("float32", False), "tf32": ("float32", True), "float16": ("float16", False)}


def shape_config(slm, name, device, cpu_kernels="auto"):
    cfg = slm.make_config([f"--device={device}", f"--cpu_kernels={cpu_kernels}"])
    if SIZES[name]:
        L, C, H, T, V, B = SIZES[name]
        cfg = SimpleNamespace(**{**vars(cfg), "n_layer": L, "d_model": C, "n_head": H, "ctx": T, "vocab_size": V,
                                 "batch_size": B})
    return cfg


def shape_text(cfg):
    return f"L{cfg.n_layer} C{cfg.d_model} H{cfg.n_head} T{cfg.ctx} V{cfg.vocab_size} B{cfg.batch_size}"


# ---------------------------------------------------------------------------------------------------- PyTorch peer
def torch_model(torch, cfg, flat_params, slm, device):
    """A plain PyTorch GPT (same layout as slm) holding slm's initial weights; returns (model, optimizer)."""
    import torch.nn as nn
    import torch.nn.functional as F

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            C = cfg.d_model
            self.ln_1, self.ln_2 = nn.LayerNorm(C, eps=1e-5), nn.LayerNorm(C, eps=1e-5)
            self.qkv, self.proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
            self.fc, self.fc_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

        def forward(self, x):
            B, T, C = x.shape
            q, k, v = self.qkv(self.ln_1(x)).split(C, dim=2)
            q, k, v = (t.view(B, T, cfg.n_head, C // cfg.n_head).transpose(1, 2) for t in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.proj(y.transpose(1, 2).reshape(B, T, C))
            return x + self.fc_proj(F.relu(self.fc(self.ln_2(x))))

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.Embedding(cfg.vocab_size, cfg.d_model)
            self.wpe = nn.Embedding(cfg.ctx, cfg.d_model)
            self.blocks = nn.ModuleList(Block() for _ in range(cfg.n_layer))
            self.ln_f = nn.LayerNorm(cfg.d_model, eps=1e-5)

        keep_plain = False       # True: with smoothing, also keep the plain cross-entropy (the loss slm reports)
        prior = None             # label smoothing's spread, a (V,) tensor (slm.smoothing_prior's); None: uniform

        def forward(self, idx, targets, smoothing=cfg.label_smoothing):
            """The loss slm trains on (label-smoothed as cfg says); smoothing=0 gives the plain cross-entropy."""
            x = self.wte(idx) + self.wpe.weight[: idx.shape[1]]
            for block in self.blocks:
                x = block(x)
            logits, targets = (self.ln_f(x) @ self.wte.weight.T).reshape(-1, cfg.vocab_size), targets.reshape(-1)
            if smoothing and self.prior is not None:     # (1 - s) one_hot + s prior, as a PyTorch user writes it
                log_p = F.log_softmax(logits, dim=-1)
                loss = -((1 - smoothing) * log_p.gather(1, targets[:, None]).mean()
                         + smoothing * (log_p @ self.prior).mean())
            else:
                loss = F.cross_entropy(logits, targets, label_smoothing=smoothing)
            if self.keep_plain:
                with torch.no_grad():
                    self.plain = F.cross_entropy(logits, targets) if smoothing else loss.detach()
            return loss

    model = GPT()
    P = slm.views(slm.to_host(flat_params), cfg)
    with torch.no_grad():
        model.wte.weight.copy_(torch.from_numpy(P["wte"]))
        model.wpe.weight.copy_(torch.from_numpy(P["wpe"]))
        model.ln_f.weight.copy_(torch.from_numpy(P["ln_f.g"]))
        model.ln_f.bias.copy_(torch.from_numpy(P["ln_f.b"]))
        for l, block in enumerate(model.blocks):
            p = f"h.{l}."
            for mod, name in ((block.qkv, "attn.qkv"), (block.proj, "attn.proj"), (block.fc, "mlp.fc"),
                              (block.fc_proj, "mlp.proj")):
                mod.weight.copy_(torch.from_numpy(P[p + name + ".w"].T))  # torch's Linear stores (out, in)
                mod.bias.copy_(torch.from_numpy(P[p + name + ".b"]))
            for ln, name in ((block.ln_1, "ln_1"), (block.ln_2, "ln_2")):
                ln.weight.copy_(torch.from_numpy(P[p + name + ".g"]))
                ln.bias.copy_(torch.from_numpy(P[p + name + ".b"]))
    model.to(device)
    decays = slm.layer_decays(cfg)
    groups = [{"params": [model.wte.weight, model.wpe.weight], "weight_decay": cfg.embed_decay},
              {"params": [p for n, p in model.named_parameters() if n.endswith("bias") or ".ln" in n
                          or n.startswith("ln_f")], "weight_decay": 0.0}]
    for l, block in enumerate(model.blocks):
        groups.append({"params": [block.qkv.weight, block.proj.weight, block.fc.weight, block.fc_proj.weight],
                       "weight_decay": decays[l]})
    opt = torch.optim.AdamW(groups, lr=cfg.lr, betas=(0.9, 0.95), eps=1e-8)
    return model, opt


def time_torch(torch, cfg, flat, slm, tokens, steps, device, precision="float32"):
    model, opt = torch_model(torch, cfg, flat, slm, device)
    batch = torch.from_numpy(tokens).to(device)
    half = precision == "float16"
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = precision == "tf32"
    scaler = torch.amp.GradScaler("cuda") if half else None

    def step():
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cuda", dtype=torch.float16, enabled=half):
            loss = model(batch[:, :-1], batch[:, 1:])
        if half:
            scaler.scale(loss).backward()
            scaler.unscale_(opt)
        else:
            loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        if half:
            scaler.step(opt)
            scaler.update()
        else:
            opt.step()
        return loss
    sync = (lambda: torch.cuda.synchronize()) if device == "cuda" else (lambda: None)
    return best_of(step, steps, sync)


# ---------------------------------------------------------------------------------------------------- slm
def slm_step_function(slm, cfg, flat, tokens, dtype="float32"):
    """One optimizer step as slm.train takes it (batch shards in threads on a multi-core CPU; on CuPy with the fused
    kernels train() turns on; in float16 as train() runs it: the forward and backward on a float16 copy of the float32
    master weights, made again after each update, with its loss scale, on the device on CuPy). Call it inside
    slm.blas_threads(1) when step.sharded is true, and inside slm.precision(tf32) for TF32."""
    xp = slm.xp
    half = dtype == "float16"
    slm.use_kernels(cfg.cpu_kernels, lambda line: print(line, file=sys.stderr),     # as train() does
                    ("float32", "float16") if half else ("float32",))
    scaler = {"scale": 1024.0, "good_steps": 0, "skipped": 0}
    on_device = slm.DeviceScaler(scaler) if half and xp is not slm.numpy else None
    params = flat.copy()
    weights = params.astype("float16") if half else params
    grads, m, v = xp.zeros_like(params), xp.zeros_like(params), xp.zeros_like(params)
    P, G = slm.views(weights, cfg), slm.views(grads, cfg)
    decay = slm.decay_vector(cfg)
    batch = slm.to_device(tokens)
    shards = slm.batch_shards(cfg, grads)
    scratch = xp.empty_like(params)
    state = {"t": 0}

    def step():
        grads[...] = 0
        skip = None
        if on_device is not None:
            loss, _ = slm.forward_backward(P, G, grads, cfg, batch, on_device.scale, shards=shards)
            xp.multiply(grads, (1.0 / on_device.scale).astype(grads.dtype), out=grads)   # unscaled, as train()
            skip = on_device.check(grads)
        elif half:
            loss, _ = slm.forward_backward(P, G, grads, cfg, batch, scaler["scale"], shards=shards)
            xp.multiply(grads, grads.dtype.type(1.0 / scaler["scale"]), out=grads)
            if not slm.update_loss_scale(scaler, grads):
                return loss
        else:
            loss, _ = slm.forward_backward(P, G, grads, cfg, batch, shards=shards)
        slm.clip_gradients(grads, cfg.grad_clip)
        state["t"] += 1
        slm.adamw_step(params, grads, m, v, decay, state["t"], cfg.lr, scratch=scratch, skip=skip)
        if half:
            weights[...] = params
        return loss
    step.sharded = shards is not None
    step.shards = len(shards) if shards else 1         # the shards each step cuts its batch into
    return step


def best_of(step, steps, sync):
    """Median seconds per step after two warm-up steps."""
    for _ in range(2):
        step()
    sync()
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        sync()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def worker(args):
    """One side of one row, in its own process (OpenMP and OpenBLAS threads of one process spin against each other,
    so slm and PyTorch never share a process): prints a JSON line with seconds per step and the matmul peak."""
    import json

    import numpy as np

    import slm
    backend = slm.use_backend(args.device)
    cfg = shape_config(slm, args.size, args.device, args.cpu_kernels)
    flat = slm.init_params(cfg)
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
    device = "cuda" if args.device == "gpu" else "cpu"
    dtype, tf32 = PRECISIONS[args.precision]
    memory = {}
    if args.worker == "slm":
        step = slm_step_function(slm, cfg, flat, tokens, dtype)
        with slm.precision(tf32):
            peak_dtype = dtype if slm.xp is not np else "float32"      # NumPy's float16 matmul is no BLAS
            peak = slm.measure_matmul_peak(peak_dtype, threads=slm.THREADS if step.sharded else None)
            with slm.blas_threads(1 if step.sharded else None):
                seconds = best_of(step, args.steps, slm.synchronize)
        numba_on = ("attention_forward", np, "float32") in slm.KERNELS
        about = backend + (", numba CPU kernels (slm_numba)" if numba_on else "")
        if args.device == "gpu":
            pool = slm.xp.get_default_memory_pool()          # holds what the steps allocated at most (it frees lazily)
            memory = {"peak_mb": pool.total_bytes() / 2 ** 20,
                      "need_mb": arrays_needed_mb(slm, cfg, flat, tokens, dtype)}
    else:
        import torch
        torch.set_num_threads(args.threads)
        if device == "cuda":
            torch.cuda.reset_peak_memory_stats()
        seconds = time_torch(torch, cfg, flat, slm, tokens, args.steps, device, args.precision)
        peak, about = torch_matmul_peak(torch, device, args.precision), f"torch {torch.__version__} on {device}"
        if device == "cuda":
            memory = {"peak_mb": torch.cuda.max_memory_allocated() / 2 ** 20}
    print(json.dumps({"seconds": seconds, "peak": peak, "about": about, "params": slm.n_params(cfg),
                      "tokens": cfg.batch_size * cfg.ctx, "flops": slm.flops_per_token(cfg) * cfg.batch_size * cfg.ctx,
                      "shape": shape_text(cfg), **memory}))


def cache_bytes(cache):
    """Bytes of the arrays a ForwardCache holds (NumPy or CuPy), each base buffer once."""
    import dataclasses
    seen, total = set(), 0

    def walk(item):
        nonlocal total
        if hasattr(item, "nbytes") and hasattr(item, "base"):
            base = item if item.base is None else item.base
            if id(base) not in seen:
                seen.add(id(base))
                total += base.nbytes
        elif isinstance(item, (list, tuple)):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            walk(list(item.values()))
        elif dataclasses.is_dataclass(item):
            walk(vars(item))
    walk(cache)
    return total


def arrays_needed_mb(slm, cfg, flat, tokens, dtype="float32"):
    """MB of what a training step must hold on the device: parameters, gradients, AdamW's two moments and scratch
    (and, in float16, the weights' float16 copy), and the forward's cache for the batch (the arrays in it, each base
    buffer once)."""
    weights = flat.astype(dtype)
    _, _, cache, _ = slm.forward(slm.views(weights, cfg), cfg, slm.to_device(tokens[:, :-1]),
                                 slm.to_device(tokens[:, 1:]))
    return (5 * flat.nbytes + (weights.nbytes if dtype == "float16" else 0) + cache_bytes(cache)) / 2 ** 20


def activations_table(args):
    """--activations: per size, the bytes of the arrays one training forward keeps for its backward, with float32
    weights and with float16 ones (as train() runs each dtype), from the arrays themselves. On NumPy at the size's
    batch, with the query blocks and the numba kernels off, so the cache holds what CuPy's does: one (T, T)
    probability block per head, the MLP's hidden units, LayerNorm's xhat and float32 rstd, d(logits)."""
    import numpy as np

    import slm
    slm.use_backend("cpu")
    block, slm.ATTENTION_BLOCK = slm.ATTENTION_BLOCK, 1 << 30      # one block of queries, as on CuPy
    rows = {}
    try:
        for name in args.sizes.split(","):
            cfg = shape_config(slm, name, "cpu", "numpy")
            flat = slm.init_params(cfg)
            tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
            rows[name] = cfg, {dtype: cache_bytes(slm.forward(slm.views(flat.astype(dtype), cfg), cfg, tokens[:, :-1],
                                                              tokens[:, 1:], loss_scale=1024.0)[2]) / 2 ** 20
                               for dtype in ("float32", "float16")}
    finally:
        slm.ATTENTION_BLOCK = block
    print("| model | batch | float32 activations MB | float16 activations MB | float16 / float32 |")
    print("|---|---|---|---|---|")
    for name, (cfg, mb) in rows.items():
        print(f"| {name} ({shape_text(cfg)}) | {cfg.batch_size} | {mb['float32']:.1f} | {mb['float16']:.1f} "
              f"| {mb['float16'] / mb['float32']:.2f} |")
    return rows


def memory_worker(args):
    """Peak RSS of a few training steps (as slm.train runs them) and the bytes of what they must hold: parameters,
    gradients, AdamW's two moments and its scratch buffer, a gradient buffer per batch shard but the first, and the
    forward's cache (counted from the arrays in it, for the whole batch: the shards' caches add up to it)."""
    import dataclasses
    import json
    import resource

    import numpy as np

    import slm
    slm.use_backend("cpu")
    cfg = shape_config(slm, args.size, "cpu")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    flat = slm.init_params(cfg)
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
    step = slm_step_function(slm, cfg, flat, tokens)
    with slm.blas_threads(1 if step.sharded else None):
        for _ in range(3):
            step()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # before the forward below, which counts
    buffers = 5 + (min(slm.THREADS, cfg.batch_size) - 1 if step.sharded else 0)   # + a buffer per shard but one
    _, _, cache, _ = slm.forward(slm.views(flat, cfg), cfg, tokens[:, :-1], tokens[:, 1:])
    seen, total = set(), 0

    def walk(item):
        nonlocal total
        if isinstance(item, np.ndarray):
            base = item if item.base is None else item.base
            if id(base) not in seen and isinstance(base, np.ndarray):
                seen.add(id(base))
                total += base.nbytes
        elif isinstance(item, (list, tuple)):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            for x in item.values():
                walk(x)
        elif dataclasses.is_dataclass(item):
            walk(vars(item))
    walk(cache)
    mb = 1024 * 1024
    print(json.dumps({"peak": peak, "baseline": baseline,
                      "state": buffers * flat.nbytes / mb, "activations": total / mb}))


def torch_matmul_peak(torch, device, precision="float32"):
    """FLOP/s of PyTorch on a large square matmul, in the precision (float32, TF32 or float16: on CUDA only)."""
    n = 4096 if device == "cuda" else 1024
    half = precision == "float16" and device == "cuda"
    a = torch.ones(n, n, device=device, dtype=torch.float16 if half else torch.float32)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    for _ in range(2):
        a @ a
    best = float("inf")
    for _ in range(3):
        sync()
        t = time.perf_counter()
        a @ a
        sync()
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 / best


def run_worker(args, side, size, precision="float32"):
    import json
    import subprocess
    command = [sys.executable, __file__, "--worker", side, "--size", size, "--steps", str(args.steps),
               "--threads", str(args.threads), "--device", args.device, "--precision", precision,
               "--cpu-kernels", args.cpu_kernels]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode != 0:
        raise SystemExit(f"the {side} worker failed for {size}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="default: 260K,default,ctx512,15M on the CPU; default,15M,gpt2 on a GPU")
    ap.add_argument("--precisions", help="float32, tf32, float16 (comma-separated); default: float32 on the CPU, "
                                         "all three on a GPU")
    ap.add_argument("--precision", default="float32", choices=tuple(PRECISIONS), help=argparse.SUPPRESS)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="turns each side takes per model; the fastest counts")
    ap.add_argument("--device", default="cpu", choices=("cpu", "gpu"))
    ap.add_argument("--breakdown", action="store_true", help="print where slm's step time goes, per op")
    ap.add_argument("--cpu-kernels", default="auto", choices=("auto", "numba", "numpy"),
                    help="slm's cpu_kernels flag: 'numpy' times the NumPy layers alone (default: auto, as config.py)")
    ap.add_argument("--memory", action="store_true", help="peak RSS of training steps next to what the arrays need")
    ap.add_argument("--activations", action="store_true",
                    help="the bytes a training forward keeps for its backward, float32 vs float16 (on the CPU)")
    ap.add_argument("--worker", choices=("slm", "torch", "memory"), help=argparse.SUPPRESS)
    ap.add_argument("--size", help=argparse.SUPPRESS)
    args = ap.parse_args()
    gpu = args.device == "gpu"
    by_precision = gpu or args.precisions is not None     # the per-precision table (bench/gpu_check.py --dry: CPU)
    args.sizes = args.sizes or ("default,15M,gpt2" if gpu else "260K,default,ctx512,15M")
    args.precisions = args.precisions or ("float32,tf32,float16" if gpu else "float32")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    if args.worker == "memory":
        return memory_worker(args)
    if args.activations:
        return activations_table(args)
    if args.worker:
        return worker(args)
    if by_precision:
        return gpu_table(args)
    rows = []
    for name in args.sizes.split(","):
        # the sides take turns, rounds times, and each keeps its fastest: a shared machine's slow spells hit both
        runs = {"slm": [], "torch": []}
        for _ in range(args.rounds):
            for side in runs:
                runs[side].append(run_worker(args, side, name))
        ours, theirs = (min(runs[side], key=lambda r: r["seconds"]) for side in ("slm", "torch"))
        rows.append((name, ours, theirs))
    peak = max(max(o["peak"], t["peak"]) for _, o, t in rows)
    print(f"slm: {rows[0][1]['about']} | peer: {rows[0][2]['about']} | threads {args.threads}")
    print(f"float32 matmul peak (largest measured in this run, slm's backend or PyTorch): {peak / 1e9:.0f} GFLOP/s")
    print()
    print("| model | params | tokens/step | slm tok/s | PyTorch tok/s | slm / PyTorch | slm MFU | PyTorch MFU |")
    print("|---|---|---|---|---|---|---|---|")
    for name, o, t in rows:
        print(f"| {name} ({o['shape']}) | {o['params'] / 1e6:.2f}M | {o['tokens']} | {o['tokens'] / o['seconds']:,.0f} "
              f"| {t['tokens'] / t['seconds']:,.0f} | {t['seconds'] / o['seconds']:.2f}x "
              f"| {100 * o['flops'] / o['seconds'] / peak:.0f}% | {100 * t['flops'] / t['seconds'] / peak:.0f}% |")
    if args.memory:
        print("\n| model | peak RSS MB | params, grads, AdamW, shard grads but the first MB "
              "| activations kept MB (softmax of the logits included) "
              "| baseline RSS MB (Python, NumPy, slm) | peak / (baseline + arrays) |")
        print("|---|---|---|---|---|---|")
        for name in args.sizes.split(","):
            r = run_worker(args, "memory", name)
            need = r["baseline"] + r["state"] + r["activations"]
            print(f"| {name} | {r['peak']:.0f} | {r['state']:.0f} | {r['activations']:.0f} "
                  f"| {r['baseline']:.0f} | {r['peak'] / need:.2f}x |")
    if args.breakdown:
        import slm
        slm.use_backend(args.device)
        for name in args.sizes.split(","):
            breakdown(slm, shape_config(slm, name, args.device, args.cpu_kernels), args.steps, name)


def gpu_table(args):
    """The GPU table: every size in every precision, slm against PyTorch CUDA, each side's MFU against its own matmul
    peak in the row's precision, and peak GPU memory beside what slm's arrays need (0 on the CPU, where the table
    runs only as gpu_check.py --dry's plumbing)."""
    rows = []
    for name in args.sizes.split(","):
        for precision in args.precisions.split(","):
            runs = {"slm": [], "torch": []}
            for _ in range(args.rounds):
                for side in runs:
                    runs[side].append(run_worker(args, side, name, precision))
            ours, theirs = (min(runs[side], key=lambda r: r["seconds"]) for side in ("slm", "torch"))
            rows.append((name, precision, ours, theirs))
    print(f"slm: {rows[0][2]['about']} | peer: {rows[0][3]['about']}")
    print("MFU: model FLOPs per second over the matmul peak each side measured in the row's precision\n")
    print("| model | precision | slm tok/s | PyTorch tok/s | slm / PyTorch | slm MFU | PyTorch MFU | slm peak MB "
          "| PyTorch peak MB | slm arrays need MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, precision, o, t in rows:
        print(f"| {name} ({o['shape']}) | {precision} | {o['tokens'] / o['seconds']:,.0f} "
              f"| {t['tokens'] / t['seconds']:,.0f} | {t['seconds'] / o['seconds']:.2f}x "
              f"| {100 * o['flops'] / o['seconds'] / o['peak']:.0f}% "
              f"| {100 * t['flops'] / t['seconds'] / t['peak']:.0f}% "
              f"| {o.get('peak_mb', 0):,.0f} | {t.get('peak_mb', 0):,.0f} | {o.get('need_mb', 0):,.0f} |")
    by = {(n, p): o for n, p, o, _ in rows}
    print()
    for name in args.sizes.split(","):
        base = by.get((name, "float32"))
        for precision in ("tf32", "float16"):
            if base and (name, precision) in by:
                speedup = base["seconds"] / by[(name, precision)]["seconds"]
                print(f"- {name}: slm {precision} / float32 tok/s = {speedup:.2f}x")
    return rows


def breakdown(slm, cfg, steps, name):
    """Milliseconds per training step spent in each part of slm's step, forward and backward, at the given config,
    with the step run as in training (on a multi-core CPU: the batch in shards, one thread each, BLAS on one thread).
    Each of slm's layer functions is wrapped in a timer; the blocks' linear layers are told apart by their weight's
    shape, and the tied output head's matmuls (called from forward/backward themselves) by their V columns. Time
    spent in the shard threads is averaged over the shards (they run at once), so the parts add up to the step.
    Prints the table; returns ({part: seconds a step}, seconds a step)."""
    import threading
    from collections import defaultdict

    import numpy as np
    spent = defaultdict(lambda: defaultdict(float))   # thread -> part -> seconds
    C, V = cfg.d_model, cfg.vocab_size
    local = threading.local()
    originals = {}

    def label_of(fname, args):
        kind = "backward" if fname.endswith("backward") else "forward"
        part = fname.rsplit("_", 1)[0]
        if part == "linear":
            w = args[1] if kind == "forward" else args[2]
            part = "attention qkv + proj" if w.shape[0] == C and w.shape[1] in (3 * C, C) else "MLP fc + ReLU + proj"
        elif part in ("linear_relu", "relu"):
            part = "MLP fc + ReLU + proj"
        elif part == "attention":
            part = "attention core (q k^T, softmax, att v)"
        elif part == "cross_entropy":
            part = "loss (softmax + cross-entropy)"
        return f"{part} {kind}"

    def clock(label, fn, *a, **k):
        local.inside = True                 # ops inside a timed op are already counted
        slm.synchronize()
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            slm.synchronize()
            spent[threading.get_ident()][label] += time.perf_counter() - t
            local.inside = False

    def timer(fname, original):
        def timed(*a, **k):
            if getattr(local, "inside", False):
                return original(*a, **k)
            return clock(label_of(fname, a), original, *a, **k)
        return timed

    def head_matmul(original):
        def timed(a, b, out=None):
            if getattr(local, "inside", False) or V not in (a.shape[-1], b.shape[-1], a.shape[0]):
                return original(a, b, out)
            return clock(f"output head matmuls (tied wte) {getattr(local, 'phase', 'forward')}", original, a, b, out)
        return timed

    def phase(fname, original):
        def run(*a, **k):
            local.phase = fname
            return original(*a, **k)
        return run

    for prefix in ("embedding", "layernorm", "linear", "linear_relu", "attention", "relu", "cross_entropy"):
        for kind in ("forward", "backward"):
            fname = f"{prefix}_{kind}"
            if hasattr(slm, fname):
                originals[fname] = getattr(slm, fname)
                setattr(slm, fname, timer(fname, originals[fname]))
    for fname in ("forward", "backward"):
        originals[fname] = getattr(slm, fname)
        setattr(slm, fname, phase(fname, originals[fname]))
    for fname in ("clip_gradients", "adamw_step"):
        originals[fname] = getattr(slm, fname)
        setattr(slm, fname, lambda *a, _f=originals[fname], **k: clock("optimizer (clip + AdamW)", _f, *a, **k))
    originals["matmul"] = slm.matmul
    slm.matmul = head_matmul(originals["matmul"])
    flat = slm.init_params(cfg)
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
    try:
        step = slm_step_function(slm, cfg, flat, tokens)
        with slm.blas_threads(1 if step.sharded else None):
            step()
            spent.clear()
            t0 = time.perf_counter()
            for _ in range(steps):
                step()
            slm.synchronize()
            total = (time.perf_counter() - t0) / steps
    finally:
        for fname, fn in originals.items():
            setattr(slm, fname, fn)
    main = threading.get_ident()
    parts = defaultdict(float)
    for thread, seconds in spent.items():            # the shards' time (in the pool's threads, however they were
        for label, s in seconds.items():              # scheduled) averaged over the shards the step made
            parts[label] += s / (1 if thread == main else step.shards)
    how = (f"batch in {step.shards} shards, one thread each" if step.sharded else
           "whole batch, BLAS with its own threads" if slm.xp is np else "whole batch on the GPU")
    print(f"\nwhere one training step goes: {name} ({shape_text(cfg)}), {how}, {total * 1000:.0f} ms a step\n")
    print("| part | ms / step | share |")
    print("|---|---|---|")
    accounted = 0.0
    for label, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
        per = seconds / steps
        accounted += per
        print(f"| {label} | {per * 1000:.1f} | {100 * per / total:.0f}% |")
    print(f"| other (residual adds, summing the shards' gradients, waiting, glue) | {(total - accounted) * 1000:.1f} "
          f"| {100 * (total - accounted) / total:.0f}% |")
    return {label: seconds / steps for label, seconds in parts.items()}, total


if __name__ == "__main__":
    main()
