"""The Celery app a worker drill runs: the product's own app, settings and tasks,
with its waiting times shortened so that a drill sees in seconds what takes
minutes in production.

- `DRILL_VISIBILITY_TIMEOUT`: Redis hands back a task whose worker died after
  this many seconds (an hour in the settings).
- `DRILL_EMAIL_LEASE`: an email claimed by a worker that died is sent again by
  the sweep after this many seconds (ten minutes in `outbox.mail`), and the sweep
  leaves alone emails younger than that (a minute in `outbox.mail`).
"""

from __future__ import annotations

import datetime
import os

from celery import signals

from coprod.celery import app

if os.environ.get("DRILL_VISIBILITY_TIMEOUT"):
    app.conf.broker_transport_options = {
        "visibility_timeout": int(os.environ["DRILL_VISIBILITY_TIMEOUT"])
    }


@signals.worker_process_init.connect
def shorten_email_lease(**_kwargs) -> None:
    # In each pool process, once Django is set up (models cannot load before).
    if os.environ.get("DRILL_EMAIL_LEASE"):
        from outbox import mail

        mail.CLAIM_LEASE = mail.SWEEP_AFTER = datetime.timedelta(
            seconds=int(os.environ["DRILL_EMAIL_LEASE"])
        )
