"""Draw every figure of tuner.visualization for a real study and save them as PNG files.

The study tunes a simulated training run: learning rate (log scale), layers, units (log
scale), dropout, optimizer (categorical) and, for SGD only, momentum (a conditional
parameter). Each trial reports a validation loss per epoch, so unpromising ones are pruned.
A second, two-objective study (loss vs. model size) feeds the Pareto front and the
hypervolume history.

    python examples/visualize.py                  # writes docs/images/visualization/*.png
    python examples/visualize.py --out /tmp/figs --trials 60

The PNGs are drawn with the matplotlib backend (``tuner.visualization.matplotlib``), which
needs no browser; the plotly figures (``tuner.visualization``) show the same data.
Needs ``pip install "tuner[plot]"``.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no window

import matplotlib.pyplot as plt

import tuner
from tuner.visualization import matplotlib as tvm

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "images" / "visualization"


def simulated_loss(trial: tuner.Trial) -> tuple[float, float]:
    """A smooth, noisy stand-in for a training run: (final validation loss, model size)."""
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 6)
    units = trial.suggest_int("units", 16, 1024, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.05)
    optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd", "rmsprop"])
    momentum = trial.suggest_float("momentum", 0.0, 0.99) if optimizer == "sgd" else 0.9
    rate_penalty = (math.log10(lr) + 3.0) ** 2 * 0.08
    capacity = abs(math.log2(units) - 7.5) * 0.05 + abs(layers - 3) * 0.04
    opt_penalty = {"adam": 0.0, "sgd": 0.12 * (1.2 - momentum), "rmsprop": 0.05}[optimizer]
    floor = 0.1 + rate_penalty + capacity + opt_penalty + (dropout - 0.2) ** 2 * 0.4
    loss = 2.0
    for epoch in range(10):
        loss = floor + (2.0 - floor) * math.exp(-(epoch + 1) * 0.35)
        loss += 0.02 * math.sin(epoch * 1.7 + units)
        time.sleep(0.002)  # an epoch takes a moment, so the timeline has bars to show
        trial.report(loss, epoch)
        if trial.should_prune():
            raise tuner.TrialPruned()
    size = layers * units / 100  # hundreds of units in all layers
    return loss, size


def build_studies(n_trials: int) -> tuple[tuner.Study, tuner.Study]:
    single = tuner.create_study(
        study_name="simulated-training",
        sampler=tuner.samplers.TPESampler(seed=1, warn_independent_sampling=False),
        pruner=tuner.pruners.MedianPruner(n_startup_trials=10, n_warmup_steps=3),
    )
    single.optimize(lambda t: simulated_loss(t)[0], n_trials=n_trials)
    multi = tuner.create_study(
        study_name="loss-vs-size",
        directions=["minimize", "minimize"],
        sampler=tuner.samplers.TPESampler(seed=2, warn_independent_sampling=False),
    )
    multi.set_metric_names(["validation loss", "model size"])

    def two_objectives(trial: tuner.Trial) -> tuple[float, float]:
        trial.report = lambda *_: None  # type: ignore[method-assign]  # no pruning here
        trial.should_prune = lambda: False  # type: ignore[method-assign]
        return simulated_loss(trial)

    multi.optimize(two_objectives, n_trials=n_trials)
    return single, multi


def draw_all(single: tuner.Study, multi: tuner.Study, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    figures = {
        "optimization_history": lambda: tvm.plot_optimization_history(single),
        "intermediate_values": lambda: tvm.plot_intermediate_values(single),
        "edf": lambda: tvm.plot_edf(single),
        "slice": lambda: tvm.plot_slice(single, params=["lr", "units", "dropout", "optimizer"]),
        "contour": lambda: tvm.plot_contour(single, params=["lr", "units"]),
        "parallel_coordinate": lambda: tvm.plot_parallel_coordinate(single),
        "param_importances": lambda: tvm.plot_param_importances(single),
        "rank": lambda: tvm.plot_rank(single, params=["lr", "units", "layers"]),
        "timeline": lambda: tvm.plot_timeline(single, n_recent_trials=40),
        "pareto_front": lambda: tvm.plot_pareto_front(multi),
        "hypervolume_history": lambda: tvm.plot_hypervolume_history(multi, [2.5, 70.0]),
    }
    written = []
    for name, draw in figures.items():
        result = draw()
        axes = result.flat[0] if hasattr(result, "flat") else result
        path = out / f"{name}.png"
        axes.figure.savefig(path, dpi=80)
        plt.close(axes.figure)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--trials", type=int, default=150)
    args = parser.parse_args()
    tuner.logging.set_verbosity(tuner.logging.WARNING)
    single, multi = build_studies(args.trials)
    for path in draw_all(single, multi, args.out):
        print(path)


if __name__ == "__main__":
    main()
