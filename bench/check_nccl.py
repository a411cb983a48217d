"""GPU device check, the ranks' stage: a few training steps with the gradients through NCCL on one GPU (one rank,
comm = 'nccl': MPI starts in this process, NCCL runs every collective) against the same steps with no collective at
all, with and without ZeRO-1; on a machine with 2+ GPUs also `mpiexec -n 2` over NCCL against one process.

    python bench/check_nccl.py            # needs CuPy, mpi4py (requirements-mpi.txt) and nvidia-nccl-cu12

One rank's NCCL all-reduce is a copy, so its run must match the plain run bit for bit (when the plain run, done twice,
matches itself; else to round-off); two GPU ranks match to float32 round-off (a different order of sums). Prints one
line per stage and exits 1 when any stage disagrees.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import slm  # noqa: E402
import slm_ranks  # noqa: E402

STORY = "The cat sat on the mat. The cat was happy. Then the dog came and they played in the sun.\n<|endoftext|>\n"
FLAGS = ["--device=gpu", "--vocab_size=300", "--n_layer=2", "--d_model=64", "--n_head=2", "--ctx=32",
         "--batch_size=8", "--grad_accum=1", "--dtype=float32", "--tf32=False", "--max_steps=12",
         "--checkpoint_every=6", "--log_every=1", "--eval_windows=8", "--warmup_steps=2", "--plot=False",
         "--resume=True", "--rank_timeout=120"]


def train(work, name, *more, ranks=0):
    out = work / name
    cmd = [sys.executable, str(ROOT / "slm.py"), "train", f"--data={work / 'stories.txt'}", f"--out_dir={out}",
           *FLAGS, *more]
    if ranks:
        cmd = [shutil.which("mpiexec", path=str(Path(sys.executable).parent)) or "mpiexec", "-n", str(ranks), *cmd]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SLM_DATA_DIR": str(work / "data")}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"{name}: rc {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return out, result.stdout


def compare(name, a, b, exact):
    la = [json.loads(ln)["loss"] for ln in (a / "log.jsonl").read_text().splitlines()]
    lb = [json.loads(ln)["loss"] for ln in (b / "log.jsonl").read_text().splitlines()]
    ta, tb = (slm.load_checkpoint(d / "latest.safetensors")[0] for d in (a, b))
    weight_gap = max(float(np.abs(ta[k].astype(np.float64) - tb[k]).max()) for k in ta)
    loss_gap = max(abs(x - y) for x, y in zip(la, lb))
    good = len(la) == len(lb) and (weight_gap == 0 and loss_gap == 0 if exact else weight_gap < 2e-5)
    print(f"{'ok  ' if good else 'FAIL'} {name}: {len(la)} steps, largest loss gap {loss_gap:.2e}, largest weight "
          f"gap {weight_gap:.2e} ({'bit for bit' if exact else 'float32 round-off'} expected)", flush=True)
    return good


def main():
    cupy, about = slm.find_gpu()
    if cupy is None:
        raise SystemExit(f"no GPU: {about}")
    slm.use_backend("gpu")
    slm_ranks.import_nccl()      # one line when NCCL is missing: pip install nvidia-nccl-cu12
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "stories.txt").write_text(STORY * 400)
        plain, _ = train(work, "plain")
        again, _ = train(work, "plain-again")
        # the floor: if the GPU's own kernels are not deterministic, NCCL's runs can only match to round-off
        exact = compare(f"the plain run twice ({about})", plain, again, exact=True)
        nccl, text = train(work, "nccl", "--comm=nccl")
        assert "ranks: 1 over NCCL" in text, text
        results = [compare("one GPU rank over NCCL vs none", plain, nccl, exact=exact)]
        zero, _ = train(work, "nccl-zero", "--comm=nccl", "--zero=True")
        results.append(compare("one GPU rank over NCCL with ZeRO-1 vs none", plain, zero, exact=exact))
        if cupy.cuda.runtime.getDeviceCount() >= 2:
            two, _ = train(work, "two-gpus", ranks=2)
            results.append(compare("mpiexec -n 2 over NCCL vs one GPU", plain, two, exact=False))
        else:
            print("skip mpiexec -n 2 over NCCL: this machine has one GPU", flush=True)
    raise SystemExit(0 if all(results) else 1)


if __name__ == "__main__":
    with slm.friendly_errors():
        main()
