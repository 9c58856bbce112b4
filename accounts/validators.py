"""Password checks of our own, beside Django's (see AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Long passwords are welcome (OWASP asks for at least 64 characters to be
    allowed); a ceiling only stops someone sending megabytes to be hashed."""

    def __init__(self, max_length: int = 256) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Use {self.max_length} characters or fewer.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can be up to {self.max_length} characters long."
