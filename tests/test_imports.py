"""Every module of the package imports on its own, first, in any order: no import cycle
depends on which module happens to be loaded first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Python runs a package's __init__ before any module inside it, so to import a module
# *first* the script registers a bare `tuner` package (its __init__ not run) and imports
# the module from there, clearing tuner's modules between attempts.
_SCRIPT = """
import importlib, pkgutil, sys, types
import tuner
path = list(tuner.__path__)
# Every package and top-level module; a module deeper down starts with its packages, so
# those cover the orders, except where a package loads a module lazily (RDB storage).
names = sorted(
    m.name for m in pkgutil.walk_packages(path, "tuner.")
    if ".alembic" not in m.name and (m.ispkg or m.name.count(".") == 1)
) + ["tuner.storages._rdb.storage"]
failed = []
for name in [*names, "tuner"]:
    for loaded in [m for m in sys.modules if m == "tuner" or m.startswith("tuner.")]:
        del sys.modules[loaded]
    if name != "tuner":
        bare = types.ModuleType("tuner")
        bare.__path__ = path
        sys.modules["tuner"] = bare
    try:
        importlib.import_module(name)
    except Exception as e:
        failed.append(f"{name}: {e!r}")
print(len(names))
print("\\n".join(failed))
"""


def test_each_module_imports_first_on_its_own() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    count, *failures = out.stdout.strip().splitlines()
    assert int(count) >= 18
    assert failures == []
