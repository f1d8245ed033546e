"""The example that draws the docs' pictures, and the benchmark's quick mode, run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._scripts import run_json_script, run_script


@pytest.mark.slow
def test_visualize_example_writes_every_picture(tmp_path: Path) -> None:
    out = run_script("examples/visualize.py", "--out", str(tmp_path), "--trials", "25")
    assert out.returncode == 0, out.stderr
    names = sorted(p.stem for p in tmp_path.glob("*.png"))
    assert names == sorted(
        [
            "contour",
            "edf",
            "hypervolume_history",
            "intermediate_values",
            "optimization_history",
            "parallel_coordinate",
            "param_importances",
            "pareto_front",
            "rank",
            "slice",
            "timeline",
        ]
    )
    assert all(p.stat().st_size > 5_000 for p in tmp_path.glob("*.png"))


@pytest.mark.slow
def test_benchmark_quick_mode_times_every_call_beside_optuna() -> None:
    result = run_json_script("benchmarks/visualization.py", "--quick")
    assert result["benchmark"] == "visualization"
    calls = result["results"]
    assert "plot_slice" in calls and "get_param_importances" in calls
    assert all(c["tuner_s"] > 0 for c in calls.values())
    assert all(c["optuna_s"] is not None and c["optuna_s"] > 0 for c in calls.values())
