"""Population profiles: the make-up of the people some services serve.

Adult mental health and Learning disability and autism have profiles as percentages
(from a made-up local needs assessment), the Lighthouse unit as numbers of people on
its caseload. Children and young people has none, so the dashboard shows how a
missing profile looks and where an admin enters it.
"""

from __future__ import annotations

from decimal import Decimal

from demo.story import Story
from projects.models import population_profile_save


def _figures(**questions: dict[str, float]) -> dict[str, dict[str, Decimal]]:
    return {
        question: {category: Decimal(str(value)) for category, value in values.items()}
        for question, values in questions.items()
    }


PROFILES = {
    "adult": (
        "percent",
        42_000,
        "Local mental health needs assessment 2025, from the 2021 Census",
        _figures(
            age_band={"18_24": 16, "25_34": 22, "35_49": 28, "50_64": 22, "65_plus": 12},
            sex={"female": 54, "male": 46},
            gender_same_as_birth={"yes": 99.4, "no": 0.6},
            ethnicity={"asian": 13, "black": 11, "mixed": 4, "white": 70, "other": 2},
            disability={"yes": 38, "no": 62},
            sexual_orientation={"straight": 89, "gay_lesbian": 3.5, "bisexual": 4.5, "other": 3},
        ),
    ),
    "ld": (
        "percent",
        6_200,
        "Learning disability register, March 2025",
        _figures(
            age_band={"18_24": 18, "25_34": 26, "35_49": 25, "50_64": 21, "65_plus": 10},
            sex={"female": 38, "male": 62},
            ethnicity={"asian": 10, "black": 6, "mixed": 4, "white": 78, "other": 2},
            disability={"yes": 96, "no": 4},
        ),
    ),
    "lighthouse": (
        "count",
        None,
        "Lighthouse unit caseload, 31 March 2025",
        _figures(
            age_band={"under_18": 18, "18_24": 2},
            sex={"female": 12, "male": 8},
            ethnicity={"asian": 3, "black": 2, "mixed": 1, "white": 14, "other": 0},
        ),
    ),
}


def create_population_profiles(story: Story) -> None:
    for key, (basis, people_served, source, figures) in PROFILES.items():
        population_profile_save(
            service=story.services[key],
            source=source,
            basis=basis,
            people_served=people_served,
            figures=figures,
            by=story.users["amara"],
        )
