"""An email backend for drills: each message becomes a file, so that a drill can
count what was really sent across processes (gunicorn workers, Celery workers).

`DRILL_MAIL_DIR` is the folder; `DRILL_MAIL_DELAY` (seconds) slows each send down,
as a slow mail server would, so that a drill can kill a worker in the middle.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["DRILL_MAIL_DIR"])
        delay = float(os.environ.get("DRILL_MAIL_DELAY", "0"))
        sent = 0
        for message in email_messages:
            time.sleep(delay)
            name = f"{time.time_ns()}-{uuid.uuid4().hex}.eml"
            # Written under a temporary name and renamed: a file is a whole email.
            partial = folder / f".{name}"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(folder / name)
            sent += 1
        return sent


def sent_to(folder: Path) -> list[str]:
    """The recipient of each email in the folder, one entry per email."""
    from email import message_from_bytes

    return [
        str(message_from_bytes(path.read_bytes())["To"])
        for path in sorted(folder.glob("*.eml"))
        if not path.name.startswith(".")  # half-written: the sender died mid-way
    ]
