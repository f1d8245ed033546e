"""A rows x cols grid of axes laid out as plotly's make_subplots does (row 1 on top, axes
numbered row by row), built as a plain layout dict: make_subplots costs ~1 s for 10 x 10."""

from __future__ import annotations

from typing import Any


def grid_layout(
    rows: int,
    cols: int,
    *,
    shared_x: bool,
    shared_y: bool,
    h_spacing: float | None = None,
    v_spacing: float | None = None,
) -> dict[str, Any]:
    hs = 0.2 / cols if h_spacing is None else h_spacing
    vs = 0.3 / rows if v_spacing is None else v_spacing
    width = (1 - hs * (cols - 1)) / cols
    height = (1 - vs * (rows - 1)) / rows
    layout: dict[str, Any] = {}
    for r in range(rows):
        for c in range(cols):
            k = r * cols + c + 1
            x0 = c * (width + hs)
            y1 = 1 - r * (height + vs)
            xaxis: dict[str, Any] = {"anchor": f"y{k}", "domain": _clip(x0, x0 + width)}
            yaxis: dict[str, Any] = {"anchor": f"x{k}", "domain": _clip(y1 - height, y1)}
            if shared_x and r != rows - 1:
                xaxis["matches"] = f"x{(rows - 1) * cols + c + 1}"
                xaxis["showticklabels"] = False
            if shared_y and c != 0:
                yaxis["matches"] = f"y{r * cols + 1}"
                yaxis["showticklabels"] = False
            layout[axis_key("x", k)] = xaxis
            layout[axis_key("y", k)] = yaxis
    return layout


def axis_key(letter: str, k: int) -> str:
    return f"{letter}axis" if k == 1 else f"{letter}axis{k}"


def axis_ref(letter: str, k: int) -> str:
    return letter if k == 1 else f"{letter}{k}"


def _clip(low: float, high: float) -> list[float]:
    return [min(max(low, 0.0), 1.0), min(max(high, 0.0), 1.0)]
