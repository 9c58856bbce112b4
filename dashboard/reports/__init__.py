"""Peer-review reports: the schedule, building a frozen snapshot, and showing it.

- `periods`: which period a plan's next report covers, and when the one after is due.
- `services`: scheduling, claiming, building, sweeping, asking for a report now.
- `snapshot`: the numbers, read once through `dashboard.read` and frozen as JSON.
- `render`: the snapshot as charts and tables, as a page and as a tagged PDF.
- `views`, `forms`: the pages.
"""
