"""slm's shape: slm.py is the core and the one script the user runs; each optional part is a module beside it that
reaches the core through `import slm` and shares its one state; the layers name no backend, and no part assigns the
core's globals."""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import default_flags, train_small_model

import slm

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("slm_cuda", "slm_numba", "slm_study", "slm_hf", "slm_ranks", "slm_serve")
SITECUSTOMIZE = '''
import atexit, json, os, sys

def report():
    main, core = sys.modules["__main__"], sys.modules.get("slm")
    numba_part = sys.modules.get("slm_numba")
    with open(os.environ["SLM_STATE_REPORT"], "w") as f:
        json.dump({"slm_is_main": core is main,
                   "part_sees_main": numba_part is not None and numba_part.slm is main,
                   "kernels_in_main": sorted({key[0] for key in getattr(main, "KERNELS", {})}),
                   "parts_loaded": sorted(m for m in sys.modules if m.startswith("slm_"))}, f)

atexit.register(report)
'''


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    return train_small_model(tmp_path_factory.mktemp("layout"))


def test_python_slm_py_and_its_parts_share_one_state(trained, tmp_path):
    """Under `python slm.py` the core runs as __main__. A part's `import slm` must get that module, not a second copy
    with its own registry: the kernels slm_numba registers at start-up are then the ones the running script's layers
    find (a second copy would leave the script's registry empty and its layers on NumPy, silently)."""
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE)
    report = tmp_path / "report.json"
    env = {**__import__("os").environ, "PYTHONPATH": str(tmp_path), "SLM_STATE_REPORT": str(report)}
    r = subprocess.run([sys.executable, str(ROOT / "slm.py"), "write", "Once upon a time", "5",
                        *default_flags(device="cpu", out_dir=trained.out_dir, ctx=trained.ctx, cpu_kernels="numba")],
                       capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    state = json.loads(report.read_text())
    assert state["slm_is_main"] and state["part_sees_main"], state
    assert {"attention_forward", "decode_step", "adamw_step"} <= set(state["kernels_in_main"]), state
    assert state["parts_loaded"] == ["slm_numba"], state        # writing loads no other part


def test_import_slm_loads_no_part():
    r = subprocess.run([sys.executable, "-c", "import sys, slm; print(sorted(m for m in sys.modules "
                        "if m.startswith('slm_')))"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def core_sections():
    """{section number: its source} of slm.py's numbered sections."""
    text = (ROOT / "slm.py").read_text()
    sections, number = {}, None
    for line in text.splitlines():
        head = line[2:].split(".", 1)[0] if line.startswith("# ") else ""
        if head.isdigit() and line[2 + len(head):].startswith(". "):
            number = int(head)
            sections[number] = []
        elif number is not None:
            sections[number].append(line)
    return {k: "\n".join(v) for k, v in sections.items()}


def test_the_layers_model_and_optimizer_name_no_backend():
    """Sections 4-6 ask the kernel registry (kernel()) and never call a kernel module's function by name."""
    sections = core_sections()
    assert set(sections) == set(range(1, 11))
    names = {node.name for part in PARTS if (ROOT / f"{part}.py").exists()
             for node in ast.parse((ROOT / f"{part}.py").read_text()).body
             if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    for number in (4, 5, 6):
        used = {node.id for node in ast.walk(ast.parse(sections[number])) if isinstance(node, ast.Name)}
        assert not used & names, (number, used & names)
        assert "_gpu(" not in sections[number] and "_cpu(" not in sections[number]


@pytest.mark.parametrize("part", PARTS)
def test_a_part_never_assigns_the_core_s_state(part):
    tree = ast.parse((ROOT / f"{part}.py").read_text())
    assigned = [node for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AugAssign))
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                and target.value.id == "slm"]
    assert not assigned, [ast.unparse(node) for node in assigned]
    assert "import slm" in (ROOT / f"{part}.py").read_text()


def test_the_core_keeps_its_state_in_section_1():
    """Every `global` statement in slm.py is in section 1 (backend, registry, threads)."""
    sections = core_sections()
    for number, source in sections.items():
        if number != 1:
            assert "    global " not in source, number
    assert all(name in sections[1] for name in ("xp = numpy", "KERNELS = {}", "THREADS = "))
    assert slm.__name__ == "slm"
