"""The shared benchmark runner: timing, peers that are missing, threads, the JSON line."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType

import pytest

import tuner
from tests._scripts import ROOT, run_json_script


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_runner", ROOT / "benchmarks" / "_runner.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_trial_clock_gives_seconds_per_trial_overall_and_at_a_mark() -> None:
    runner = _runner()
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    clock = runner.time_optimize(study, lambda t: t.suggest_float("x", 0, 1), 25)
    assert clock.n_trials == 25
    overall, at_20 = clock.seconds_per_trial(), clock.seconds_per_trial(at=20)
    assert overall > 0 and at_20 > 0
    with pytest.raises(ValueError, match="mark"):
        clock.seconds_per_trial(at=5)  # needs ten trials before the mark
    with pytest.raises(ValueError, match="mark"):
        clock.seconds_per_trial(at=26)


def test_emit_prints_one_json_line_without_nan(capsys: pytest.CaptureFixture[str]) -> None:
    runner = _runner()
    runner.emit({"benchmark": "x", "value": math.nan, "nested": {"v": [math.inf, 1.0]}})
    (line,) = capsys.readouterr().out.strip().splitlines()
    result = json.loads(line)
    assert result["value"] is None and result["nested"]["v"] == [None, 1.0]
    assert result["environment"]["threads"] == "library defaults"
    assert runner.ratio(1.0, None) is None and runner.ratio(1.0, 4.0) == 0.25


def test_pinning_threads_is_opt_in_and_a_missing_peer_is_skipped(tmp_path: Path) -> None:
    # A stand-in that fails to import, as Optuna does when it is not installed. (The run
    # without options, in test_overhead.py, leaves threads at the libraries' defaults.)
    (tmp_path / "optuna").mkdir()
    (tmp_path / "optuna" / "__init__.py").write_text("raise ImportError('not installed')\n")
    report = run_json_script(
        "benchmarks/overhead.py", "--trials", "10", "--repeats", "1", "--pin-threads",
        path=[tmp_path],
    )  # fmt: skip
    assert report["tuner_us_per_trial"] > 0
    assert report["optuna_us_per_trial"] is None and report["tuner_to_optuna_ratio"] is None
    assert report["environment"]["skipped_peers"] == ["optuna"]
    assert report["environment"]["threads"] == "pinned to 1"


def test_no_benchmark_patches_sys_path_pins_threads_or_imports_private_tuner_code() -> None:
    for script in (ROOT / "benchmarks").glob("*.py"):
        text = script.read_text()
        assert "sys.path.insert" not in text, script.name
        assert "NUM_THREADS" not in text or script.name == "_runner.py", script.name
        assert "from tuner._" not in text and "import tuner._" not in text, script.name
        if script.name not in ("_runner.py", "_functions.py"):
            assert "import _runner" in text, f"{script.name} does not use the runner"
