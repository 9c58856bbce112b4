from projects.models.activities import (
    MAX_EXPENSES_PENCE,
    MAX_FEE_PENCE,
    Activity,
    Involvement,
    ReisDomain,
    ReisScore,
)
from projects.models.organisation import Service
from projects.models.payments import RateCard, tax_year_label, tax_year_of
from projects.models.people import EqualityMonitoring, Person
from projects.models.projects import Membership, Project

__all__ = [
    "MAX_EXPENSES_PENCE",
    "MAX_FEE_PENCE",
    "Activity",
    "EqualityMonitoring",
    "Involvement",
    "Membership",
    "Person",
    "Project",
    "RateCard",
    "ReisDomain",
    "ReisScore",
    "Service",
    "tax_year_label",
    "tax_year_of",
]
