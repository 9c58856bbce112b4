"""The Celery app a worker drill runs: the product's own app and settings, plus
one thin task around an idempotent domain function.

No request enqueues a task yet (the principles invitation emails are sent from
the request), so the drill wraps `principles.services.invitations_email`, the
product's own idempotent operation, the way a task in `principles/tasks.py`
would: take ids, load, call the domain function.

`DRILL_VISIBILITY_TIMEOUT` shortens Redis's visibility time-out (an hour in the
settings) so that a drill can watch a task come back after a whole worker dies
without waiting an hour.
"""

from __future__ import annotations

import os

from coprod.celery import app

if os.environ.get("DRILL_VISIBILITY_TIMEOUT"):
    app.conf.broker_transport_options = {
        "visibility_timeout": int(os.environ["DRILL_VISIBILITY_TIMEOUT"])
    }


@app.task(name="drills.invitations_email")
def invitations_email_task(round_id: int, site_url: str) -> int:
    from principles.models import Round
    from principles.services import invitations_email

    return invitations_email(round_=Round.objects.get(pk=round_id), site_url=site_url)
