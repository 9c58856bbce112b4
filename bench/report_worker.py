"""One peer-review report build in a fresh process, as a Celery worker runs it.

Kept apart from `bench.pages`, which loads the models when imported: a spawned
process must set Django up before anything touches them.
"""

from __future__ import annotations


def build(plan_id: int) -> None:
    import django

    django.setup()
    from bench.pages import report_builder

    report_builder()(plan_id)
