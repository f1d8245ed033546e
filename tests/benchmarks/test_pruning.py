from __future__ import annotations

import json

from tests._scripts import run_script


def test_pruning_benchmark_runs_with_tiny_sizes() -> None:
    out = run_script("benchmarks/pruning.py", "--trials", "8", "--steps", "12", "--seeds", "1")
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.strip().splitlines()
    result = json.loads(line)
    assert result["benchmark"] == "pruning"
    assert set(result["results"]) >= {"median", "hyperband", "wilcoxon"}
    assert result["results"]["nop"]["tuner"]["steps"] == 8 * 12
    assert "median" in out.stderr
