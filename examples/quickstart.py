"""Quickstart: minimize a function whose search space depends on earlier answers.

Run it with `python examples/quickstart.py`; pass `--storage sqlite:///quickstart.db` to keep
the study in a local database and run the same command again to resume it.
"""

from __future__ import annotations

import argparse

import tuner


def objective(trial: tuner.Trial) -> float:
    x = trial.suggest_float("x", -10, 10)
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 4)
    act = trial.suggest_categorical("act", ["relu", "tanh"])
    if act == "relu":  # define-by-run: the space depends on earlier answers
        slope = trial.suggest_float("slope", 0.0, 0.3, step=0.05)
        x += slope
    return (x - 2) ** 2 + layers * lr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--storage", default=None, help="database URL; in memory if omitted")
    parser.add_argument("--study-name", default="quickstart")
    args = parser.parse_args()

    tuner.logging.set_verbosity(tuner.logging.WARNING)
    study = tuner.create_study(
        direction="minimize",
        storage=args.storage,
        study_name=args.study_name,
        load_if_exists=True,
    )
    study.optimize(objective, n_trials=args.trials, show_progress_bar=True)
    print(f"best value {study.best_value:.6g} with {study.best_params}")


if __name__ == "__main__":
    main()
