"""The storage benchmark still runs (tiny sizes; the figures themselves are not checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_storage_benchmark_smoke() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "storage.py"), "--trials", "8",
         "--read-trials", "20", "--workers", "2", "--no-postgres"],
        capture_output=True, text=True, env=env, timeout=300, check=True,
    )  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["benchmark"] == "storage"
    for key in ("sqlite_1", "sqlite_2", "read_20"):
        assert result["tuner"][key] > 0 and result["optuna"][key] > 0
        assert result["speedup"][key] > 0
