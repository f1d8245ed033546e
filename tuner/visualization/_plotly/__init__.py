"""Plotly renderers of the figure data."""
