from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, out.stdout
    result: dict[str, object] = json.loads(lines[0])
    return result


def test_sampler_benchmark_runs_with_tiny_sizes() -> None:
    result = _run(
        "benchmarks/samplers.py",
        "--seeds", "1",
        "--trials", "4,6",
        "--functions", "branin,mixed",
        "--samplers", "tuner-tpe,tuner-tpe-mv,random",
        "--workers", "1",
    )  # fmt: skip
    regret = result["median_regret"]
    assert isinstance(regret, dict)
    assert set(regret) == {"branin", "mixed"}
    assert set(regret["branin"]) == {"tuner-tpe", "tuner-tpe-mv", "random"}
    assert all(v >= 0 for v in regret["mixed"]["random"].values())


def test_sampler_cost_benchmark_runs_with_tiny_sizes() -> None:
    result = _run("benchmarks/sampler_cost.py", "--trials", "12", "--dims", "2")
    assert set(result["ratio_tuner_over_optuna"]) == {"univariate", "multivariate"}  # type: ignore[arg-type]


def test_gp_suite_runs_with_tiny_sizes() -> None:
    result = _run(
        "benchmarks/samplers.py",
        "--suite", "gp",
        "--samplers", "tuner-gp,random",
        "--seeds", "1",
        "--trials", "11,12",
        "--functions", "branin",
        "--workers", "1",
    )  # fmt: skip
    regret = result["median_regret"]
    assert isinstance(regret, dict)
    assert set(regret["branin"]) == {"tuner-gp", "random"}
    assert set(regret["branin"]["tuner-gp"]) == {"11", "12"}


def test_gp_cost_benchmark_runs_with_tiny_sizes() -> None:
    result = _run(
        "benchmarks/gp.py", "--samplers", "tuner-gp", "--trials", "11", "--dims", "2",
        "--workers", "1",
    )  # fmt: skip
    seconds = result["seconds_per_trial"]
    assert isinstance(seconds, dict)
    assert seconds["2d"]["tuner-gp"]["11"] > 0
