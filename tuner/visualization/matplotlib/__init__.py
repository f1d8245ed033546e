"""matplotlib figures."""
