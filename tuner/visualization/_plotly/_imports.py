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


# plotly validates every element of a trace's arrays as it builds a figure: ~30 us per
# colour string or hover text, so a rank plot of 10,000 trials over 10 parameters (1M
# colours) spends minutes there. tuner builds every trace from its own figure data, so it
# skips that step (plotly itself does so for its templates); the tests build every figure
# with validation on to keep that promise.
VALIDATE = False


def figure(data: Any, layout: Any) -> Any:
    """A ``plotly.graph_objects.Figure`` of trace and layout dicts."""
    graph_objects = go()
    if not VALIDATE:
        try:
            return graph_objects.Figure(data=data, layout=layout, _validate=False)
        except (TypeError, ValueError):  # a plotly without the switch: validate
            pass
    return graph_objects.Figure(data=data, layout=layout)
