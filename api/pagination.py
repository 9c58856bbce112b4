"""Cursor pagination: stable pages however the records change between requests
(a page never repeats or skips a row because a row was added), by id."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

from api.errors import BadParameter

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class ByIdCursor(CursorPagination):
    ordering = "pk"
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        value = request.query_params.get("page_size")
        if value is None:
            return PAGE_SIZE
        if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
            raise BadParameter({"page_size": f"Give a whole number from 1 to {MAX_PAGE_SIZE}"})
        return int(value)

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            return super().decode_cursor(request)
        except Exception as error:
            raise BadParameter(
                {"cursor": "Not a cursor this API gave: follow the `next` link as it is"}
            ) from error

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        found = super().get_schema_operation_parameters(view)
        for parameter in found:
            if parameter["name"] == "cursor":
                parameter["description"] = (
                    "Where a page starts: leave it out for the first page, then follow the next link"
                )
        return found

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # DRF's own is OpenAPI 3.0 (`nullable`); this is 3.1's spelling.
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page's address; null on the last page"},
                "previous": {**link, "description": "The previous page's address"},
                "results": schema,
            },
        }
