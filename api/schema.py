"""What drf-spectacular cannot work out by itself: the token scheme, and the
refusals every endpoint can give."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in plain words"},
        "errors": {
            "type": "array",
            "description": "For a 400: each parameter that is wrong",
            "items": {
                "type": "object",
                "properties": {
                    "parameter": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["parameter", "message"],
            },
        },
    },
    "required": ["detail"],
}
REFUSALS = {
    "304": "Not modified: the ETag in If-None-Match (or the time in If-Modified-Since) is still current",
    "400": "A parameter is wrong or unknown: `errors` names it",
    "401": "No token, or one that is mistyped, expired or revoked",
    "403": "Your role cannot read this",
    "404": "Nothing you can read has this id",
    "429": "Too many requests with this token: wait the seconds in Retry-After",
}


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "api.auth.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on your account page",
        }


def add_refusals(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A postprocessing hook: the Error schema, and each refusal on each operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                if status == "304":
                    responses[status] = {"description": description}
                else:
                    responses[status] = {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    }
    return result
