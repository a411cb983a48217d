"""The device check: everything slm's GPU path should show on the first NVIDIA GPU it gets, in one command.

    python3 bench/gpu_check.py REPORT_DIR          # on a GPU machine: about 8 minutes on one H100/H200 at most
    python3 bench/gpu_check.py --dry REPORT_DIR    # the same plumbing on the CPU at tiny sizes (tests/ runs this)

Writes REPORT_DIR/gpu_check.md, one markdown report, stage by stage (each stage's command, its time, and the tail of
its output), and prints each stage's line as it ends. It needs no network and no pip: it uses what is installed, and
says at once what is missing and which stages that skips. A stage that fails or runs out of its time does not stop
the others. Stages:
  1. versions: GPU, driver, CUDA runtime, CuPy, NVRTC (and PyTorch's CUDA)
  2. the CUDA tests: every fused kernel against NumPy on the GPU, and a whole training step on CuPy against NumPy's
  3. bench/bench.py --device gpu: slm against PyTorch CUDA in float32, TF32 and float16, at the default, 15M and
     GPT-2-small shapes: tok/s, the ratio, MFU against the run precision's peak, peak GPU memory
  4. bench/bench_write.py --device gpu: generation against transformers' generate()
  5. the main job: a few hundred steps on the built-in corpus at the 15M shape, Ctrl-C (SIGINT), resume, a story
  6. data-parallel training over the GPUs (NCCL): bench/check_nccl.py, one rank over NCCL against none
Targets the report is read against (benchmarks, not tests): float16 at least 1.8x float32's tok/s at the 15M shape
and above, TF32 at least 1.3x, slm at least 1.0x PyTorch eager at every size and precision.
"""
import argparse
import importlib.util
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# module -> the stages that need it (all of them need numpy, tokenizers and safetensors: slm itself)
NEEDS = {"numpy": "all", "tokenizers": "all", "safetensors": "all", "cupy": "1-5 on a GPU", "pytest": "2",
         "torch": "3 (the PyTorch peer), 2's NVRTC test", "transformers": "4 (the generate() peer)",
         "filelock": "5 (the run lock train() holds)", "threadpoolctl": "none on a GPU (CPU batch shards)",
         "hypothesis": "none here (tests/ elsewhere)",
         "mpi4py": "6 (MPI starts the NCCL ranks)", "matplotlib": "none here (training.png; train goes on without)"}
# the main job's model: the 15M shape (llama2.c's), on the built-in corpus
MAIN_FLAGS = ["--n_layer=6", "--d_model=288", "--n_head=6", "--ctx=256", "--vocab_size=4096", "--batch_size=32",
              "--grad_accum=1", "--lr=1e-3", "--min_lr=1e-4", "--warmup_steps=30", "--max_steps=300",
              "--log_every=25", "--checkpoint_every=100", "--eval_windows=32", "--data=builtin"]
DRY_FLAGS = ["--n_layer=2", "--d_model=32", "--n_head=2", "--ctx=16", "--vocab_size=300", "--batch_size=4",
             "--grad_accum=1", "--lr=1e-3", "--min_lr=1e-4", "--warmup_steps=2", "--max_steps=16",
             "--log_every=2", "--checkpoint_every=8", "--eval_windows=2"]
COMMON_FLAGS = ["--dtype=float32", "--tf32=False", "--plot=False", "--resume=True", "--seed=1337",
                "--decay_schedule='alternating'", "--odd_layer_decay=0.1", "--embed_decay=0.0", "--grad_clip=1.0",
                "--val_fraction=0.01", "--story_separator='auto'", "--relu_zone=(0.4, 0.6)", "--relu_patience=1000",
                "--checkpoint=''"]


DATA_ENV = {}  # SLM_DATA_DIR for every stage's commands (main() sets it)
BUDGET = 470   # seconds for all the stages together: the check must end within 8 minutes


