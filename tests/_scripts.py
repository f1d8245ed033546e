"""Run the project's example and benchmark scripts as a user would, from the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_script(
    *args: str, timeout: float = 300, path: Sequence[Path] = ()
) -> subprocess.CompletedProcess[str]:
    """``python <args>`` in the repository root, with the checkout importable (after the
    directories of ``path``, which come first)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, [*path, ROOT]))}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def run_json_script(*args: str, timeout: float = 300, path: Sequence[Path] = ()) -> dict[str, Any]:
    """Run a benchmark script; it must succeed and print exactly one JSON line."""
    out = run_script(*args, timeout=timeout, path=path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, out.stdout
    result: dict[str, Any] = json.loads(lines[0])
    return result
