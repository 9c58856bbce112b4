"""The OpenAPI description, and our own reference page written from it (no
third-party viewer: the page is the product's own, NHS.UK styled, and needs no
script from anywhere else under our Content Security Policy)."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

from api.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from api.throttling import WINDOW_SECONDS


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The description of every endpoint; the same for everyone, so made once."""
    return SchemaGenerator().get_schema(request=None, public=True)


@login_not_required
@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _type(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if kinds else "null"
        nullable = True
    else:
        nullable = False
    if schema.get("format") in {"date", "date-time", "uri", "double"}:
        kind = {"double": "number"}.get(schema["format"], schema["format"])
    return f"{kind or 'string'}{' or null' if nullable else ''}"


def endpoints(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each path with its parameters and the fields of each row, for the page."""
    found = []
    for path, item in document["paths"].items():
        operation = item["get"]
        schema = _resolve(
            document, operation["responses"]["200"]["content"]["application/json"]["schema"]
        )
        paged = "results" in schema.get("properties", {})
        row = _resolve(document, schema["properties"]["results"]["items"]) if paged else schema
        found.append(
            {
                "path": path,
                "id": path.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "paged": paged and "cursor" in {p["name"] for p in operation.get("parameters", [])},
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "type": _type(parameter.get("schema", {})),
                        "description": parameter.get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "fields": [
                    {
                        "name": name,
                        "type": _type(field),
                        "description": field.get("description", ""),
                    }
                    for name, field in row.get("properties", {}).items()
                ],
            }
        )
    return found


@login_not_required
@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    document = openapi_document()
    base = request.build_absolute_uri(reverse("api:reference"))
    return render(
        request,
        "api/reference.html",
        {
            "document": document,
            "endpoints": endpoints(document),
            "base": base,
            "page_size": PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "window_seconds": WINDOW_SECONDS,
            "per_minute": settings.API_REQUESTS_PER_MINUTE,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )
