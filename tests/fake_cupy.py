"""A NumPy-backed stand-in for the cupy module, so the GPU path's choices are tested on a machine without a GPU.

slm runs on it as its `xp` (it is not numpy, so every `xp is not numpy` branch is the CuPy one), and it records what
would cost time on a GPU, by the rules CuPy 14.2's cupy/_core/_routines_linalg.pyx follows:

- every matmul: operand shapes and dtypes, and which path CuPy would take. 2-D x 2-D is one cuBLAS GemmEx ("gemm"),
  which reads a
  C- or F-contiguous operand (a transposed view) in place and copies any other. With more axes CuPy first copies every
  operand that is not C-contiguous (ascontiguousarray), then runs gemmStridedBatchedEx ("strided-batched") when the
  batch axes match, or builds tables of matrix pointers (_mat_ptrs) for sgemmBatched ("pointer-batched") when an
  operand broadcasts, as a 2-D weight under a 3-D input does;
- each operand copy those rules make (its shape);
- each device-to-host transfer: .get(), float(), int(), bool(), an index, .item(), .tolist(), formatting or printing a
  device array, with the slm functions on the stack when it happened;
- each synchronize(), and precision()'s cuBLAS settings (compute type, math mode);
- each call CuPy would launch at least one kernel for: every ufunc call on a device array (its name, method and
  operand shapes) and every module function called (its name), so a test can count the passes over an array.

Arrays are DeviceArray, a numpy.ndarray subclass: every view, ufunc and reduction of one is one too, and a reduction
gives a 0-d array, not a host scalar, as on CuPy. What it cannot see: numpy.asarray(device_array) (CuPy refuses it;
slm moves arrays with to_host, which calls .get()).

    fake = FakeCupy()
    monkeypatch.setattr(slm, "xp", fake)
    ... fake.record.matmuls, fake.record.copies, fake.record.transfers, fake.record.ufuncs, fake.record.calls
"""
import sys
import types
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Matmul:
    path: str             # "gemm" | "strided-batched" | "pointer-batched"
    shapes: tuple         # (a.shape, b.shape)
    copied: list          # shapes of the operands CuPy would copy first
    dtypes: tuple = ()    # (a.dtype.name, b.dtype.name)


@dataclass
class Ufunc:
    name: str             # "multiply", "add", ...
    method: str           # "__call__", "reduce", "at", ...
    shapes: tuple         # the shapes of its array operands (inputs, then out)


@dataclass
class Transfer:
    how: str              # "get", "float", "bool", ...
    shape: tuple
    stack: tuple          # the slm functions on the stack, innermost first


@dataclass
class Record:
    matmuls: list = field(default_factory=list)
    copies: list = field(default_factory=list)        # shapes of every operand copy, all matmuls together
    transfers: list = field(default_factory=list)
    syncs: int = 0
    settings: list = field(default_factory=list)      # (what, value) of each cuBLAS setting, in order
    ufuncs: list = field(default_factory=list)        # every ufunc call on a device array (a Ufunc)
    calls: list = field(default_factory=list)         # the name of every module function called (fake.zeros, ...)
    on: bool = True                                   # record only while on

    def clear(self):
        self.matmuls.clear(), self.copies.clear(), self.transfers.clear(), self.settings.clear()
        self.ufuncs.clear(), self.calls.clear()
        self.syncs = 0


RECORD = Record()   # the stand-in's arrays are module-wide, so their record is too (FakeCupy() clears it)


def slm_stack():
    """Names of slm.py's functions on the call stack, innermost first."""
    names, frame = [], sys._getframe(2)
    while frame is not None:
        if frame.f_globals.get("__name__") == "slm":
            names.append(frame.f_code.co_name)
        frame = frame.f_back
    return tuple(names)


def _plain(a):
    return a.view(np.ndarray) if isinstance(a, DeviceArray) else a


def _device(a):
    if isinstance(a, DeviceArray):
        return a
    if isinstance(a, np.ndarray):
        return a.view(DeviceArray)
    if isinstance(a, (np.generic, bool, int, float)):
        return np.asarray(a).view(DeviceArray)
    if isinstance(a, tuple):
        return tuple(_device(x) for x in a)
    if isinstance(a, list):
        return [_device(x) for x in a]
    return a


def record_matmul(a, b):
    a, b = np.asarray(a), np.asarray(b)
    copied = []
    if max(a.ndim, b.ndim) <= 2:
        path = "gemm"
        copied = [x.shape for x in (a, b) if x.ndim == 2 and not (x.flags.c_contiguous or x.flags.f_contiguous)]
    else:
        copied = [x.shape for x in (a, b) if not x.flags.c_contiguous]
        batch_a, batch_b = a.shape[:-2], b.shape[:-2]
        same = a.ndim == b.ndim and batch_a == batch_b
        path = "strided-batched" if same else "pointer-batched"
    if RECORD.on:
        RECORD.matmuls.append(Matmul(path, (a.shape, b.shape), copied, (a.dtype.name, b.dtype.name)))
        RECORD.copies.extend(copied)


