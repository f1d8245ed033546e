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
    """Whether scikit-learn is installed (without importing it: that takes seconds)."""
    import importlib.util
    import sys

    if "sklearn" in sys.modules:
        return sys.modules["sklearn"] is not None
    return importlib.util.find_spec("sklearn") is not None
