"""The peers slm is checked against (PyTorch, Hugging Face transformers, CuPy): skipped where missing, required in CI.

    torch = require("torch")        # at the top of a test module, or inside one test
"""
import importlib
import os

import pytest


def require(module_name):
    """The module, imported. When it is missing (or fails to import): if SLM_REQUIRE_PEERS=1 (CI sets it), fail
    loudly; otherwise skip, with the reason and the fix. At a module's top level it fails or skips the whole module."""
    try:
        return importlib.import_module(module_name)
    except Exception as e:    # ImportError, or a broken install raising anything at import
        problem = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    reason = f"{module_name} does not import ({problem}); install the peers with `pip install -r requirements-dev.txt`"
    if os.environ.get("SLM_REQUIRE_PEERS") == "1":
        pytest.fail(f"SLM_REQUIRE_PEERS=1 and {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


# CI sets SLM_REQUIRE_PEERS=1: there every test must run. A skip there (no g++ for the host-emulated kernels, no
# matplotlib, no torch...) would let the README's claims rest on tests that never ran, so it fails instead. The one
# skip CI allows is the lack of a GPU: the CUDA-device runs of tests/test_kernels.py say "no CUDA device".
ALLOWED_SKIP = "no CUDA device"


def skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:     # (file, line, "Skipped: reason")
        return str(longrepr[2])
    return str(longrepr)


def fail_the_skip(report):
    reason = skip_reason(report)
    if (os.environ.get("SLM_REQUIRE_PEERS") == "1" and report.skipped and not hasattr(report, "wasxfail")
            and ALLOWED_SKIP not in reason):
        report.outcome = "failed"
        report.longrepr = (f"SLM_REQUIRE_PEERS=1, so this skip fails: {reason} "
                           f"(in CI every test must run; only '{ALLOWED_SKIP}' may skip)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    fail_the_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    fail_the_skip(outcome.get_result())     # a whole module skipped at import
