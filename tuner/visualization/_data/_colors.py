"""Colour scales as plain RGB arrays, so both backends colour a trial the same way."""

from __future__ import annotations

import numpy as np

# ColorBrewer "Blues" (9 classes): the scale of slice, contour and parallel coordinate plots.
BLUES = np.array(
    [
        (247, 251, 255),
        (222, 235, 247),
        (198, 219, 239),
        (158, 202, 225),
        (107, 174, 214),
        (66, 146, 198),
        (33, 113, 181),
        (8, 81, 156),
        (8, 48, 107),
    ],
    dtype=float,
)
# ColorBrewer "RdYlBu" (11 classes) reversed: blue for low ranks, red for high.
RDYLBU_R = np.array(
    [
        (49, 54, 149),
        (69, 117, 180),
        (116, 173, 209),
        (171, 217, 233),
        (224, 243, 248),
        (255, 255, 191),
        (254, 224, 144),
        (253, 174, 97),
        (244, 109, 67),
        (215, 48, 39),
        (165, 0, 38),
    ],
    dtype=float,
)


def sample(scale: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """RGB (0-255 floats, shape (n, 3)) at positions in [0, 1], linear between the stops."""
    pos = np.clip(np.asarray(positions, dtype=float), 0.0, 1.0) * (len(scale) - 1)
    lower = np.minimum(pos.astype(int), len(scale) - 2)
    frac = (pos - lower)[:, None]
    out: np.ndarray = scale[lower] * (1 - frac) + scale[lower + 1] * frac
    return out


def plotly_scale(scale: np.ndarray) -> list[list[object]]:
    """The scale in plotly's ``[[position, "rgb(...)"], ...]`` form."""
    stops = np.linspace(0, 1, len(scale))
    return [[float(p), rgb_string(c)] for p, c in zip(stops, scale)]


def rgb_string(color: np.ndarray) -> str:
    r, g, b = (round(float(v), 1) for v in color)
    return f"rgb({r:g}, {g:g}, {b:g})"
