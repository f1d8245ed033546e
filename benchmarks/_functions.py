"""Standard test functions for sampler benchmarks, each with its known optimum.

Every function is given three ways that evaluate the same mathematics:

* ``objective(trial)``: a define-by-run objective that works with a ``tuner`` or an
  ``optuna`` trial (the suggest API is the same);
* ``hyperopt_space()`` and ``hyperopt_objective(params)``: the same search space for
  Hyperopt's ``fmin`` and the objective on the dict Hyperopt samples;
* ``evaluate(params)``: the objective on a plain ``{name: value}`` dict.

All functions are minimised. ``FUNCTIONS`` maps a name to its :class:`BenchFunction`;
``continuous`` is True when every parameter is a (linear-scale) float, with ``bounds``
listing ``(name, low, high)`` per parameter.

    >>> f = FUNCTIONS["branin"]
    >>> round(f.evaluate({"x0": 3.14159265, "x1": 2.275}) - f.optimum, 6)
    0.0

Multi-objective problems (all objectives minimised) are at the end: :func:`zdt1` and
:func:`dtlz2` with 4 variables, and :func:`hypervolume_2d` to score a 2-objective run,
written here independently of either library's own hypervolume code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class BenchFunction:
    name: str
    evaluate: Callable[[dict[str, Any]], float]
    optimum: float
    continuous: bool
    bounds: tuple[tuple[str, float, float], ...] = field(default=())
    suggest: Callable[[Any], dict[str, Any]] | None = None

    @property
    def dim(self) -> int:
        return len(self.bounds) if self.continuous else 4

    def objective(self, trial: Any) -> float:
        """Objective for a tuner or an optuna trial."""
        if self.suggest is not None:
            return self.evaluate(self.suggest(trial))
        params = {name: trial.suggest_float(name, low, high) for name, low, high in self.bounds}
        return self.evaluate(params)

    def hyperopt_space(self) -> Any:
        from hyperopt import hp

        if not self.continuous:
            return _mixed_hyperopt_space()
        return {name: hp.uniform(name, low, high) for name, low, high in self.bounds}

    def hyperopt_objective(self, params: dict[str, Any]) -> float:
        if not self.continuous:
            return self.evaluate(_flatten_mixed(params))
        return self.evaluate(params)


def _vec(params: dict[str, Any], d: int) -> np.ndarray:
    return np.array([params[f"x{i}"] for i in range(d)], dtype=float)


def _box(d: int, low: float, high: float) -> tuple[tuple[str, float, float], ...]:
    return tuple((f"x{i}", low, high) for i in range(d))


def _sphere(params: dict[str, Any]) -> float:
    x = _vec(params, 5)
    return float(np.sum(x**2))


def _rosenbrock(params: dict[str, Any]) -> float:
    x = _vec(params, 4)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def _branin(params: dict[str, Any]) -> float:
    x1, x2 = float(params["x0"]), float(params["x1"])
    b = 5.1 / (4.0 * math.pi**2)
    c = 5.0 / math.pi
    t = 1.0 / (8.0 * math.pi)
    return (x2 - b * x1**2 + c * x1 - 6.0) ** 2 + 10.0 * (1.0 - t) * math.cos(x1) + 10.0


_HARTMANN_A = np.array(
    [
        [10.0, 3.0, 17.0, 3.5, 1.7, 8.0],
        [0.05, 10.0, 17.0, 0.1, 8.0, 14.0],
        [3.0, 3.5, 1.7, 10.0, 17.0, 8.0],
        [17.0, 8.0, 0.05, 10.0, 0.1, 14.0],
    ]
)
_HARTMANN_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)
_HARTMANN_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def _hartmann6(params: dict[str, Any]) -> float:
    x = _vec(params, 6)
    inner = np.sum(_HARTMANN_A * (x - _HARTMANN_P) ** 2, axis=1)
    return float(-np.sum(_HARTMANN_ALPHA * np.exp(-inner)))


def _styblinski_tang(params: dict[str, Any]) -> float:
    x = _vec(params, 10)
    return float(0.5 * np.sum(x**4 - 16.0 * x**2 + 5.0 * x))


def _ackley(params: dict[str, Any]) -> float:
    x = _vec(params, 5)
    d = len(x)
    a = -20.0 * math.exp(-0.2 * math.sqrt(float(np.sum(x**2)) / d))
    b = -math.exp(float(np.sum(np.cos(2.0 * math.pi * x))) / d)
    return a + b + 20.0 + math.e


# Mixed space: log-scale learning rate, an int, a categorical, and a float that exists
# only on the "b" branch. Optimum 0 at lr=1e-2, layers=7, kind="b", momentum=0.3.
_KIND_OFFSET = {"a": 0.5, "b": 0.0, "c": 1.0}


def _mixed(params: dict[str, Any]) -> float:
    value = (math.log10(float(params["lr"])) + 2.0) ** 2
    value += ((int(params["layers"]) - 7) / 4.0) ** 2
    kind = params["kind"]
    value += _KIND_OFFSET[kind]
    if kind == "b":
        value += 4.0 * (float(params["momentum"]) - 0.3) ** 2
    return value


def _mixed_suggest(trial: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "lr": trial.suggest_float("lr", 1e-5, 1.0, log=True),
        "layers": trial.suggest_int("layers", 1, 20),
        "kind": trial.suggest_categorical("kind", ["a", "b", "c"]),
    }
    if params["kind"] == "b":
        params["momentum"] = trial.suggest_float("momentum", -1.0, 1.0)
    return params


def _mixed_hyperopt_space() -> Any:
    from hyperopt import hp

    return {
        "lr": hp.loguniform("lr", math.log(1e-5), math.log(1.0)),
        "layers": hp.uniformint("layers", 1, 20),
        "kind": hp.choice(
            "kind",
            [
                {"kind": "a"},
                {"kind": "b", "momentum": hp.uniform("momentum", -1.0, 1.0)},
                {"kind": "c"},
            ],
        ),
    }


def _flatten_mixed(params: dict[str, Any]) -> dict[str, Any]:
    flat = {"lr": params["lr"], "layers": int(params["layers"])}
    flat.update(params["kind"])
    return flat


FUNCTIONS: dict[str, BenchFunction] = {
    f.name: f
    for f in [
        BenchFunction("sphere-5d", _sphere, 0.0, True, _box(5, -5.0, 5.0)),
        BenchFunction("rosenbrock-4d", _rosenbrock, 0.0, True, _box(4, -5.0, 10.0)),
        BenchFunction(
            "branin", _branin, 0.39788735772973816, True, (("x0", -5.0, 10.0), ("x1", 0.0, 15.0))
        ),
        BenchFunction("hartmann-6", _hartmann6, -3.3223680114155147, True, _box(6, 0.0, 1.0)),
        BenchFunction(
            "styblinski-tang-10d",
            _styblinski_tang,
            -39.16616570377142 * 10,
            True,
            _box(10, -5.0, 5.0),
        ),
        BenchFunction("ackley-5d", _ackley, 0.0, True, _box(5, -32.768, 32.768)),
        BenchFunction("mixed", _mixed, 0.0, False, (), _mixed_suggest),
    ]
}


# -- multi-objective problems ----------------------------------------------------------


def zdt1(trial: Any) -> tuple[float, float]:
    """ZDT1 with 4 variables in [0, 1]; the Pareto front is f2 = 1 - sqrt(f1)."""
    x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)]
    g = 1.0 + 9.0 * sum(x[1:]) / 3.0
    return x[0], g * (1.0 - math.sqrt(x[0] / g))


# Reference point for ZDT1 hypervolumes, and the hypervolume of the true front against it
# (the area under 1 - sqrt(f1) on [0, 1] is 1/3).
ZDT1_REFERENCE = (1.1, 11.0)
ZDT1_OPTIMUM = 1.1 * 11.0 - 1.0 / 3.0


def dtlz2(trial: Any) -> tuple[float, float, float]:
    """DTLZ2 with 4 variables in [0, 1] and 3 objectives; the front is the unit sphere's
    positive octant."""
    x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)]
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = 0.5 * math.pi * x[0], 0.5 * math.pi * x[1]
    r = 1.0 + g
    return r * math.cos(a) * math.cos(b), r * math.cos(a) * math.sin(b), r * math.sin(a)


def hypervolume_2d(points: np.ndarray, reference: tuple[float, float]) -> float:
    """Area dominated by ``points`` (rows of two minimised values) below ``reference``.

    >>> hypervolume_2d(np.array([[1.0, 2.0], [2.0, 1.0], [2.5, 2.5]]), (3.0, 3.0))
    3.0
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    pts = pts[(pts[:, 0] < reference[0]) & (pts[:, 1] < reference[1])]
    if len(pts) == 0:
        return 0.0
    pts = pts[np.lexsort((pts[:, 1], pts[:, 0]))]
    best_y = np.minimum.accumulate(pts[:, 1])
    widths = np.diff(np.append(pts[:, 0], reference[0]))
    return float(np.sum(widths * (reference[1] - best_y)))
