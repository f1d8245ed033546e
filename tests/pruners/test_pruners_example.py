from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_pruning_example_runs_with_tiny_sizes() -> None:
    pytest.importorskip("sklearn", reason="the example needs scikit-learn (tuner[examples])")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "pruning.py"), "--trials", "8", "--epochs", "4"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert "time saved" in out.stdout
    assert "no pruning" in out.stdout and "median pruner" in out.stdout
