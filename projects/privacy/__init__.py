"""Personal data: what is held about someone, a copy of it, erasing it, keeping
it no longer than needed, and who looked at it.

- `holdings`: this app's models in the map of where personal data lives
  (`core.privacy`, which each app's `privacy.py` fills).
- `export`: the subject access copy.
- `erasure`: anonymising a person while keeping totals true.
- `retention`: the periods and the scheduled job that applies them.
- `audit`: who viewed or changed a person's record.
"""

# Registers this app's holdings when `autodiscover_modules("privacy")` imports us.
from projects.privacy import holdings as _holdings  # noqa: F401
