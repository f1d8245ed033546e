from __future__ import annotations

import math

import numpy as np
import pytest

import tuner
from tuner._multi_objective import hypervolume, loss_reference_point
from tuner.samplers import GPSampler, RandomSampler
from tuner.samplers._gp._ehvi import LogEHVIAcquisition, nondominated_boxes
from tuner.samplers._gp._gp import fit_gp
from tuner.trial import TrialState

tuner.logging.set_verbosity(tuner.logging.WARNING)


def _hvi(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Hypervolume improvement of each row of ``y`` by the box formula (maximization)."""
    side = np.clip(np.minimum(y[:, None, :], upper) - lower, 0.0, None)
    return np.asarray(np.prod(side, axis=2).sum(axis=1))


def _random_front(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    # Points near a concave front, some dominated, some repeated.
    pts = np.abs(rng.standard_normal((n, k)))
    pts /= np.linalg.norm(pts, axis=1, keepdims=True)
    pts *= rng.uniform(0.7, 1.0, size=(n, 1))
    return np.concatenate([pts, pts[: n // 5]])


@pytest.mark.parametrize("k", [2, 3])
def test_boxes_cover_exactly_the_non_dominated_region(k: int) -> None:
    rng = np.random.default_rng(k)
    for n in (1, 5, 40, 100):
        front = _random_front(rng, n, k)
        ref = front.min(axis=0) - 0.1
        lower, upper = nondominated_boxes(front, ref)
        assert np.all(lower >= ref) and np.all(upper > lower)
        # Clipped to a box [ref, top], the boxes fill what the front leaves undominated.
        top = front.max(axis=0) + 0.3
        volume = np.sum(np.prod(np.minimum(upper, top) - lower, axis=1))
        hv = hypervolume(-front, -ref)
        assert volume == pytest.approx(np.prod(top - ref) - hv, rel=1e-10)
        # Improvement of new points (disjoint boxes: no volume is counted twice).
        y = ref + rng.random((20, k)) * (top - ref)
        exact = [hypervolume(-np.vstack([front, row]), -ref) - hv for row in y]
        np.testing.assert_allclose(_hvi(y, lower, upper), exact, rtol=1e-10, atol=1e-12)
    if k == 3:
        # Boxes persisting across slices are merged: linear, not quadratic, in the front.
        assert lower.shape[0] <= 2 * front.shape[0] + 1


def test_boxes_ignore_points_not_above_the_reference() -> None:
    lower, upper = nondominated_boxes(np.array([[2.0, -1.0], [1.0, 1.0]]), np.zeros(2))
    np.testing.assert_array_equal(lower, [[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(upper, [[np.inf, np.inf], [1.0, np.inf]])
    with pytest.raises(ValueError, match="reference"):
        nondominated_boxes(np.zeros((3, 2)), np.zeros(3))


def reference_point(y: np.ndarray) -> np.ndarray:
    """The reference point the sampler uses for maximized values ``y``."""
    return -loss_reference_point(-y)


def test_reference_point_is_dominated_by_every_observation() -> None:
    y = np.array([[0.0, 5.0], [2.0, 1.0], [1.0, 1.0]])
    ref = reference_point(y)
    np.testing.assert_allclose(ref, [-0.2, 0.6])
    assert np.all(y > ref)
    assert np.all(reference_point(np.zeros((3, 2))) < 0.0)


def _problem(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.random((14, 2))
    y = np.column_stack([np.sin(4 * x[:, 0]) + x[:, 1], np.cos(3 * x[:, 1]) - x[:, 0]])
    return x, (y - y.mean(axis=0)) / y.std(axis=0), np.array([False, False])


def test_log_ehvi_is_the_expectation_of_the_hypervolume_improvement() -> None:
    x, y, is_cat = _problem()
    gps = [fit_gp(x, y[:, j], is_cat, deterministic=False) for j in range(2)]
    ref = reference_point(y)
    acqf = LogEHVIAcquisition(gps, y, ref, [])
    lower, upper = nondominated_boxes(y, ref)
    xq = np.random.default_rng(1).random((4, 2))
    eps = np.random.default_rng(2).standard_normal((400_000, 2))
    for point, value in zip(xq, acqf.value(xq)):
        moments = [gp.predict(point[None, :]) for gp in gps]
        mean = np.array([m[0] for m, _ in moments])
        sd = np.sqrt([v[0] for _, v in moments])
        samples = _hvi(mean + sd * eps, lower, upper)
        stderr = samples.std() / math.sqrt(samples.size)
        assert abs(math.exp(value) - samples.mean()) < 4 * stderr + 1e-12


def test_log_ehvi_gradient_matches_finite_differences() -> None:
    x, y, is_cat = _problem()
    gps = [fit_gp(x, y[:, j], is_cat, deterministic=False) for j in range(2)]
    constraint = fit_gp(x, y[:, 0] - y[:, 1], is_cat, deterministic=False)
    acqf = LogEHVIAcquisition(gps, y, reference_point(y), [(constraint, 1.0)])
    dims = np.array([0, 1])
    xq = np.random.default_rng(3).random((6, 2))
    value, grad = acqf.value_and_grad(xq, dims)
    np.testing.assert_allclose(value, acqf.value(xq), rtol=1e-9)
    for j in dims:
        step = np.zeros_like(xq)
        step[:, j] = 1e-6
        numeric = (acqf.value(xq + step) - acqf.value(xq - step)) / 2e-6
        np.testing.assert_allclose(grad[:, j], numeric, rtol=1e-4, atol=1e-6)


def test_log_ehvi_is_finite_and_informative_far_below_the_front() -> None:
    x, y, is_cat = _problem()
    gps = [fit_gp(x, y[:, j], is_cat, deterministic=True) for j in range(2)]
    # A front far above anything the GPs predict: every posterior sample (and any plain
    # Monte-Carlo estimate) shows zero improvement, yet log EHVI must still guide.
    far = y + 40.0
    acqf = LogEHVIAcquisition(gps, far, reference_point(far), [])
    xq = np.random.default_rng(4).random((8, 2))
    value, grad = acqf.value_and_grad(xq, np.array([0, 1]))
    assert np.all(np.isfinite(value)) and np.all(value < -100.0)
    assert np.all(np.isfinite(grad)) and np.all(np.linalg.norm(grad, axis=1) > 0.0)
    # A small step along the gradient raises the value.
    moved = np.clip(xq + 1e-4 * grad / np.linalg.norm(grad, axis=1, keepdims=True), 0, 1)
    assert np.all(acqf.value(moved) > value)


def _zdt1(trial: tuner.Trial) -> tuple[float, float]:
    x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)]
    g = 1.0 + 9.0 * sum(x[1:]) / 3.0
    return x[0], g * (1.0 - math.sqrt(x[0] / g))


def test_beats_random_on_zdt1() -> None:
    hv: dict[str, list[float]] = {"gp": [], "random": []}
    ref = np.array([1.1, 11.0])
    for seed in range(3):
        for name, sampler in (
            ("gp", GPSampler(seed=seed, n_startup_trials=10)),
            ("random", RandomSampler(seed=seed)),
        ):
            study = tuner.create_study(directions=["minimize", "minimize"], sampler=sampler)
            study.optimize(_zdt1, n_trials=30)
            hv[name].append(hypervolume(np.array([t.values for t in study.trials]), ref))
    # The optimum is 12.1 - 1/3 = 11.767; random search stays around 9.5 after 30 trials.
    assert np.median(hv["gp"]) > np.median(hv["random"]) + 1.0
    assert np.median(hv["gp"]) > 11.5


def test_mixed_directions_are_respected() -> None:
    def objective(trial: tuner.Trial) -> tuple[float, float]:
        x, y = trial.suggest_float("x", 0.0, 1.0), trial.suggest_float("y", 0.0, 1.0)
        near = (x - 0.3) ** 2 + (y - 0.5) ** 2
        far = (x - 0.7) ** 2 + (y - 0.5) ** 2
        return near, -far  # minimize one distance, maximize minus the other

    study = tuner.create_study(
        directions=["minimize", "maximize"], sampler=GPSampler(seed=0, n_startup_trials=8)
    )
    study.optimize(objective, n_trials=24)
    late = [t.params for t in study.trials[8:]]
    # The Pareto set is the segment from (0.3, 0.5) to (0.7, 0.5); treating the second
    # objective as minimized would send proposals to the far corners instead.
    dist = [abs(p["y"] - 0.5) + max(0.3 - p["x"], 0.0, p["x"] - 0.7) for p in late]
    assert np.median(dist) < 0.05
    assert len(study.trials[-1].system_attrs["gp:hyperparams"]["objectives"]) == 2


def test_same_seed_same_trials_with_three_objectives() -> None:
    def objective(trial: tuner.Trial) -> tuple[float, float, float]:
        a = trial.suggest_float("a", 0.0, 1.0)
        b = trial.suggest_int("b", 0, 4)
        c = trial.suggest_categorical("c", ["u", "v"])
        return a + b, (1 - a) ** 2 + (c == "u"), abs(b - 2) + a * (c == "v")

    def run() -> list[dict[str, object]]:
        study = tuner.create_study(
            directions=["minimize"] * 3, sampler=GPSampler(seed=5, n_startup_trials=5)
        )
        study.optimize(objective, n_trials=10)
        return [t.params for t in study.trials]

    first = run()
    assert first == run()
    assert len({tuple(sorted(p.items())) for p in first}) > 7


def test_constraints_keep_the_front_feasible() -> None:
    def constraints(trial: tuner.trial.FrozenTrial) -> list[float]:
        return [1.0 - trial.params["x"] - trial.params["y"]]  # feasible when x + y >= 1

    sampler = GPSampler(seed=0, n_startup_trials=8, constraints_func=constraints)
    study = tuner.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(
        lambda t: (t.suggest_float("x", 0.0, 1.0), t.suggest_float("y", 0.0, 1.0)), n_trials=24
    )
    assert all(t.feasible for t in study.best_trials)
    # The unconstrained front is the corner (0, 0); the proposals go to the feasible front
    # x + y = 1 instead and spread along it.
    late = study.trials[8:]
    slack = np.array([t.params["x"] + t.params["y"] - 1.0 for t in late])
    assert np.mean(slack > -0.02) >= 0.75
    assert np.median(np.abs(slack)) < 0.05
    xs = [t.params["x"] for t in late if t.feasible]
    assert max(xs) - min(xs) > 0.5
    assert "constraints" in study.trials[-1].system_attrs["gp:hyperparams"]


def test_running_trials_are_conditioned_on() -> None:
    study = tuner.create_study(
        directions=["minimize", "maximize"],
        sampler=GPSampler(seed=0, n_startup_trials=5, deterministic_objective=True),
    )
    study.optimize(
        lambda t: (t.suggest_float("x", 0, 1) ** 2, t.suggest_float("y", 0, 1)), n_trials=7
    )
    first = study.ask()
    p1 = (first.suggest_float("x", 0, 1), first.suggest_float("y", 0, 1))
    second = study.ask()
    p2 = (second.suggest_float("x", 0, 1), second.suggest_float("y", 0, 1))
    assert study._storage.get_trial(first._trial_id).state == TrialState.RUNNING
    assert "gp:hyperparams" in study._storage.get_trial(second._trial_id).system_attrs
    assert max(abs(p1[0] - p2[0]), abs(p1[1] - p2[1])) > 1e-4
    study.tell(first, (p1[0] ** 2, p1[1]))
    study.tell(second, (p2[0] ** 2, p2[1]))


def test_warm_start_reads_both_stored_formats() -> None:
    study = tuner.create_study(sampler=GPSampler(seed=0, n_startup_trials=3))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)
    last = study.trials[-1]
    stored = last.system_attrs["gp:hyperparams"]
    assert set(stored) == {"space", "objective"}  # single-objective format is unchanged
    warm = GPSampler._warm_start([last], stored["space"])
    np.testing.assert_allclose(warm["objectives"][0], stored["objective"])
    last.system_attrs["gp:hyperparams"] = {
        "space": stored["space"],
        "objectives": [stored["objective"], [0.5, 0.0, -9.0]],
    }
    warm = GPSampler._warm_start([last], stored["space"])
    assert len(warm["objectives"]) == 2
    np.testing.assert_allclose(warm["objectives"][1], [0.5, 0.0, -9.0])
