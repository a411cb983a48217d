"""tests/peers.py: a missing peer skips its tests, except in CI (SLM_REQUIRE_PEERS=1), where it fails them."""
import pytest
from peers import require


def test_a_present_peer_is_returned():
    assert require("json").dumps([1]) == "[1]"


def test_a_missing_peer_skips_with_the_fix(monkeypatch):
    monkeypatch.delenv("SLM_REQUIRE_PEERS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no_such_peer_xyz .*requirements-dev.txt"):
        require("no_such_peer_xyz")


def test_a_missing_peer_fails_when_peers_are_required(monkeypatch):
    monkeypatch.setenv("SLM_REQUIRE_PEERS", "1")
    with pytest.raises(pytest.fail.Exception, match="SLM_REQUIRE_PEERS=1 and no_such_peer_xyz"):
        require("no_such_peer_xyz")


def test_under_require_peers_every_skip_but_no_cuda_device_fails(tmp_path):
    """tests/conftest.py's hook, run on a small suite of its own: a skip in a test, in a fixture and of a whole module
    fails under SLM_REQUIRE_PEERS=1; the CUDA-device runs' "no CUDA device" still skips. Without it, all skip."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    here = Path(__file__).parent                      # the hooks tests/conftest.py takes from tests/peers.py
    (tmp_path / "conftest.py").write_text(f"import sys\nsys.path.insert(0, {str(here)!r})\n"
                                          "from peers import pytest_make_collect_report, pytest_runtest_makereport\n")
    (tmp_path / "test_some.py").write_text(
        "import pytest\n"
        "@pytest.fixture\n"
        "def compiler():\n"
        "    pytest.skip('no g++ to run the kernels on the CPU')\n"
        "def test_passes():\n    pass\n"
        "def test_skips_in_the_test():\n    pytest.skip('matplotlib is not installed')\n"
        "def test_skips_in_a_fixture(compiler):\n    pass\n"
        "def test_on_a_gpu():\n    pytest.skip('no CUDA device')\n")
    (tmp_path / "test_module.py").write_text("import pytest\npytest.skip('torch is missing', allow_module_level=True)\n"
                                             "def test_never():\n    pass\n")

    def outcomes(required):
        env = {k: v for k, v in os.environ.items() if k != "SLM_REQUIRE_PEERS"}
        if required:
            env["SLM_REQUIRE_PEERS"] = "1"
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider",
                            "--continue-on-collection-errors", str(tmp_path)],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        return r.stdout.splitlines()[-1], r.stdout
    summary, out = outcomes(required=False)
    assert summary.startswith("1 passed, 4 skipped"), out
    summary, out = outcomes(required=True)
    assert summary.startswith("1 failed, 1 passed, 1 skipped, 2 errors"), out   # a setup or import failure: error
    assert "FAILED test_some.py::test_skips_in_the_test" in out
    assert "ERROR test_some.py::test_skips_in_a_fixture" in out and "ERROR test_module.py" in out
    assert "SKIPPED [1] test_some.py:12: no CUDA device" in out
    assert "SLM_REQUIRE_PEERS=1, so this skip fails: Skipped: matplotlib is not installed" in out
