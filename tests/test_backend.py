"""One code path for NumPy and CuPy: every xp.<name> slm.py uses exists in both."""
import ast
from pathlib import Path

import numpy
import pytest
from peers import require

import slm
import slm_cuda

SOURCE = Path(slm.__file__).read_text()


def xp_names():
    """Every dotted name under xp used in slm.py, like 'exp' or 'add.at'."""
    names = set()
    for node in ast.walk(ast.parse(SOURCE)):
        if isinstance(node, ast.Attribute):
            chain = []
            while isinstance(node, ast.Attribute):
                chain.append(node.attr)
                node = node.value
            if isinstance(node, ast.Name) and node.id == "xp":
                names.add(".".join(reversed(chain)))
    # keep only the longest chains: 'add.at' covers 'add'
    return {n for n in names if not any(o.startswith(n + ".") for o in names)}


def resolve(module, dotted):
    obj = module
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_slm_uses_a_nontrivial_set_of_xp_names():
    names = xp_names()
    assert {"exp", "sqrt", "zeros", "add.at", "maximum"} <= names


# used only when xp is CuPy: synchronising, and precision()'s cuBLAS settings (compute type, math mode)
CUPY_ONLY = {"cuda.Device", "cuda.cublas", "cuda.device.get_cublas_handle", "_core._routines_linalg"}


def test_every_xp_name_exists_in_cupy():
    cupy = require("cupy")
    missing = [n for n in sorted(xp_names() | CUPY_ONLY) if not _has(cupy, n)]
    assert not missing, f"not in CuPy: {missing}"
    linalg = cupy._core._routines_linalg
    assert callable(linalg.get_compute_type) and callable(linalg.set_compute_type) and linalg.COMPUTE_TYPE_TF32
    assert callable(cupy.cuda.cublas.getMathMode) and callable(cupy.cuda.cublas.setMathMode)


def test_every_xp_name_exists_in_numpy():
    missing = [n for n in sorted(xp_names()) if n not in CUPY_ONLY and not _has(numpy, n)]
    assert not missing


def _has(module, dotted):
    try:
        resolve(module, dotted)
        return True
    except AttributeError:
        return False


def test_cpu_backend_line():
    assert slm.use_backend("cpu") == "numpy (device = cpu)"
    assert slm.xp is numpy


def test_gpu_without_a_device_is_a_one_line_error(monkeypatch):
    cupy, reason = slm.find_gpu()
    if cupy is not None:        # a GPU is present: stand in for a machine without one (so CI never skips this)
        monkeypatch.setattr(slm, "find_gpu", lambda: (None, "no CUDA device: none found"))
    with pytest.raises(slm.SlmError) as e:
        slm.use_backend("gpu")
    assert "device = 'gpu'" in str(e.value) and "requirements-gpu.txt" in str(e.value)
    assert "\n" not in str(e.value)
    assert slm.use_backend("auto").startswith("numpy (")


def test_the_fused_kernels_follow_the_backend(monkeypatch):
    """Kernels checked on one array module (CuPy) are not called once use_backend("cpu") made xp NumPy: the NumPy
    layers run, and give their own result."""
    cupy_stand_in = object()                       # the module the kernels passed their self-check with
    monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(cupy_stand_in))
    monkeypatch.setattr(slm_cuda, "_launch", lambda *a: pytest.fail("a CUDA kernel was launched on NumPy arrays"))
    slm.use_backend("cpu")
    x = numpy.random.default_rng(0).normal(size=(2, 3, 8)).astype(numpy.float32)
    g, b = numpy.ones(8, numpy.float32), numpy.zeros(8, numpy.float32)
    assert not slm.kernel("layernorm_forward", x, g, b)
    out, _ = slm.layernorm_forward(x, g, b)
    numpy.testing.assert_allclose(out.mean(axis=-1), 0, atol=1e-6)
    monkeypatch.setattr(slm, "KERNELS", slm_cuda.kernels_for(slm.xp))   # checked with the module in use: they apply
    assert slm.kernel("layernorm_forward", x, g, b)
