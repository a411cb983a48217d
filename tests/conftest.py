import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root: slm.py and data/

from peers import pytest_make_collect_report, pytest_runtest_makereport  # noqa: E402,F401  (CI's skip rule)

import slm  # noqa: E402
import slm_numba  # noqa: E402


@pytest.fixture(autouse=True)
def numpy_backend():
    """Every test starts on NumPy, the path CI runs, whatever the test before it chose. A test that wants the GPU asks
    for it itself (tests/test_kernels.py's device fixture, which runs after this one)."""
    slm.use_backend("cpu")
    slm.KERNELS.clear()     # the layers' own code unless a test asks for slm_numba's kernels
    yield
    slm.KERNELS.clear()


@pytest.fixture(params=["numpy", "numba"])
def layers(request):
    """Run the test twice: on section 4's NumPy layers, and with slm_numba's kernels on (cpu_kernels =
    'numba'). Without numba the second run skips (fails under SLM_REQUIRE_PEERS=1: numba is in requirements.txt)."""
    if request.param == "numba":
        from peers import require
        require("numba")
        for dtype in ("float32", "float64"):     # each dtype's kernels pass their own check
            assert slm_numba.enable_cpu_kernels("numba", log=lambda line: None, dtype=dtype, decode=True)
    return request.param


@pytest.fixture(scope="module")
def story_file(tmp_path_factory):
    """helpers.story_text(): 400 short stories, easy to learn, to train on."""
    from helpers import story_text
    path = tmp_path_factory.mktemp("text") / "stories.txt"
    path.write_text(story_text(400))
    return path


@pytest.fixture
def prepared_data_in_tmp(tmp_path_factory, monkeypatch):
    """Prepared token files go to the session's temporary folder, never to data/ (shared by the tests that use it)."""
    monkeypatch.setenv("SLM_DATA_DIR", str(tmp_path_factory.getbasetemp() / "prepared-data"))
