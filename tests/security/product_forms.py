"""Every form class in the product, found by importing the forms modules, and
what each one's constructor needs, so tests can build any of them."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

from django import forms
from django.test import RequestFactory

import projects.forms
from accounts.models import User
from improvement.models import AlwaysEvent
from nhsuk.forms import DateField
from opportunities.models import Interest
from opportunities.texts import STANDARD as OPPORTUNITY_TEXTS
from personal.texts import STANDARD as PERSONAL_TEXTS
from principles.services import invitees_for
from principles.texts import CODES, PRINCIPLE_TEXTS
from projects.models import PaymentRun, Person, Project, Service, StandardTemplate
from tests.factories import (
    ActionFactory,
    InterestFactory,
    MetricFactory,
    OpportunityFactory,
    PlanFactory,
    StandardFactory,
)
from training.models import Cohort, Member, Team

MODULES = [
    "accounts.forms",
    "actions.forms",
    "dashboard.reports.forms",
    "ladder.forms",
    "principles.forms",
    "dashboard.reviews.forms",
    "opportunities.forms",
    "opportunities.choosing_forms",
    "improvement.forms",
    "personal.forms",
    "training.forms",
    *(f"projects.forms.{module.name}" for module in pkgutil.iter_modules(projects.forms.__path__)),
]


class DateOnlyForm(forms.Form):
    """The three-box date on its own, required and not."""

    date = DateField()
    optional_date = DateField(required=False)


def product_forms() -> dict[str, type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {"nhsuk.forms.DateField": DateOnlyForm}
    for name in MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
            ):
                found[f"{name}.{value.__name__}"] = value
    return found


FORMS = product_forms()


def _training_team(world: dict) -> Team:
    cohort = Cohort.objects.create(
        name="Fuzz cohort",
        starts_on=datetime.date(2026, 5, 4),
        follow_up_on=datetime.date(2026, 11, 30),
        project=world["project"],
    )
    team = Team.objects.create(cohort=cohort, name="Willow", aim="Nights planned together")
    Member.objects.create(team=team, person=world["person"])
    return team


# What each constructor needs, by argument name, built from the world.
ARGUMENTS: dict[str, Callable[[dict], Any]] = {
    "user": lambda world: world["staff"],
    # The sign-in form checks lockouts, which need the request.
    "request": lambda world: RequestFactory().post("/accounts/sign-in/"),
    "project": lambda world: world["project"],
    "by": lambda world: world["staff"],
    "people": lambda world: Person.objects.all(),
    "person": lambda world: world["person"],
    "staff": lambda world: User.objects.all(),
    "choosing": lambda world: True,
    "invitees": lambda world: invitees_for(world["project"]),
    "text": lambda world: PRINCIPLE_TEXTS[CODES[0]],
    "plan": lambda world: PlanFactory(service=world["service"]),
    "metric": lambda world: MetricFactory(plan=PlanFactory(service=world["service"])),
    "standards": lambda world: StandardFactory.create_batch(
        2, plan=PlanFactory(service=world["other_service"])
    ),
    "slots": lambda world: 3,
    "step": lambda world: "going-well",
    "candidates": lambda world: [world["other_staff"], world["governance"]],
    "today": lambda world: datetime.date(2026, 11, 23),
    "can_email": lambda world: True,
    # The words of the page the form is on: opportunities' and the personal page's
    # (their keys do not overlap).
    "texts": lambda world: {**OPPORTUNITY_TEXTS, **PERSONAL_TEXTS},
    "updating": lambda world: False,
    "interests": lambda world: list(
        Interest.objects.filter(
            pk__in=[
                InterestFactory(
                    opportunity=OpportunityFactory(project=world["project"]), person=p
                ).pk
                for p in (world["person"], world["expert_person"])
            ]
        ).select_related("person")
    ),
    "places": lambda world: 1,
    "run": lambda world: PaymentRun.objects.create(created_by=world["finance"]),
    "action": lambda world: ActionFactory(service=world["service"], owner=world["staff"]),
    "services": lambda world: Service.objects.for_user(world["staff"]),
    "event": lambda world: AlwaysEvent.objects.create(
        service=world["service"], project=world["project"], title="Welcome by name"
    ),
    "saved": lambda world: StandardTemplate.objects.all(),
    "has_standards": lambda world: True,
    "cohort": lambda world: _training_team(world).cohort,
    "team": _training_team,
    "projects": lambda world: Project.objects.all(),
    "members": lambda world: Member.objects.select_related("team", "person", "user"),
}


def constructor_arguments(form_class: type[forms.BaseForm], world: dict) -> dict[str, Any]:
    """Keyword arguments for everything the form's constructor requires."""
    needed = {}
    for klass in form_class.__mro__:
        if "__init__" not in vars(klass):
            continue
        for parameter in inspect.signature(klass.__init__).parameters.values():
            is_required = parameter.default is inspect.Parameter.empty and parameter.kind in (
                inspect.Parameter.KEYWORD_ONLY,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
            )
            if parameter.name in {"self", "data", "files"}:
                continue
            if not is_required and parameter.name != "request":
                continue
            assert parameter.name in ARGUMENTS, (
                f"{form_class.__name__} needs `{parameter.name}`: add a builder to ARGUMENTS"
            )
            needed.setdefault(parameter.name, ARGUMENTS[parameter.name](world))
        # Django's own forms (auth) stop the walk: their arguments are covered above.
        if klass.__module__.startswith("django."):
            break
    return needed
