from projects.models.activities import (
    MAX_EXPENSES_PENCE,
    MAX_FEE_PENCE,
    Activity,
    Involvement,
    ReisDomain,
    ReisScore,
)
from projects.models.organisation import Service
from projects.models.payments import (
    PaymentLine,
    PaymentRun,
    RateCard,
    tax_year_label,
    tax_year_of,
)
from projects.models.people import EqualityMonitoring, Person
from projects.models.plans import (
    AwardNomination,
    Computation,
    Metric,
    Plan,
    Principle,
    Priority,
    Reading,
    Standard,
    StandardTemplate,
    StandardTemplateItem,
    reading_record,
    standards_add,
    standards_save_as_template,
)
from projects.models.population import (
    EqualityQuestion,
    PopulationFigure,
    PopulationProfile,
    answer_choices,
    population_profile_save,
)
from projects.models.privacy import Erasure, RecordView
from projects.models.projects import Membership, Project
from projects.models.summaries import (
    ActivityMonth,
    FirstInvolvement,
    PersonMonth,
    ScopeMonth,
    SummaryChange,
)
from projects.models.telling import Telling

__all__ = [
    "MAX_EXPENSES_PENCE",
    "MAX_FEE_PENCE",
    "Activity",
    "ActivityMonth",
    "AwardNomination",
    "Computation",
    "EqualityMonitoring",
    "EqualityQuestion",
    "Erasure",
    "FirstInvolvement",
    "Involvement",
    "Membership",
    "Metric",
    "PaymentLine",
    "PaymentRun",
    "Person",
    "PersonMonth",
    "Plan",
    "PopulationFigure",
    "PopulationProfile",
    "Principle",
    "Priority",
    "Project",
    "RateCard",
    "Reading",
    "RecordView",
    "ReisDomain",
    "ReisScore",
    "ScopeMonth",
    "Service",
    "Standard",
    "StandardTemplate",
    "StandardTemplateItem",
    "SummaryChange",
    "Telling",
    "answer_choices",
    "population_profile_save",
    "reading_record",
    "standards_add",
    "standards_save_as_template",
    "tax_year_label",
    "tax_year_of",
]
