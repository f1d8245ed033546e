"""The sampler benchmarks run end to end at tiny sizes, so they cannot rot."""

from __future__ import annotations

from tests._scripts import run_json_script


def test_sampler_benchmark_runs_with_tiny_sizes() -> None:
    result = run_json_script(
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
    result = run_json_script("benchmarks/sampler_cost.py", "--trials", "12", "--dims", "2")
    assert set(result["ratio_tuner_over_optuna"]) == {"univariate", "multivariate"}  # type: ignore[arg-type]


def test_gp_suite_runs_with_tiny_sizes() -> None:
    result = run_json_script(
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
    result = run_json_script(
        "benchmarks/gp.py", "--samplers", "tuner-gp", "--trials", "11", "--dims", "2",
        "--workers", "1",
    )  # fmt: skip
    seconds = result["seconds_per_trial"]
    assert isinstance(seconds, dict)
    assert seconds["2d"]["tuner-gp"]["11"] > 0


def test_gp_multi_objective_benchmark_runs_with_tiny_sizes() -> None:
    result = run_json_script(
        "benchmarks/gp_multi_objective.py",
        "--seeds", "1",
        "--trials", "12",
        "--samplers", "tuner-gp", "tuner-random",
        "--cost-trials", "11",
    )  # fmt: skip
    hypervolume = result["hypervolume"]
    assert set(hypervolume) == {"tuner-gp", "tuner-random"}
    assert 0.0 < hypervolume["tuner-gp"]["median"] < result["optimum"]
    assert result["cost_seconds_per_proposal"]["3obj-dtlz2"]["tuner-gp"]["11"] > 0.0