class DeviceArray(np.ndarray):
    """A NumPy array that stands for one in GPU memory: reading it on the host is recorded."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is np.matmul and method == "__call__":
            record_matmul(*inputs[:2])
        outs = kwargs.get("out")
        if RECORD.on:
            operands = [x for x in inputs + tuple(outs or ()) if isinstance(x, np.ndarray)]
            RECORD.ufuncs.append(Ufunc(ufunc.__name__, method, tuple(x.shape for x in operands)))
        if outs:
            kwargs["out"] = tuple(_plain(o) for o in outs)
        result = getattr(ufunc, method)(*(_plain(x) for x in inputs), **kwargs)
        if outs:
            return outs[0] if len(outs) == 1 else outs
        return None if result is None else _device(result)

    def _transfer(self, how):
        if RECORD.on:
            RECORD.transfers.append(Transfer(how, self.shape, slm_stack()))

    def get(self, *args, **kwargs):
        self._transfer("get")
        return np.array(self.view(np.ndarray))

    def __float__(self):
        self._transfer("float")
        return float(self.view(np.ndarray))

    def __int__(self):
        self._transfer("int")
        return int(self.view(np.ndarray))

    def __index__(self):
        self._transfer("index")
        return self.view(np.ndarray).__index__()

    def __bool__(self):
        self._transfer("bool")
        return bool(self.view(np.ndarray))

    def item(self, *args):
        self._transfer("item")
        return self.view(np.ndarray).item(*args)

    def tolist(self):
        self._transfer("tolist")
        return self.view(np.ndarray).tolist()

    def __format__(self, spec):
        self._transfer("format")
        return format(self.view(np.ndarray)[()] if self.ndim == 0 else self.view(np.ndarray), spec)

    def __repr__(self):
        self._transfer("repr")
        return "DeviceArray(" + repr(self.view(np.ndarray)) + ")"

    __str__ = __repr__


class _Device:
    def __init__(self, *args):
        pass

    def synchronize(self):
        if RECORD.on:
            RECORD.syncs += 1


class _Cublas:
    """cupy.cuda.cublas's math mode, remembered per handle."""
    CUBLAS_DEFAULT_MATH = 0
    CUBLAS_TENSOR_OP_MATH = 1

    def __init__(self):
        self.modes = {}

    def getMathMode(self, handle):
        return self.modes.get(handle, self.CUBLAS_DEFAULT_MATH)

    def setMathMode(self, handle, mode):
        self.modes[handle] = mode
        RECORD.settings.append(("math mode", mode))


class _Linalg:
    """cupy._core._routines_linalg's compute types, per dtype."""
    COMPUTE_TYPE_DEFAULT = 1
    COMPUTE_TYPE_TF32 = 7

    def __init__(self):
        self.types = {}

    def get_compute_type(self, dtype):
        return self.types.get(np.dtype(dtype).name, self.COMPUTE_TYPE_DEFAULT)

    def set_compute_type(self, dtype, compute_type):
        self.types[np.dtype(dtype).name] = compute_type
        RECORD.settings.append(("compute type " + np.dtype(dtype).name, compute_type))


class FakeCupy(types.ModuleType):
    """The stand-in module: numpy's names, with every array made or returned a DeviceArray; cuda.Device,
    cuda.cublas, cuda.device.get_cublas_handle and _core._routines_linalg as CuPy has them."""

    def __init__(self):
        super().__init__("fake_cupy")
        RECORD.clear()
        RECORD.on = True
        self.record = RECORD
        self.ndarray = DeviceArray
        self.cuda = types.SimpleNamespace(Device=_Device, cublas=_Cublas(),
                                          device=types.SimpleNamespace(get_cublas_handle=lambda: 1))
        self._core = types.SimpleNamespace(_routines_linalg=_Linalg())

    def asarray(self, a, dtype=None, order=None):
        """A copy on the 'device' (CuPy copies a host array there), or the device array itself."""
        if isinstance(a, DeviceArray) and (dtype is None or a.dtype == dtype):
            return a
        return np.array(_plain(a), dtype=dtype, copy=True).view(DeviceArray)

    def ascontiguousarray(self, a, dtype=None):
        out = np.ascontiguousarray(_plain(a), dtype=dtype)
        return out.view(DeviceArray)

    def __getattr__(self, name):
        obj = getattr(np, name)
        if isinstance(obj, (np.ufunc, type)) or not callable(obj):
            return obj

        def on_device(*args, **kwargs):
            if RECORD.on:
                RECORD.calls.append(name)
            return _device(obj(*args, **kwargs))
        on_device.__name__ = name
        return on_device
