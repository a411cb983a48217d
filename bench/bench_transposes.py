"""attention_backward's transposed products on NumPy: att^T dy (the (T, T) operand transposed) against (dy^T att)^T
(the small (T, D) one transposed, as slm.matmul_tn takes it, so CuPy copies no (B, H, T, T) operand), on the blocks
NumPy's attention runs (64 queries against e keys), BLAS on one thread. Best of 25, the two orders taking turns.

    OPENBLAS_NUM_THREADS=1 python bench/bench_transposes.py
"""
import time

import numpy as np

SHAPES = [(8, 6, 64, 256, 48), (8, 6, 64, 128, 48), (4, 6, 64, 64, 48), (8, 4, 64, 128, 32), (16, 4, 64, 64, 32)]


def main():
    rng = np.random.default_rng(0)
    print("| B, H, queries, keys, D | att^T dy ms | (dy^T att)^T ms | speed-up |")
    print("|---|---|---|---|")
    for B, H, q, e, D in SHAPES:
        att, dy = rng.random((B, H, q, e), dtype=np.float32), rng.random((B, H, q, D), dtype=np.float32)
        orders = {"big": lambda att=att, dy=dy: np.matmul(att.swapaxes(-1, -2), dy),
                  "small": lambda att=att, dy=dy: np.matmul(dy.swapaxes(-1, -2), att).swapaxes(-1, -2)}
        best = {k: float("inf") for k in orders}
        for _ in range(25):
            for k, f in orders.items():
                t = time.perf_counter()
                f()
                best[k] = min(best[k], time.perf_counter() - t)
        print(f"| {B}, {H}, {q}, {e}, {D} | {best['big'] * 1e3:.2f} | {best['small'] * 1e3:.2f} "
              f"| {best['big'] / best['small']:.2f}x |")


if __name__ == "__main__":
    main()
