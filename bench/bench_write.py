"""Generation speed: slm's write() (KV cache, NumPy or CuPy) next to Hugging Face transformers' generate() (with its
cache) on the same weights, in the same run.

    python bench/bench_write.py                  # default config, batch 1 and 8, 2 threads
    python bench/bench_write.py --tokens 100 --device gpu
    python bench/bench_write.py --set=--n_layer=2 --set=--data=stories.txt   # another model or corpus (--name=value)

The model is the default config's shape with its initial weights (speed does not depend on training) and the
tokenizer of the built-in corpus; it is exported with `slm_hf.export_hf` and loaded by transformers' GPT2LMHeadModel.
Both sides decode greedily and are forced to write the same number of tokens (slm: stop_at_end False; transformers:
min_new_tokens), so the work is identical. Tokens/s counts new tokens across the batch. Each side runs in its own
process (PyTorch's OpenMP threads and NumPy's OpenBLAS threads spin against each other in one process).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEED = "Once upon a time"


def timed(fn, sync, repeats):
    best = float("inf")
    for _ in range(repeats):
        sync()
        t = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - t)
    return best


def slm_worker(args, ckpt, batch, n_new):
    import slm
    slm.use_backend(args.device)
    cfg = slm.make_config([f"--device={args.device}", "--temperature=0", "--stop_at_end=False",
                           f"--checkpoint={ckpt}", f"--n_samples={batch}", f"--cpu_kernels={args.cpu_kernels}"])
    slm.write(SEED, 4, cfg=cfg, stream=False)  # load and warm up
    return timed(lambda: slm.write(SEED, n_new, cfg=cfg, stream=False), slm.synchronize, args.repeats)


def hf_worker(args, hf_dir, batch, n_new, prompt, eot):
    import torch
    import transformers
    transformers.logging.set_verbosity_error()
    torch.set_num_threads(args.threads)
    device = "cuda" if args.device == "gpu" else "cpu"
    model = transformers.GPT2LMHeadModel.from_pretrained(hf_dir).to(device).eval()
    ids = torch.tensor([prompt] * batch, device=device)
    mask = torch.ones_like(ids)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)

    def generate(n):
        with torch.no_grad():
            model.generate(ids, attention_mask=mask, max_new_tokens=n, min_new_tokens=n, do_sample=False,
                           use_cache=True, pad_token_id=eot)
    generate(4)
    return timed(lambda: generate(n_new), sync, args.repeats)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=0, help="new tokens per story (default: what fits in ctx)")
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--device", default="cpu", choices=("cpu", "gpu"))
    ap.add_argument("--cpu-kernels", default="auto", choices=("auto", "numba", "numpy"),
                    help="slm's cpu_kernels flag: 'numpy' times writing on the NumPy layers, without the numba "
                         "decode step")
    ap.add_argument("--set", action="append", default=[], metavar="--NAME=VALUE",
                    help="a config flag for the model and corpus (repeat it), as on slm.py's command line")
    ap.add_argument("--worker", help=argparse.SUPPRESS)   # JSON: which side, and what to run
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    if args.worker:
        job = json.loads(args.worker)
        if job["side"] == "slm":
            seconds = slm_worker(args, job["ckpt"], job["batch"], job["n_new"])
        else:
            seconds = hf_worker(args, job["hf"], job["batch"], job["n_new"], job["prompt"], job["eot"])
        print(json.dumps({"seconds": seconds}))
        return
    import torch

    import slm
    import slm_hf
    backend = slm.use_backend(args.device)
    cfg = slm.make_config([f"--device={args.device}", *args.set])
    data = slm.prepare_data(cfg, log=lambda *a: None)
    cfg = SimpleNamespace(**{**vars(cfg), "vocab_size": data.vocab_size})
    work = Path(tempfile.mkdtemp(prefix="slm-bench-write-"))
    ckpt = work / "model.safetensors"
    params = slm.init_params(cfg)
    zeros = slm.xp.zeros_like(params)
    slm.save_checkpoint(ckpt, cfg, params, zeros, zeros,
                        {"step": 0, "best_val": None, "tokenizer": data.tokenizer_json})
    slm_hf.export_hf(ckpt, work / "hf", log=lambda *a: None)
    prompt = [data.eot_id] + slm.encode(data.tokenizer, SEED)
    n_new = args.tokens or cfg.ctx - len(prompt)
    print(f"slm backend: {backend}, cpu_kernels {args.cpu_kernels} | torch {torch.__version__} | "
          f"threads {args.threads} | "
          f"model {slm.n_params(cfg) / 1e6:.2f}M params, ctx {cfg.ctx} | {n_new} new tokens, greedy")
    print()
    print("| batch | slm tok/s | transformers tok/s | slm / transformers |")
    print("|---|---|---|---|")
    for batch in (int(b) for b in args.batches.split(",")):
        times = {}
        for side in ("slm", "hf"):
            job = {"side": side, "ckpt": str(ckpt), "hf": str(work / "hf"), "batch": batch, "n_new": n_new,
                   "prompt": prompt, "eot": data.eot_id}
            done = subprocess.run([sys.executable, __file__, "--worker", json.dumps(job), "--threads",
                                   str(args.threads), "--repeats", str(args.repeats), "--device", args.device,
                                   "--cpu-kernels", args.cpu_kernels],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"the {side} worker failed:\n{done.stderr}")
            times[side] = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
        print(f"| {batch} | {batch * n_new / times['slm']:,.0f} | {batch * n_new / times['hf']:,.0f} "
              f"| {times['hf'] / times['slm']:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
