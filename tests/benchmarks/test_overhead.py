"""The overhead benchmark runs end to end (tiny sizes), so it cannot rot."""

from __future__ import annotations

import pytest

from tests._scripts import run_json_script


def test_overhead_benchmark_prints_one_json_line() -> None:
    pytest.importorskip("optuna")  # the peer, so that its column is filled
    report = run_json_script("benchmarks/overhead.py", "--trials", "20", "--repeats", "1")
    assert report["benchmark"] == "overhead"
    assert report["tuner_us_per_trial"] > 0 and report["optuna_us_per_trial"] > 0
    # As a user runs it: nothing pinned, no peer skipped.
    assert report["environment"]["threads"] == "library defaults"
    assert report["environment"]["skipped_peers"] == []
