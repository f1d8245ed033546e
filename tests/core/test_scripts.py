"""The example and the overhead benchmark run end to end (tiny sizes), so they cannot rot."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_quickstart_runs() -> None:
    result = _run("examples/quickstart.py", "--trials", "10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("best value ")


def test_overhead_benchmark_prints_one_json_line() -> None:
    pytest.importorskip("optuna")
    result = _run("benchmarks/overhead.py", "--trials", "20", "--repeats", "1")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.strip().splitlines()
    report = json.loads(line)
    assert report["benchmark"] == "overhead"
    assert report["tuner_us_per_trial"] > 0 and report["optuna_us_per_trial"] > 0
