"""The small-numbers rule, as the dashboard's read models use it. The rule itself
lives in `core.suppression`, below every app that shows figures from people."""

from __future__ import annotations

from core.suppression import MIN_GROUP, NOTE, SUPPRESSED, figure, hidden_cells, split, too_few

__all__ = ["MIN_GROUP", "NOTE", "SUPPRESSED", "figure", "hidden_cells", "split", "too_few"]
