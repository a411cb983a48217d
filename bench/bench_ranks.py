"""Data-parallel training on this CPU: `mpiexec -n 2 python slm.py` (one thread per rank) next to one process with 2
thread shards and next to PyTorch DDP (gloo, `torchrun --nproc_per_node=2`, one thread per process) training the same
model, in the same run; then the peak memory of each rank with and without ZeRO-1.

    python bench/bench_ranks.py                       # default model (config.py's shape), 30 steps, 2 rounds
    python bench/bench_ranks.py --size 15M --steps 12 --memory-size 15M

slm's sides run the real command line (`python slm.py train ...`) on the built-in stories, with log_every = 1 so that
log.jsonl holds each step's time; PyTorch's side trains bench.py's PyTorch module (same layout, initial weights, AdamW
decay groups, clipping) under DistributedDataParallel on the same global batch, each process its half. Each side's
median step after the first 5 counts; the sides take turns --rounds times and each keeps its fastest median.
Memory: VmHWM (peak resident set) of every rank, read from /proc while the run goes on, next to the arithmetic of what
ZeRO-1 saves (AdamW's two float32 moments, 8 bytes a parameter, shrink to 1/N on each rank).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import bench as single  # noqa: E402  (bench/bench.py: the sizes and the PyTorch module)

SKIP = 5          # warm-up steps left out of each median


def shape_flags(slm, size):
    cfg = single.shape_config(slm, size, "cpu")
    return cfg, [f"--n_layer={cfg.n_layer}", f"--d_model={cfg.d_model}", f"--n_head={cfg.n_head}",
                 f"--ctx={cfg.ctx}", f"--vocab_size={cfg.vocab_size}", f"--batch_size={cfg.batch_size}"]


def slm_command(args, shape, out_dir, *more):
    return [sys.executable, str(ROOT / "slm.py"), "train", "--data=builtin", f"--out_dir={out_dir}", *shape,
            f"--max_steps={args.steps}", f"--checkpoint_every={10 ** 9}", "--log_every=1", "--eval_windows=8",
            "--grad_accum=1", "--dtype=float32", "--device=cpu", "--plot=False", "--resume=False", *more]


def rank_pids(parent):
    """{rank: pid} of the python processes at or under parent (mpiexec's ranks by PMI_RANK, or the one process)."""
    import psutil
    found = {}
    try:
        for p in [psutil.Process(parent)] + psutil.Process(parent).children(recursive=True):
            if p.name().startswith("python"):
                found[int(p.environ().get("PMI_RANK", "0"))] = p.pid
    except psutil.Error:
        pass
    return found


def peak_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None


def run(command, threads, watch_memory=False):
    """Run to the end; returns (stdout, {rank: the last VmHWM seen, KiB}) and fails loudly on an error."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": str(threads),
           "OPENBLAS_NUM_THREADS": str(threads), "SLM_DATA_DIR": str(ROOT / "bench" / "out" / "data")}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peaks = {}
    if watch_memory:
        while proc.poll() is None:
            for rank, pid in rank_pids(proc.pid).items():
                kib = peak_kib(pid)
                if kib:
                    peaks[rank] = kib
            time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} ... failed (rc {proc.returncode}):\n{out[-2000:]}\n{err[-2000:]}")
    return out, peaks


def median_step(log):
    ms = [json.loads(ln)["ms_per_step"] for ln in Path(log).read_text().splitlines()]
    return statistics.median(ms[SKIP:]) / 1000


def slm_side(args, shape, ranks):
    with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "out") as out_dir:
        command = slm_command(args, shape, out_dir)
        if ranks > 1:
            command = [mpiexec(), "-n", str(ranks), *command]
        run(command, threads=1 if ranks > 1 else 2)
        return median_step(Path(out_dir) / "log.jsonl")


def ddp_side(args):
    torchrun = shutil.which("torchrun", path=str(Path(sys.executable).parent)) or shutil.which("torchrun")
    out, _ = run([torchrun, "--nproc_per_node=2", "--master_port=29517", __file__, "--ddp-worker",
                  "--size", args.size, "--steps", str(args.steps)], threads=1)
    return json.loads(out.strip().splitlines()[-1])["seconds"]


def ddp_worker(args):
    """One torchrun process: bench.py's PyTorch GPT under DDP (gloo), its half of each global batch."""
    import numpy as np
    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    import slm
    torch.set_num_threads(1)
    dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    cfg = single.shape_config(slm, args.size, "cpu")
    flat = slm.init_params(cfg)
    model, opt = single.torch_model(torch, cfg, flat, slm, "cpu")
    model = DistributedDataParallel(model)
    rng = np.random.default_rng(0)
    per = cfg.batch_size // world
    times = []
    for _ in range(args.steps):
        tokens = rng.integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))   # the same on every rank
        batch = torch.from_numpy(tokens[rank * per:(rank + 1) * per])
        t = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = model(batch[:, :-1], batch[:, 1:])
        loss.backward()                                  # DDP all-reduces the gradients in buckets as they come
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        times.append(time.perf_counter() - t)
    if rank == 0:
        print(json.dumps({"seconds": statistics.median(times[SKIP:])}))
    dist.destroy_process_group()


