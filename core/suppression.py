"""Small numbers: no figure drawn from fewer than 3 people is shown, anywhere
figures go: principles results, training cohorts' self-ratings, and everywhere the
dashboard's figures go (the page, its stored panels, CSVs, chart data tables,
peer-review reports and their PDFs).

"Drawn from people" means a count of people, or a total or average of what
people gave or were paid (hours, payments, days to payment), or a group of
people (equality answers). Counts of activities or projects are not about
anyone, and are shown whatever their size.

The rules, as official statistics apply them:
- Primary: a figure drawn from 1 or 2 people is not shown. Drawn from no one,
  it is nobody's, and 0 is shown (equality groups apart: see `hidden_cells`).
- Secondary: where a shown total and the other cells would give a hidden cell
  back by subtraction, the next smallest cell is hidden too (`hidden_cells`,
  `split`).
- A hidden figure is None from the read model on, so nothing downstream
  (rendering, JSON snapshots, CSVs, charts) can show or plot it; it is shown
  as `SUPPRESSED`, with `NOTE` saying why.

What this does not close (residual risk, see also SECURITY.md): figures of
overlapping periods or scopes, each from 3 or more people, can still be
subtracted. The last 12 months against a calendar year, a year against its
shown quarters when one quarter is hidden, or a division against one of its
services, can leave a figure from fewer than 3 people. Staff choose only whole
quarters, years and the last 12 months (`dashboard.forms`), each compared with
the whole period before it, so no two periods they can see differ by a day or a
few; governance leads and admins, who may choose exact dates, are trusted with
the record itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

MIN_GROUP = 3

SUPPRESSED = "Fewer than 3 people"
NOTE = (
    "“Fewer than 3 people” means a figure is not shown because it comes from 1 or 2 "
    "people, so it could show something about them. Where a hidden figure could be "
    "worked out from a total, another figure is hidden too."
)

__all__ = ["MIN_GROUP", "NOTE", "SUPPRESSED", "figure", "hidden_cells", "split", "too_few"]


def too_few(people: int) -> bool:
    """1 or 2 people: too few to show anything drawn from them."""
    return 0 < people < MIN_GROUP


def figure[T](value: T, people: int) -> T | None:
    """`value`, or None when it is drawn from 1 or 2 people."""
    return None if too_few(people) else value


def split(total: int | None, part: int | None) -> tuple[int | None, int | None]:
    """A total's two parts (`part` and the rest, e.g. new and returning people),
    each hidden when from 1 or 2 people, and both when either is: one shown with
    the total gives the other. `part` None: already hidden."""
    if total is None or part is None:
        return None, None
    rest = total - part
    if too_few(part) or too_few(rest):
        return None, None
    return part, rest


def hidden_cells[K: Hashable](people: Mapping[K, int]) -> set[K]:
    """The cells of a row, whose total is shown, to hide: those with fewer than 3
    people (none included: an empty equality group beside small ones would narrow
    them down), and when exactly one is hidden, the next smallest too, so it
    cannot be worked out from the total."""
    hidden = {key for key, n in people.items() if n < MIN_GROUP}
    shown = sorted(
        ((n, str(key), key) for key, n in people.items() if key not in hidden),
        key=lambda row: row[:2],
    )
    if len(hidden) == 1 and shown:
        hidden.add(shown[0][2])
    return hidden