class Report:
    def __init__(self, folder, dry):
        self.folder, self.dry = Path(folder), dry
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / "gpu_check.md"
        self.parts, self.summary = [], []
        self.started = time.time()

    def left(self, most):
        """Seconds a stage may take: at most `most`, and what the 8-minute budget still holds."""
        return max(1, min(most, int(BUDGET - (time.time() - self.started))))

    def stage(self, title, status, seconds, body):
        line = f"{title}: {status} ({seconds:.0f} s)"
        print(line, flush=True)
        self.summary.append(f"| {title} | {status} | {seconds:.0f} s |")
        self.parts.append(f"## {title}\n\n{status}, {seconds:.0f} s\n\n{body.rstrip()}\n")
        self.write()

    def write(self):
        head = (f"# slm device check{' (--dry: the plumbing, on the CPU)' if self.dry else ''}\n\n"
                f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(self.started))}, `python3 bench/gpu_check.py"
                f"{' --dry' if self.dry else ''} {self.folder}`, {time.time() - self.started:.0f} s so far\n\n"
                "| stage | result | time |\n|---|---|---|\n" + "\n".join(self.summary) + "\n")
        self.path.write_text(head + "\n" + "\n".join(self.parts))


def fenced(text, lines=60):
    tail = "\n".join(text.rstrip().splitlines()[-lines:])
    return f"```\n{tail}\n```\n"


def run(command, timeout, env=None, cwd=ROOT):
    """(status, seconds, text) of a command run to its end or its timeout."""
    t = time.time()
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PYTHONUNBUFFERED": "1", **DATA_ENV, **(env or {})})
        status = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
        text = done.stdout + ("\n" + done.stderr if done.stderr.strip() else "")
    except subprocess.TimeoutExpired as e:
        status = f"FAILED (ran out of its {timeout} s)"
        text = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
    return status, time.time() - t, f"`{' '.join(str(c) for c in command)}`\n\n" + fenced(text)


def missing_modules():
    return [m for m in NEEDS if importlib.util.find_spec(m) is None]


