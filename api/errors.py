"""Every refusal as JSON: `detail` in plain words, and for a bad parameter,
`errors` naming each parameter and what is wrong with it."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class BadParameter(exceptions.ValidationError):
    """A query parameter the API cannot use: 400, naming it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, BadParameter):
        return Response(
            {
                "detail": "Some parameters are not right: see errors",
                "errors": [
                    {"parameter": name, "message": message}
                    for name, message in exc.problems.items()
                ],
            },
            status=400,
        )
    return drf_exception_handler(exc, context)
