from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pruning_benchmark_runs_with_tiny_sizes() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "pruning.py"),
            "--trials",
            "8",
            "--steps",
            "12",
            "--seeds",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["benchmark"] == "pruning"
    assert set(result["results"]) >= {"median", "hyperband", "wilcoxon"}
    assert result["results"]["nop"]["tuner"]["steps"] == 8 * 12
    assert "median" in out.stderr
