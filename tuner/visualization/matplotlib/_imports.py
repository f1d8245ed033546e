"""matplotlib, imported on first use so ``import tuner`` never needs it."""

from __future__ import annotations

from typing import Any

_HINT = (
    'matplotlib is not installed: pip install "tuner[plot]" to draw '
    "tuner.visualization.matplotlib figures."
)


def is_available() -> bool:
    """True when matplotlib (the ``plot`` extra) can be imported.

    Example:
        >>> import tuner
        >>> isinstance(tuner.visualization.matplotlib.is_available(), bool)
        True
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def plt() -> Any:
    """``matplotlib.pyplot``, or an ImportError that names the extra to install."""
    try:
        import matplotlib.pyplot as pyplot
    except ImportError as e:
        raise ImportError(_HINT) from e
    return pyplot


def style() -> Any:
    """The ggplot style (close to plotly's look), applied to one figure only: Optuna calls
    ``plt.style.use``, which changes every later figure of the user's session too."""
    return plt().style.context("ggplot")
