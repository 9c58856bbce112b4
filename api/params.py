"""Query parameters: the dashboard's filters spelled for a URL, checked by the
dashboard's own form, so a token chooses exactly the periods and services its
owner could choose in the browser (staff: listed periods only; governance leads
and admins: exact dates too)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone

from api.errors import BadParameter
from dashboard.access import reads_day_level
from dashboard.forms import CUSTOM, DashboardFilterForm
from dashboard.read import Filters
from projects.models import Service

PAGING = frozenset({"cursor", "page_size"})
FILTERS = frozenset({"period", "from", "to", "service"})
PERIOD_HELP = (
    "last_12_months (the default: the last 12 complete months), a quarter such as 2026-q1, or a calendar year such "
    "as 2025, as on the dashboard. Governance leads and admins may give exact dates "
    "with from and to instead."
)


def check_known(query: QueryDict, allowed: frozenset[str]) -> None:
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise BadParameter(dict.fromkeys(unknown, "The API does not know this parameter"))


def _iso_date(query: QueryDict, name: str, problems: dict[str, str]) -> datetime.date | None:
    value = query.get(name, "")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems[name] = f"Give a date as YYYY-MM-DD, like 2026-03-31, not “{value[:40]}”"
        return None


@dataclass(frozen=True)
class Chosen:
    filters: Filters
    services: list[Service]
    # Whether the period was asked for: lists of records default to all time.
    period_given: bool


def filters_from(query: QueryDict, user) -> Chosen:
    """The period and service a request asks for, as the dashboard's `Filters`.
    Raises `BadParameter` naming each parameter that is wrong (1 query: services)."""
    services = list(Service.objects.order_by("name"))
    day_level = reads_day_level(user)
    data: dict[str, object] = {"period": query.get("period", "")}
    problems: dict[str, str] = {}
    if "service" in query:
        data["service"] = query["service"]
    if "from" in query or "to" in query:
        if not day_level:
            for name in ("from", "to"):
                if name in query:
                    problems[name] = "Only governance leads and admins can choose exact dates"
        elif data["period"] not in ("", CUSTOM):
            problems["period"] = "Give either a period or the dates `from` and `to`, not both"
        else:
            for name, field in (("from", "date_from"), ("to", "date_to")):
                if name not in query:
                    problems[name] = "Give both `from` and `to`"
                    continue
                day = _iso_date(query, name, problems)
                if day is not None:
                    data |= {
                        f"{field}_day": day.day,
                        f"{field}_month": day.month,
                        f"{field}_year": day.year,
                    }
            data["period"] = CUSTOM
    if problems:
        raise BadParameter(problems)
    form = DashboardFilterForm(
        data, services=services, today=timezone.localdate(), day_level=day_level
    )
    if not form.is_valid():
        names = {"date_from": "from", "date_to": "to"}
        raise BadParameter(
            {
                names.get(field, field): _plain(field, errors[0])
                for field, errors in form.errors.items()
            }
        )
    return Chosen(
        form.filters(), services, period_given=bool(query.get("period") or "from" in query)
    )


def _plain(field: str, message: str) -> str:
    if field == "service":
        return "No service has this id: see /api/v1/services/"
    if field == "period" and "valid choice" in message:
        return f"Not a period the API knows: give {PERIOD_HELP}"
    return message


def whole_number(query: QueryDict, name: str) -> int | None:
    if name not in query:
        return None
    value = query[name]
    if not value.isdigit():
        raise BadParameter({name: "Give a whole number, like 12"})
    return int(value)
