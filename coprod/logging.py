"""Keep personal data out of logs.

Log messages in Coprod carry ids, never names or free text. This filter is a safety
net for messages from libraries: it masks email addresses wherever they appear.
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if EMAIL.search(message):
            record.msg = EMAIL.sub("[email]", message)
            record.args = None
        return True
