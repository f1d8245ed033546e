"""The examples run end to end at tiny sizes, so they cannot rot."""

from __future__ import annotations

import pytest

from tests._scripts import run_script


def test_pruning_example_runs_with_tiny_sizes() -> None:
    pytest.importorskip("sklearn", reason="the example needs scikit-learn (tuner[examples])")
    out = run_script("examples/pruning.py", "--trials", "8", "--epochs", "4")
    assert out.returncode == 0, out.stderr
    assert "time saved" in out.stdout
    assert "no pruning" in out.stdout and "median pruner" in out.stdout


def test_quickstart_runs() -> None:
    result = run_script("examples/quickstart.py", "--trials", "10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("best value ")
