"""Each of slm_numba's kernels next to the section 4 NumPy layer it replaces, on one thread (as each batch
shard runs it in training), at the shard shapes of bench.py's sizes, in float32, in the same process, taking turns.

    python bench/bench_cpu_kernels.py                  # 260K, default, ctx512, 15M; best of 5 turns each
    python bench/bench_cpu_kernels.py --sizes default --repeats 9
    python bench/bench_cpu_kernels.py --step --sizes default,260K --repeats 5   # whole training steps, on and off

Prints one markdown table a size: milliseconds per call for NumPy and for the kernel, and NumPy / kernel (above 1: the
kernel is faster). The shapes are one shard's: the batch split over 2 threads, as bench.py runs it.
--step times whole training steps instead (bench.py's step function: shards in threads, BLAS on one thread each), the
NumPy layers and the kernels taking turns in one process: on a shared machine the fairest whole-step comparison.
"""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def cases(slm, np, cfg, B):
    """{part: (function, args)} for one shard of B windows at cfg's shape, float32, random inputs."""
    rng = np.random.default_rng(0)
    T, C, H, V = cfg.ctx, cfg.d_model, cfg.n_head, cfg.vocab_size

    def rand(*shape):
        return rng.normal(0, 1, shape).astype(np.float32)
    qkv, dy, x, g, b, dout = rand(B, T, 3 * C), rand(B, T, C), rand(B, T, C), rand(C), rand(C), rand(B, T, C)
    h, hb, logits = rand(B, T, 4 * C), rand(4 * C), rand(B, T, V)
    targets = rng.integers(0, V, (B, T))
    n = slm.n_params(cfg)
    w, gr, m, v, decay = rand(n), rand(n), rand(n), np.abs(rand(n)), np.full(n, 0.92, np.float32)
    zeros = np.zeros((C, 4 * C), np.float32)

    def attention_backward():
        cache = slm.attention_forward(qkv, H)[1]          # the cache of the layer being timed (kernel or NumPy)
        return lambda: slm.attention_backward(dy, cache)

    def layernorm_backward():
        cache = slm.layernorm_forward(x, g, b)[1]
        return lambda: slm.layernorm_backward(dout, cache, g, np.zeros_like(g), np.zeros_like(b))
    # {part: (make the call to time, a call whose time is taken off it, or None)}
    return {
        "attention forward": (lambda: lambda: slm.attention_forward(qkv, H), None),
        "attention backward": (attention_backward, None),
        "layernorm forward": (lambda: lambda: slm.layernorm_forward(x, g, b), None),
        "layernorm backward": (layernorm_backward, None),
        "fc matmul + bias + ReLU": (lambda: lambda: slm.linear_relu_forward(x, zeros, hb), None),
        "ReLU backward (less the copy of its input)": (lambda: lambda: slm.relu_backward(h.copy(), h),
                                                       lambda: h.copy()),
        "loss forward (softmax + cross-entropy)": (lambda: lambda: slm.cross_entropy_forward(logits, targets), None),
        "AdamW over the whole model": (lambda: lambda: slm.adamw_step(w, gr, m, v, decay, 3, 1e-3), None),
    }


def best(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def whole_steps(slm, np, sizes, turns):
    """Median and fastest seconds of a training step (two steps timed a turn) with cpu_kernels 'numpy' and 'auto',
    taking turns, per size: prints one line a size."""
    from bench import shape_config, slm_step_function
    for name in sizes.split(","):
        cfg = shape_config(slm, name, "cpu", "auto")
        flat = slm.init_params(cfg)
        tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
        steps, times = {}, {False: [], True: []}
        for on in (False, True):
            cfg.cpu_kernels = "auto" if on else "numpy"
            steps[on] = slm_step_function(slm, cfg, flat, tokens)
        with slm.blas_threads(1):
            for _ in range(turns):
                for on in (False, True):
                    kernels_on(slm, np, on)
                    steps[on]()
                    t = time.perf_counter()
                    steps[on]()
                    steps[on]()
                    times[on].append((time.perf_counter() - t) / 2)
        median = {on: sorted(t)[len(t) // 2] for on, t in times.items()}
        print(f"{name}: median step NumPy layers {median[False] * 1e3:.0f} ms, kernels {median[True] * 1e3:.0f} ms, "
              f"{median[False] / median[True]:.2f}x (fastest {min(times[False]) * 1e3:.0f} / "
              f"{min(times[True]) * 1e3:.0f} ms)", flush=True)


def kernels_on(slm, np, on):
    """slm_numba's float32 kernels in slm's registry (they passed their check at start-up), or none."""
    import slm_numba
    if on:
        slm_numba.register_kernels(("float32",))
    else:
        slm.unregister(np)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="260K,default,ctx512,15M")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--step", action="store_true", help="whole training steps, kernels on and off taking turns")
    args = ap.parse_args()
    if args.step:
        import numpy as np

        import slm
        import slm_numba
        slm.use_backend("cpu")
        return whole_steps(slm, np, args.sizes, args.repeats)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import numpy as np
    from threadpoolctl import threadpool_limits

    import slm
    import slm_numba
    from bench import shape_config
    slm.use_backend("cpu")
    if not slm_numba.enable_cpu_kernels("numba", log=lambda line: print(line, file=sys.stderr)):
        raise SystemExit("the numba kernels are off")
    slm.use_threads(1)                     # one shard's thread: no split_rows inside it
    with threadpool_limits(limits=1, user_api="blas"):
        for name in args.sizes.split(","):
            cfg = shape_config(slm, name, "cpu")
            B = max(1, cfg.batch_size // 2)
            print(f"\n{name}: one shard (B {B}, T {cfg.ctx}, C {cfg.d_model}, H {cfg.n_head}, V {cfg.vocab_size}), "
                  f"float32, one thread, best of {args.repeats}\n")
            print("| part | NumPy ms | kernel ms | NumPy / kernel |")
            print("|---|---|---|---|")
            for part, (make, overhead) in cases(slm, np, cfg, B).items():
                seconds = {}
                for on in (False, True, False, True):     # taking turns: a slow spell of a shared machine hits both
                    kernels_on(slm, np, on)
                    extra = best(overhead, args.repeats) if overhead else 0.0
                    seconds[on] = min(seconds.get(on, 1e9), max(best(make(), args.repeats) - extra, 1e-9))
                print(f"| {part} | {seconds[False] * 1e3:.2f} | {seconds[True] * 1e3:.2f} "
                      f"| {seconds[False] / seconds[True]:.2f}x |")


if __name__ == "__main__":
    main()
