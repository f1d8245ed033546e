"""Run the project's example and benchmark scripts as a user would, from the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_script(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python <args>`` in the repository root, with the checkout importable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def run_json_script(*args: str, timeout: float = 300) -> dict[str, Any]:
    """Run a benchmark script; it must succeed and print exactly one JSON line."""
    out = run_script(*args, timeout=timeout)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, out.stdout
    result: dict[str, Any] = json.loads(lines[0])
    return result
