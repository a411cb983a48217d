"""config.py and --name=value flags: values are checked, and every mistake is one line naming the fix."""
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DEFAULTS, default_flags

import slm

ROOT = Path(slm.__file__).resolve().parent


def test_the_frozen_defaults_name_every_flag_and_are_valid():
    """tests/helpers.py's DEFAULTS stand for config.py in every test: a new flag must be added there too."""
    assert list(DEFAULTS) == list(slm.FLAG_KINDS)
    cfg = slm.make_config(file_values=DEFAULTS)
    assert cfg.n_layer == 6 and cfg.decay_schedule == "alternating" and cfg.odd_layer_decay == 0.92
    assert cfg.relu_zone == (0.40, 0.60)
    assert vars(cfg) == {**DEFAULTS, "relu_zone": (0.40, 0.60)}


def test_the_shipped_config_py_runs_and_sets_every_flag_with_the_right_kind():
    """The user's config.py, whatever its values (users edit it): every flag set, each of the right kind."""
    values = slm.read_config_file()
    assert set(values) == set(slm.FLAG_KINDS)
    for name, value in values.items():
        slm.check_flag(name, value, "config.py")          # raises SlmError on a value of the wrong kind


def test_config_file_values_are_read_as_written(tmp_path):
    path = tmp_path / "config.py"
    path.write_text("".join(f"{name} = {value!r}   # a comment\n" for name, value in DEFAULTS.items())
                    + "import math\n_private = 3\nlr = 2 * 1e-3\n")
    values = slm.read_config_file(path)
    assert values == {**DEFAULTS, "lr": 2e-3}              # modules and _names are not flags
    path.write_text("n_layer = 6\nctx = (\n")
    with pytest.raises(slm.SlmError, match=r"config.py line 2 does not run .*fix that line"):
        slm.read_config_file(path)
    with pytest.raises(slm.SlmError, match="is missing: restore it from git"):
        slm.read_config_file(tmp_path / "none.py")


def test_flags_override_config_and_keep_types():
    cfg = slm.make_config(default_flags() + ["--lr=3e-4", "--n_layer=4", "--data=stories.txt", "--resume=False",
                           "--decay_schedule=[0,0.5,0,0.5]", "--relu_zone=(0.3,0.7)", "--lr=1"])
    assert cfg.lr == 1.0 and isinstance(cfg.lr, float)
    assert cfg.n_layer == 4 and cfg.data == "stories.txt" and cfg.resume is False
    assert cfg.decay_schedule == [0, 0.5, 0, 0.5] and cfg.relu_zone == (0.3, 0.7)


@pytest.mark.parametrize("flags, words", [
    (["--n_layers=4"], ["unknown flag --n_layers", "did you mean n_layer"]),
    (["--lr=fast"], ["lr = 'fast'", "must be a number"]),
    (["--n_layer=2.5"], ["n_layer", "whole number"]),
    (["--train=yes"], ["train", "True or False"]),
    (["--device=tpu"], ["device", "'auto', 'cpu', 'gpu'"]),
    (["--d_model=100", "--n_head=3"], ["d_model = 100 must divide by n_head = 3"]),
    (["--vocab_size=100"], ["vocab_size = 100", "257"]),
    (["--decay_schedule=[0.1,0.2]"], ["decay_schedule lists 2 values but n_layer = 6"]),
    (["--relu_zone=(0.7,0.3)"], ["relu_zone", "low < high"]),
    (["--label_smoothing=1.0"], ["label_smoothing = 1.0", "below 1"]),
    (["--label_smoothing=-0.1"], ["label_smoothing = -0.1", "at least 0"]),
    (["lr=3"], ["--name=value"]),
])
def test_bad_flags_are_one_line_errors(flags, words):
    with pytest.raises(slm.SlmError) as e:
        slm.make_config([f for f in flags if f.startswith("--")] or flags, file_values=DEFAULTS)
    message = str(e.value)
    assert "\n" not in message
    for w in words:
        assert w in message


def test_config_py_mistakes_are_named():
    values = dict(DEFAULTS)
    with pytest.raises(slm.SlmError, match="unknown flag 'n_heads'.*did you mean n_head"):
        slm.make_config(file_values={**values, "n_heads": 2})
    with pytest.raises(slm.SlmError, match=r"n_layer = '6' in config.py must be a whole number"):
        slm.make_config(file_values={**values, "n_layer": "6"})
    del values["ctx"]
    with pytest.raises(slm.SlmError, match="does not set ctx"):
        slm.make_config(file_values=values)


def run_slm(*args, cwd=ROOT):
    """python slm.py with every flag given (the frozen defaults, then args), so config.py's values play no part."""
    return subprocess.run([sys.executable, str(ROOT / "slm.py"), *default_flags(), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_command_line_errors_have_no_traceback():
    for args, words in [(["--n_layr=3"], "did you mean n_layer"), (["trian"], "did you mean train"),
                        (["write", "x", "many"], "not a whole number")]:
        r = run_slm(*args, "--device=cpu", "--out_dir=/nonexistent-slm-dir")
        assert r.returncode == 1, r
        assert "Traceback" not in r.stderr
        assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_help():
    r = run_slm("--help")
    assert r.returncode == 0 and "usage: python slm.py" in r.stdout
