"""What every benchmark script shares: its command line, threads, peers, timing and output.

A benchmark measures tuner as ``pip install tuner`` gives it, beside its peers (Optuna,
Hyperopt: the ``bench`` extra) in the same run, and reports ratios, since machines are
shared and noisy. Every script:

* builds its command line with :func:`parser` (which adds ``--pin-threads``);
* calls :func:`start` with the parsed arguments: it sets the threads, quiets the libraries'
  per-trial logs and says which peers are missing;
* gets the peer libraries it compares with from :func:`peers` (a missing one is skipped
  with a message naming the extra, never an error);
* times trials with :class:`TrialClock` (seconds per trial, the same way everywhere);
* prints its table to stderr and ONE JSON line to stdout with :func:`emit`.

Threads are left as the libraries set them by default, as a user has them: nothing is
pinned unless ``--pin-threads`` is given (then BLAS and OpenMP pools get one thread, for
runs that must not oversubscribe cores on a loaded machine; the JSON line says so).

Run a script from the repository root, with tuner installed (``pip install -e ".[bench]"``
or the ``dev`` extra): ``python benchmarks/overhead.py``. Its directory is on
``sys.path`` then, so scripts import this module and ``_functions`` as siblings.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any

# Peer libraries (and what a peer needs): import name -> how to install it.
PEER_INSTALL = {
    "optuna": 'pip install "tuner[bench]"',
    "hyperopt": 'pip install "tuner[bench]"',
    "torch": "pip install torch (Optuna's GPSampler needs it; see docs/gp.md)",
}
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_state: dict[str, Any] = {"pinned": False, "skipped": []}


def parser(description: str | None) -> argparse.ArgumentParser:
    """An argument parser with the options every benchmark has."""
    p = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--pin-threads",
        action="store_true",
        help="give BLAS and OpenMP one thread (default: the libraries' own defaults, as a "
        "user has them)",
    )
    return p


def start(args: argparse.Namespace) -> None:
    """Apply the common options and quiet per-trial logging; call once, first."""
    if getattr(args, "pin_threads", False):
        pin_threads()
    libraries(())


def pin_threads() -> None:
    """One BLAS/OpenMP thread in this process and in the processes it starts.

    The environment variables reach worker processes (spawned ones read them when their
    libraries load; forked ones inherit the limits) and libraries not loaded yet;
    threadpoolctl (when installed) limits the pools already loaded.
    """
    for name in _THREAD_VARIABLES:
        os.environ[name] = "1"
    try:
        threadpoolctl = importlib.import_module("threadpoolctl")
    except ImportError:
        pass
    else:
        threadpoolctl.threadpool_limits(1)
    _state["pinned"] = True


def peer(name: str) -> ModuleType | None:
    """The peer library ``name`` quieted, or None (with a message) when it is not installed."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        if name not in _state["skipped"]:
            _state["skipped"].append(name)
            how = PEER_INSTALL.get(name, 'pip install "tuner[bench]"')
            print(
                f"benchmark: {name} is not installed, so its side is skipped ({how})",
                file=sys.stderr,
            )
        return None
    if name == "optuna":
        module.logging.set_verbosity(module.logging.WARNING)
    return module


def peers(names: Iterable[str]) -> dict[str, ModuleType]:
    """The installed ones of the peer libraries ``names``, by name."""
    found = {name: peer(name) for name in names}
    return {name: module for name, module in found.items() if module is not None}


def optuna_gp() -> ModuleType | None:
    """Optuna, when it and the torch its GPSampler needs are both installed."""
    optuna = peer("optuna")
    return optuna if optuna is not None and peer("torch") is not None else None


def libraries(peer_names: Iterable[str] = ("optuna",)) -> dict[str, ModuleType]:
    """tuner first, then the installed peers (per-trial logs off in all): the libraries a
    side-by-side run compares. Worker processes call it too, to find their library."""
    import tuner

    tuner.logging.set_verbosity(tuner.logging.WARNING)
    return {"tuner": tuner, **peers(name for name in peer_names if name != "tuner")}


class TrialClock:
    """Seconds per trial, measured one way in every benchmark: wall-clock time from the
    start of ``study.optimize`` to the end of each trial, through an optimize callback.

    Example:
        >>> import tuner
        >>> clock = TrialClock()
        >>> study = tuner.create_study()
        >>> clock.start()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=20, callbacks=[clock])
        >>> clock.n_trials, clock.seconds_per_trial() > 0, clock.seconds_per_trial(at=20) > 0
        (20, True, True)
    """

    WINDOW = 10  # trials averaged around a mark

    def __init__(self) -> None:
        self._stamps: list[float] = []

    def start(self) -> None:
        self._stamps = [time.perf_counter()]

    def __call__(self, study: Any, trial: Any) -> None:
        self._stamps.append(time.perf_counter())

    @property
    def n_trials(self) -> int:
        return max(len(self._stamps) - 1, 0)

    def seconds_per_trial(self, at: int | None = None) -> float:
        """Over the whole run, or, with ``at``, the mean of the ``WINDOW`` trials ending at
        trial ``at`` (1-based): the cost at that point of a study whose trials get slower."""
        if at is None:
            return (self._stamps[-1] - self._stamps[0]) / max(self.n_trials, 1)
        if not self.WINDOW <= at <= self.n_trials:
            raise ValueError(f"A mark must be in [{self.WINDOW}, {self.n_trials}], got {at}.")
        return (self._stamps[at] - self._stamps[at - self.WINDOW]) / self.WINDOW


def time_optimize(study: Any, objective: Callable[[Any], Any], n_trials: int) -> TrialClock:
    """Run ``study.optimize`` under a :class:`TrialClock` and return the clock."""
    clock = TrialClock()
    clock.start()
    study.optimize(objective, n_trials=n_trials, callbacks=[clock])
    return clock


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator`` rounded to 3 places, or None when a side is missing."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round(numerator / denominator, 3)


def _versions(names: Sequence[str]) -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("tuner", "numpy", "scipy", *names):
        module = sys.modules.get(name)
        version = getattr(module, "__version__", None)
        if version is not None:
            out[name] = str(version)
    return out


def _finite(value: Any) -> Any:
    # JSON has no NaN or infinity: they go out as null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def emit(result: dict[str, Any]) -> None:
    """Print ``result`` as the one JSON line of the run, with how it ran."""
    result = dict(result)
    result["environment"] = {
        "threads": "pinned to 1" if _state["pinned"] else "library defaults",
        "skipped_peers": list(_state["skipped"]),
        "versions": _versions(list(PEER_INSTALL)),
    }
    print(json.dumps(_finite(result)))
    sys.stdout.flush()


def table(lines: Iterable[str]) -> None:
    """Print a human-readable table to stderr (stdout carries only the JSON line)."""
    print("\n".join(lines), file=sys.stderr)
