"""Comparisons against thresholds that binary rounding must not fool (0.1 x 10 is 1.0)."""

from __future__ import annotations

import math


def exceeds(value: float, limit: float) -> bool:
    """value > limit, where values equal but for the last bits count as equal."""
    return value > limit and not math.isclose(value, limit, rel_tol=1e-9, abs_tol=1e-12)
