"""bench/gpu_check.py, the one-command device check, runs its whole plumbing on the CPU (--dry), so it cannot rot
before a GPU comes; and a machine without a module it needs still runs the other stages and says what is missing."""
import subprocess
import sys
from pathlib import Path

import slm

ROOT = Path(slm.__file__).resolve().parent
sys.path.insert(0, str(ROOT / "bench"))
import gpu_check  # noqa: E402

STAGES = ["1. versions", "2. the CUDA tests", "3. bench/bench.py --device gpu", "4. bench/bench_write.py --device gpu",
          "5. the main job", "6. data-parallel training over GPUs (NCCL: bench/check_nccl.py)"]


def prepared_folders():
    folder = ROOT / "data" / "prepared"
    return set(folder.iterdir()) if folder.is_dir() else set()


def test_the_dry_run_writes_one_report_with_every_stage(tmp_path):
    before = prepared_folders()
    done = subprocess.run([sys.executable, "bench/gpu_check.py", "--dry", str(tmp_path / "report")], cwd=ROOT,
                          capture_output=True, text=True, timeout=480)
    report = (tmp_path / "report" / "gpu_check.md").read_text()
    assert done.returncode == 0, done.stdout + done.stderr + report
    assert done.stdout.startswith("missing: ")
    headers = [line for line in report.splitlines() if line.startswith("## ")]
    assert all(any(h[3:].startswith(stage) for stage in STAGES) for h in headers), headers
    assert sorted(h[3:5] for h in headers) == ["1.", "2.", "3.", "4.", "5.", "6."]
    for stage in STAGES:                        # each ran (or says which module it lacked), none failed
        row = next(line for line in report.splitlines() if line.startswith(f"| {stage}"))
        assert "| passed" in row or "| skipped:" in row, row
    assert "stopped by SIGINT" in report and "resuming" in report and "--- write ---" in report
    assert prepared_folders() == before                                   # tokens went under the report folder
    assert list((tmp_path / "report" / "prepared-data").iterdir())


def test_a_missing_module_skips_only_its_stage_and_names_it(tmp_path):
    report = gpu_check.Report(tmp_path, dry=True)
    gpu_check.stage_main_job(report, missing=["filelock"])
    gpu_check.stage_data_parallel(report, missing=["mpi4py"])
    text = (tmp_path / "gpu_check.md").read_text()
    assert "| 5. the main job" in text and "skipped: filelock not installed here" in text
    assert "| 6. data-parallel training over GPUs (NCCL: bench/check_nccl.py) | skipped: mpi4py not installed" in text
