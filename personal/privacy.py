"""Personal data in the personal app, for the subject access copy and erasure
(see `core/privacy.py`)."""

from __future__ import annotations

from core.privacy import ID, Holding, register

register(
    Holding(
        "personal.PersonalLink",
        "Your personal links",
        about=("person",),
        actor=("created_by",),
        shown=("given", "created_at", "revoked_at", "last_used_at", "created_by__full_name"),
        labels={
            "given": "how it was given",
            "revoked_at": "stopped working",
            "last_used_at": "last opened",
            "created_by__full_name": "made by",
        },
        hidden={
            "id": ID,
            "key_hash": "a fingerprint of your link's secret, to recognise the link",
            "code_hash": "a fingerprint of your short code, to recognise the code",
        },
        delete_on_erase=True,
        kept="Deleted, so your links and codes stop working.",
    ),
)
