"""Numerical helpers shared by more than one sampler (log-space arithmetic, constants).

Example:
    >>> import numpy as np
    >>> float(log1mexp(np.array(-1e-20))), float(np.exp(log1mexp(np.array(-50.0))))
    (-46.051701859880914, 1.0)
"""

from __future__ import annotations

import math

import numpy as np

# log(sqrt(2 pi)): the log normalizer of the standard normal density.
LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)

_LOG_HALF = -math.log(2.0)


def log1mexp(x: np.ndarray) -> np.ndarray:
    """``log(1 - exp(x))`` for ``x < 0``, elementwise, accurate near 0 and far below it.

    Near 0, ``1 - exp(x)`` cancels, so it is formed as ``-expm1(x)``; far below, ``exp(x)``
    is tiny and ``log1p`` keeps it (Mächler 2012, "Accurately computing log(1 - exp(-|a|))").
    ``x = 0`` gives ``-inf``; callers that must stay finite clamp ``x`` below 0 first.
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        out = np.where(x > _LOG_HALF, np.log(-np.expm1(x)), np.log1p(-np.exp(x)))
    return np.asarray(out, dtype=float)
