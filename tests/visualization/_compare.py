"""Compare the data of two plotly figures: traces (type, name, mode, x, y, z, colours) and
the axes (type, range, title)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def _flat(values: Any) -> list[Any]:
    if values is None:
        return []
    arr = np.asarray(values, dtype=object)
    return list(arr.ravel())


def _same_value(a: Any, b: Any, rel: float) -> bool:
    none_a = a is None or (isinstance(a, float) and math.isnan(a))
    none_b = b is None or (isinstance(b, float) and math.isnan(b))
    if none_a or none_b:
        return none_a and none_b
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-12)


def assert_same_values(a: Any, b: Any, what: str, rel: float = 1e-9) -> None:
    fa, fb = _flat(a), _flat(b)
    assert len(fa) == len(fb), f"{what}: {len(fa)} values vs {len(fb)}"
    bad = [i for i, (x, y) in enumerate(zip(fa, fb)) if not _same_value(x, y, rel)]
    assert not bad, (
        f"{what}: differ at {bad[:5]}: {[fa[i] for i in bad[:5]]} vs {[fb[i] for i in bad[:5]]}"
    )


def assert_same_traces(
    mine: Any, theirs: Any, fields: tuple[str, ...] = ("x", "y", "z", "text", "hovertext")
) -> None:
    assert len(mine.data) == len(theirs.data), (
        f"{len(mine.data)} traces vs {len(theirs.data)}: "
        f"{[t.name for t in mine.data]} vs {[t.name for t in theirs.data]}"
    )
    for i, (a, b) in enumerate(zip(mine.data, theirs.data)):
        assert a.type == b.type, f"trace {i}: {a.type} vs {b.type}"
        assert a.name == b.name, f"trace {i}: {a.name} vs {b.name}"
        if a.type == "scatter":
            assert a.mode == b.mode, f"trace {i}: mode {a.mode} vs {b.mode}"
        for field in fields:
            if field in a and field in b:
                assert_same_values(a[field], b[field], f"trace {i} ({a.name}) {field}")
        ja, jb = a.to_plotly_json(), b.to_plotly_json()
        for ref in ("xaxis", "yaxis"):
            assert ja.get(ref, ref[0]) == jb.get(ref, ref[0]), f"trace {i}: {ref}"


def axis_names(fig: Any) -> list[str]:
    return sorted(k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis")))


def assert_same_axes(mine: Any, theirs: Any) -> None:
    """Every axis Optuna sets has the same type, range and title here."""
    for name in axis_names(theirs):
        a, b = mine.layout[name], theirs.layout[name]
        assert a.type == b.type, f"{name}: type {a.type} vs {b.type}"
        assert (a.title.text or None) == (b.title.text or None), f"{name}: title"
        if b.range is not None:
            assert a.range is not None, f"{name}: no range"
            assert_same_values(a.range, b.range, f"{name} range")
        if b.categoryarray is not None:
            assert list(a.categoryarray) == list(b.categoryarray), f"{name}: categories"


def assert_same_figure(mine: Any, theirs: Any) -> None:
    assert (mine.layout.title.text or None) == (theirs.layout.title.text or None)
    assert_same_traces(mine, theirs)
    assert_same_axes(mine, theirs)
