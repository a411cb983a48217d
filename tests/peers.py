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
