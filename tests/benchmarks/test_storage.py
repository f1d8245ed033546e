"""The storage benchmark still runs (tiny sizes; the figures themselves are not checked)."""

from __future__ import annotations

from tests._scripts import run_json_script


def test_storage_benchmark_smoke() -> None:
    result = run_json_script(
        "benchmarks/storage.py", "--trials", "8", "--read-trials", "20", "--workers", "2",
        "--no-postgres",
    )  # fmt: skip
    assert result["benchmark"] == "storage"
    for key in ("sqlite_1", "sqlite_2", "read_20"):
        assert result["tuner"][key] > 0 and result["optuna"][key] > 0
        assert result["speedup"][key] > 0
