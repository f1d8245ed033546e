"""The example and the overhead benchmark run end to end (tiny sizes), so they cannot rot."""

from __future__ import annotations

import pytest

from tests._scripts import run_json_script, run_script


def test_quickstart_runs() -> None:
    result = run_script("examples/quickstart.py", "--trials", "10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("best value ")


def test_overhead_benchmark_prints_one_json_line() -> None:
    pytest.importorskip("optuna")
    report = run_json_script("benchmarks/overhead.py", "--trials", "20", "--repeats", "1")
    assert report["benchmark"] == "overhead"
    assert report["tuner_us_per_trial"] > 0 and report["optuna_us_per_trial"] > 0
