"""Pruning a real iterative learner: SGDClassifier on scikit-learn's bundled digits.

Each trial trains a linear classifier epoch by epoch with ``partial_fit``, reports the
validation accuracy after every epoch and asks the pruner whether to go on. The same
trials (same seed, same sampled parameters) run once without pruning and once with a
median pruner; the script prints the time, the epochs spent and the best accuracy of each.

    pip install "tuner[examples]"    # scikit-learn
    python examples/pruning.py [--trials 40] [--epochs 40]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import tuner

X, y = load_digits(return_X_y=True)
X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_valid = scaler.transform(X_train), scaler.transform(X_valid)
CLASSES = np.unique(y)


def make_objective(n_epochs: int):  # type: ignore[no-untyped-def]
    def objective(trial: tuner.Trial) -> float:
        model = SGDClassifier(
            loss=trial.suggest_categorical("loss", ["hinge", "log_loss", "modified_huber"]),
            alpha=trial.suggest_float("alpha", 1e-6, 1e-1, log=True),
            learning_rate="constant",
            eta0=trial.suggest_float("eta0", 1e-5, 1.0, log=True),
            random_state=trial.number,
        )
        rng = np.random.default_rng(trial.number)
        accuracy = 0.0
        for epoch in range(n_epochs):
            order = rng.permutation(len(X_train))
            model.partial_fit(X_train[order], y_train[order], classes=CLASSES)
            accuracy = float(model.score(X_valid, y_valid))
            trial.report(accuracy, epoch)
            if trial.should_prune():
                raise tuner.TrialPruned()
        return accuracy

    return objective


def run(
    pruner: tuner.pruners.BasePruner, n_trials: int, n_epochs: int
) -> tuple[float, int, float]:
    """Seconds, epochs trained and best accuracy of one study."""
    study = tuner.create_study(
        direction="maximize", pruner=pruner, sampler=tuner.samplers.RandomSampler(seed=0)
    )
    start = time.perf_counter()
    study.optimize(make_objective(n_epochs), n_trials=n_trials)
    seconds = time.perf_counter() - start
    epochs = sum(len(t.intermediate_values) for t in study.trials)
    return seconds, epochs, study.best_value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    tuner.logging.set_verbosity(tuner.logging.WARNING)

    plain = run(tuner.pruners.NopPruner(), args.trials, args.epochs)
    pruned = run(
        tuner.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=3), args.trials, args.epochs
    )
    for name, (seconds, epochs, best) in (("no pruning", plain), ("median pruner", pruned)):
        print(f"{name:<14} {seconds:6.2f} s  {epochs:5d} epochs  best accuracy {best:.4f}")
    saved = plain[0] - pruned[0]
    print(
        f"time saved: {saved:.2f} s ({saved / plain[0]:.0%}), "
        f"epochs saved: {plain[1] - pruned[1]} of {plain[1]}"
    )


if __name__ == "__main__":
    main()