def mpiexec():
    found = shutil.which("mpiexec", path=str(Path(sys.executable).parent)) or shutil.which("mpiexec")
    if not found:
        raise SystemExit("mpiexec is missing: pip install -r requirements-mpi.txt")
    return found


def memory(args, slm):
    """Peak RSS of each rank of `mpiexec -n 2`, with and without zero, and of one process, on --memory-size."""
    cfg, shape = shape_flags(slm, args.memory_size)
    n = slm.n_params(cfg)
    rows = []
    for label, ranks, more in (("one process (2 thread shards)", 1, []), ("mpiexec -n 2", 2, ["--zero=False"]),
                               ("mpiexec -n 2, zero = True", 2, ["--zero=True"])):
        with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "out") as out_dir:
            steps = argparse.Namespace(steps=8)
            command = slm_command(steps, shape, out_dir, *more)
            if ranks > 1:
                command = [mpiexec(), "-n", "2", *command]
            _, peaks = run(command, threads=1 if ranks > 1 else 2, watch_memory=True)
        rows.append((label, [kib / 1024 for _, kib in sorted(peaks.items())]))
    mb = 1024 * 1024
    print(f"\nPeak resident memory per process, {args.memory_size} ({single.shape_text(cfg)}, {n / 1e6:.2f}M "
          f"parameters), 8 steps and the final checkpoint:\n")
    print("| run | rank 0 MB | rank 1 MB |")
    print("|---|---|---|")
    for label, values in rows:
        print(f"| {label} | {values[0]:.0f} | {values[1]:.0f} |" if len(values) > 1 else
              f"| {label} | {values[0]:.0f} | - |")
    print(f"\nArithmetic: AdamW's moments are {8 * n / mb:.1f} MB whole (2 x 4 bytes x {n:,}); under zero each of "
          f"2 ranks keeps {8 * n / 2 / mb:.1f} MB, so a rank should need {8 * n / 2 / mb:.1f} MB less. Rank 0 "
          f"gathers the whole moments for each checkpoint it writes (and holds them whole at the start), so its peak "
          f"keeps them; rank 1 shows the saving.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="default", choices=list(single.SIZES))
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--memory-size", default="15M", choices=list(single.SIZES))
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--ddp-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ddp_worker:
        return ddp_worker(args)
    import slm
    slm.use_backend("cpu")
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    cfg, shape = shape_flags(slm, args.size)
    cpu = next((ln.split(":", 1)[1].strip() for ln in subprocess.run(["lscpu"], capture_output=True, text=True)
                .stdout.splitlines() if ln.startswith("Model name")), "unknown CPU")
    print(f"{cpu}, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start "
          f"(the machine is shared: figures are noisy)", flush=True)
    run(slm_command(argparse.Namespace(steps=1), shape, tempfile.mkdtemp(dir=ROOT / "bench" / "out")), threads=2)
    best = {"threads": float("inf"), "ranks": float("inf"), "ddp": float("inf")}
    for _ in range(args.rounds):
        best["threads"] = min(best["threads"], slm_side(args, shape, 1))
        best["ranks"] = min(best["ranks"], slm_side(args, shape, 2))
        best["ddp"] = min(best["ddp"], ddp_side(args))
    tokens = cfg.batch_size * cfg.ctx
    tok = {k: tokens / v for k, v in best.items()}
    print(f"\n{args.size} ({single.shape_text(cfg)}, {slm.n_params(cfg) / 1e6:.2f}M parameters), {tokens} tokens a "
          f"step, median of steps {SKIP + 1}-{args.steps}, best of {args.rounds} rounds; load average now "
          f"{os.getloadavg()[0]:.1f}:\n")
    print("| run | tok/s | vs slm 2 thread shards | vs PyTorch DDP |")
    print("|---|---|---|---|")
    for key, label in (("ranks", "slm, mpiexec -n 2, 1 thread per rank (MPI Allreduce)"),
                       ("threads", "slm, 1 process, 2 thread shards"),
                       ("ddp", "PyTorch DDP (gloo), torchrun --nproc_per_node=2, 1 thread per process")):
        print(f"| {label} | {tok[key]:,.0f} | {tok[key] / tok['threads']:.2f}x | {tok[key] / tok['ddp']:.2f}x |")
    if not args.no_memory:
        memory(args, slm)


if __name__ == "__main__":
    main()