def stage_versions(report, missing):
    t = time.time()
    lines = [f"- python {platform.python_version()} on {platform.platform()}",
             f"- missing: {', '.join(f'{m} (stages {NEEDS[m]})' for m in missing) if missing else 'nothing'}"]
    status = "passed"
    try:
        import importlib.metadata

        import cupy
        package = ", ".join(importlib.metadata.packages_distributions().get("cupy", ["cupy"]))
        lines.append(f"- CuPy {cupy.__version__} ({package})")
        rt = cupy.cuda.runtime
        try:
            lines.append(f"- NVRTC {'.'.join(map(str, cupy.cuda.nvrtc.getVersion()))}")
        except Exception as e:
            lines.append(f"- NVRTC does not answer: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
        try:
            count = rt.getDeviceCount()
            for i in range(count):
                p = rt.getDeviceProperties(i)
                name = p["name"].decode() if isinstance(p["name"], bytes) else p["name"]
                lines.append(f"- GPU {i}: {name}, sm_{p['major']}{p['minor']}, "
                             f"{p['totalGlobalMem'] / 2 ** 30:.0f} GiB, {p['multiProcessorCount']} SMs")
            lines.append(f"- CUDA driver {rt.driverGetVersion()}, CUDA runtime {rt.runtimeGetVersion()}")
        except Exception as e:
            lines.append(f"- no CUDA device: {str(e).splitlines()[0]}")
            status = "passed (no GPU: --dry)" if report.dry else "FAILED (no GPU)"
    except Exception as e:
        lines.append(f"- cupy does not import: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
        status = "passed (--dry)" if report.dry else "FAILED (no cupy)"
    if "torch" not in missing:
        import torch
        lines.append(f"- PyTorch {torch.__version__}, CUDA {torch.version.cuda}, "
                     f"available: {torch.cuda.is_available()}")
    smi = subprocess.run(["nvidia-smi"], capture_output=True, text=True) if _which("nvidia-smi") else None
    body = "\n".join(lines) + "\n" + (fenced(smi.stdout, 25) if smi and smi.returncode == 0 else "")
    report.stage("1. versions", status, time.time() - t, body)


def _which(name):
    import shutil
    return shutil.which(name)


def skipped(report, title, need, missing):
    lacking = [m for m in need if m in missing]
    if lacking:
        report.stage(title, f"skipped: {', '.join(lacking)} not installed here (no pip on this machine: bring "
                     f"{' and '.join(lacking)} to run it)", 0, "")
        return True
    return False


def stage_tests(report, missing):
    title = "2. the CUDA tests (kernels on the GPU against NumPy; a training step on CuPy against NumPy's)"
    if skipped(report, title, ["pytest", "cupy"], missing):
        return
    if report.dry:   # the plumbing: the GPU tests skip on the CPU, the NVRTC check runs
        select = ["tests/test_gpu_path.py", "-k", "cupy_equals or looked_up_once", "tests/test_kernels.py::"
                  "test_every_kernel_compiles_to_ptx"]
    else:
        select = ["tests/test_kernels.py", "tests/test_gpu_path.py", "-k", "cuda or cupy_equals or ptx"]
    status, seconds, body = run([PYTHON, "-m", "pytest", "-q", "-rs", *select], timeout=report.left(60))
    report.stage(title, status, seconds, body)


def stage_bench(report, missing):
    title = "3. bench/bench.py --device gpu (slm vs PyTorch CUDA, float32 / TF32 / float16)"
    if skipped(report, title, ["torch"], missing):
        return
    if report.dry:
        command = [PYTHON, "bench/bench.py", "--device", "cpu", "--sizes", "tiny", "--precisions", "float32,tf32",
                   "--steps", "1", "--rounds", "1", "--threads", "1"]
    else:
        command = [PYTHON, "bench/bench.py", "--device", "gpu", "--sizes", "default,15M,gpt2",
                   "--precisions", "float32,tf32,float16", "--steps", "5", "--rounds", "1"]
    status, seconds, body = run(command, timeout=report.left(190))
    report.stage(title, status, seconds, body + "\nTargets: float16 >= 1.8x float32 tok/s at 15M and gpt2, TF32 >= "
                 "1.3x, slm / PyTorch >= 1.0x in every row.\n")


def stage_write(report, missing):
    title = "4. bench/bench_write.py --device gpu (slm write() vs transformers generate())"
    if skipped(report, title, ["torch", "transformers"], missing):
        return
    device = ["--device", "cpu", "--tokens", "4", "--batches", "1", "--repeats", "1", "--threads", "1",
              *(f"--set={flag}" for flag in DRY_FLAGS + ["--ctx=64", f"--data={dry_stories(report)}"])] \
        if report.dry else ["--device", "gpu", "--tokens", "100", "--batches", "1,8", "--repeats", "2"]
    status, seconds, body = run([PYTHON, "bench/bench_write.py", *device], timeout=report.left(80))
    report.stage(title, status, seconds, body)


def dry_stories(report):
    """--dry's corpus: a small text file (the built-in corpus takes a while to make on a small CPU)."""
    text = report.folder / "stories.txt"
    text.write_text("".join(f"The cat sat on the mat. Story {i % 7} ends well.\n<|endoftext|>\n" for i in range(2000)))
    return text


def stage_main_job(report, missing):
    title = "5. the main job: train at the 15M shape on the built-in corpus, Ctrl-C, resume, write a story"
    if skipped(report, title, ["filelock"], missing):
        return
    t = time.time()
    out = report.folder / "main_job"
    data = report.folder / "prepared-data"
    flags = (DRY_FLAGS if report.dry else MAIN_FLAGS) + COMMON_FLAGS + [f"--out_dir={out}"]
    device = "--device=cpu" if report.dry else "--device=gpu"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SLM_DATA_DIR": str(data)}
    if report.dry:
        flags = [f for f in flags if not f.startswith("--data=")] + [f"--data={dry_stories(report)}"]
    stop_at = 8 if report.dry else 150
    command = [PYTHON, "slm.py", "train", device, *flags]
    lines, status = [], "passed"
    # first run: Ctrl-C (SIGINT) once the step-stop_at line is printed
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + report.left(90)   # the built-in corpus's tokens are made first
    sent = False
    for line in proc.stdout:
        lines.append(line.rstrip())
        if not sent and line.startswith("step") and int(line.split("|")[0].split()[1]) >= stop_at:
            proc.send_signal(signal.SIGINT)
            sent = True
        if time.time() > deadline:
            proc.kill()
            status = "FAILED (the first run ran out of its time)"
            break
    proc.wait()
    if status == "passed" and (not sent or not any("stopped by SIGINT" in ln for ln in lines)):
        status = f"FAILED (the first run did not stop on SIGINT: exit {proc.returncode})"
    # second run: resume to max_steps
    if status == "passed":
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=report.left(40))
        lines += ["", "--- resumed ---"] + done.stdout.splitlines() + done.stderr.splitlines()[-5:]
        if done.returncode != 0 or "resuming" not in done.stdout:
            status = f"FAILED (the resumed run: exit {done.returncode})"
    # a story from best.safetensors
    if status == "passed":
        done = subprocess.run([PYTHON, "slm.py", "write", device, f"--out_dir={out}", "--checkpoint=''",
                               "--temperature=0.8", "--top_k=0", "--top_p=0.95", "--sample_seed=1",
                               "--stop_at_end=True", "--n_samples=1"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=report.left(20))
        lines += ["", "--- write ---"] + done.stdout.splitlines() + done.stderr.splitlines()[-5:]
        if done.returncode != 0 or not done.stdout.strip():
            status = f"FAILED (write: exit {done.returncode})"
    report.stage(title, status, time.time() - t, f"`{' '.join(command)}`, SIGINT after step {stop_at}, the same "
                 f"command again (resume), then `slm.py write`\n\n" + fenced("\n".join(lines), 80))


def stage_data_parallel(report, missing):
    """Data-parallel training over NCCL: bench/check_nccl.py trains a few steps with the gradients through NCCL on one
    GPU (one rank) against the same steps with no collective, with and without ZeRO-1, and on 2+ GPUs
    `mpiexec -n 2` over NCCL against one process."""
    title = "6. data-parallel training over GPUs (NCCL: bench/check_nccl.py)"
    if skipped(report, title, ["cupy", "mpi4py"], missing):
        return
    if report.dry:   # NCCL needs a GPU: on the CPU the plumbing is that the script is there and imports
        status, seconds, body = run([PYTHON, "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())",
                                     str(ROOT / "bench" / "check_nccl.py")], timeout=report.left(30))
        report.stage(title, f"{status} (dry: check_nccl.py parsed; it needs a GPU to run)", seconds, body)
        return
    status, seconds, body = run([PYTHON, str(ROOT / "bench" / "check_nccl.py")], timeout=report.left(150))
    report.stage(title, status, seconds, body)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report_dir", help="folder for gpu_check.md (and the main job's run)")
    ap.add_argument("--dry", action="store_true", help="run the plumbing on the CPU at tiny sizes")
    args = ap.parse_args()
    report = Report(args.report_dir, args.dry)
    DATA_ENV["SLM_DATA_DIR"] = str(report.folder / "prepared-data")   # tokens go there, not under data/
    missing = missing_modules()
    print("missing: " + (", ".join(f"{m} (needed by stage {NEEDS[m]})" for m in missing) if missing else "nothing"),
          flush=True)
    if any(NEEDS[m] == "all" for m in missing):
        report.stage("0. what is installed", "FAILED: slm itself cannot run", 0, "missing: " + ", ".join(missing))
        return 1
    # 5 runs before 3 and 4: it makes the built-in corpus's tokens (under the report folder), which 4 then reuses
    for stage in (stage_versions, stage_tests, stage_main_job, stage_bench, stage_write, stage_data_parallel):
        try:
            stage(report, missing)
        except Exception as e:     # one broken stage must not hide the others' results
            report.stage(stage.__name__, f"FAILED ({type(e).__name__}: {e})", 0, "")
    report.write()
    print(f"report: {report.path}", flush=True)
    return 1 if any("FAILED" in line for line in report.summary) else 0


if __name__ == "__main__":
    sys.exit(main())
