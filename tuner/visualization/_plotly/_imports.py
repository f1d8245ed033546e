"""plotly, imported on first use so ``import tuner`` never needs it."""

from __future__ import annotations

from typing import Any

_HINT = 'plotly is not installed: pip install "tuner[plot]" to draw tuner.visualization figures.'


def is_available() -> bool:
    """True when plotly (the ``plot`` extra) can be imported.

    Example:
        >>> import tuner
        >>> isinstance(tuner.visualization.is_available(), bool)
        True
    """
    try:
        import plotly  # noqa: F401
    except ImportError:
        return False
    return True


def go() -> Any:
    """``plotly.graph_objects``, or an ImportError that names the extra to install."""
    try:
        import plotly.graph_objects as graph_objects
    except ImportError as e:
        raise ImportError(_HINT) from e
    return graph_objects
