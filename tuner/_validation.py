"""Checks of constructor arguments, shared so that every plugin words its errors alike."""

from __future__ import annotations

from typing import Any

import numpy as np


def checked_int(name: str, value: Any, minimum: int) -> int:
    """``value`` as an int >= ``minimum``, else a ValueError naming the argument.

    Booleans are refused (``True`` is an ``int`` to Python, never what a user meant); numpy
    integers are accepted.

    Example:
        >>> checked_int("n_startup_trials", 5, 0)
        5
        >>> checked_int("interval_steps", 0, 1)
        Traceback (most recent call last):
        ...
        ValueError: `interval_steps` must be an integer >= 1, got 0.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"`{name}` must be an integer >= {minimum}, got {value!r}.")
    if value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}, got {value}.")
    return int(value)
