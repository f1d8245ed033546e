"""scikit-learn, imported only when a forest-based evaluator is built."""

from __future__ import annotations

from typing import Any


def random_forest_regressor(**kwargs: Any) -> Any:
    try:
        from sklearn.ensemble import RandomForestRegressor
    except ImportError as e:
        raise ImportError(
            "This importance evaluator fits a random forest with scikit-learn, which is not "
            'installed: pip install "tuner[sklearn]" (or use PedAnovaImportanceEvaluator, '
            "which needs only numpy and scipy)."
        ) from e
    return RandomForestRegressor(**kwargs)


def is_available() -> bool:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True
