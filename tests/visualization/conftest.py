from __future__ import annotations

import collections.abc

import pytest

pytest.importorskip("plotly")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures() -> collections.abc.Iterator[None]:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
