"""The benchmark's data generator: sizes in proportion to the scale, the same rows
for the same seed, and the product's own rules kept (no timings here: speed is
measured by `make bench`, not by tests)."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import transaction

from demo.scale import generate as generate_data
from demo.scale import sizes_at
from ladder.models import Classification
from ladder.questions import is_faux_production
from principles.models import Answer, Response, Round
from projects.models import Activity, Involvement, Person, Project, Reading
from projects.rungs import RungStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 1)
TINY = 0.002


def generate(*, scale: float = TINY, seed: int = 1) -> dict[str, int]:
    return generate_data(scale=scale, seed=seed, today=TODAY)


def fingerprint() -> tuple:
    """What the data says, without ids or creation times."""
    return (
        tuple(
            Activity.objects.order_by("project__title", "date", "title", "pk").values_list(
                "project__title", "date", "kind", "title", "rung", "rung_status", "faux_production"
            )
        ),
        tuple(
            Involvement.objects.order_by(
                "activity__date", "activity__title", "hours", "pk"
            ).values_list("person__display_name", "hours", "fee_paid_pence", "paid_on")
        ),
        tuple(Person.objects.order_by("pk").values_list("display_name", "experience")),
    )


def test_it_makes_each_table_in_proportion_to_the_scale():
    counts = generate()
    expected = sizes_at(TINY)
    assert expected["activities"] == 300
    assert Activity.objects.count() == counts["activities"] == expected["activities"]
    assert Project.objects.count() == expected["projects"]
    assert Person.objects.count() == expected["people"]
    assert Round.objects.count() == expected["rounds"]
    # Sampled sizes land near their share (a tiny scale leaves room for chance).
    for name, model in [
        ("involvements", Involvement),
        ("classifications", Classification),
        ("principle_responses", Response),
    ]:
        assert model.objects.count() == counts[name]
        assert 0.8 * expected[name] <= counts[name] <= 1.2 * expected[name], name
    assert Answer.objects.count() == 7 * counts["principle_responses"]
    # Eight typed metrics a month for five years in every service's plan; the
    # charity-wide plan has none.
    assert Reading.objects.count() == 8 * 60 * (counts["plans"] - 1)


def test_twice_the_scale_makes_about_twice_the_rows():
    with transaction.atomic():
        small = generate(scale=TINY)
        transaction.set_rollback(True)
    large = generate(scale=2 * TINY)
    for name in ("projects", "activities", "people", "rounds"):
        assert large[name] == 2 * small[name], name
    for name in ("involvements", "classifications", "principle_responses", "answers"):
        assert 1.7 <= large[name] / small[name] <= 2.3, name


def test_the_same_seed_makes_the_same_data_and_another_seed_does_not():
    with transaction.atomic():
        generate(seed=1)
        first = fingerprint()
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(seed=1)
        again = fingerprint()
        transaction.set_rollback(True)
    generate(seed=2)
    assert first == again
    assert fingerprint() != first


def test_each_activity_repeats_its_newest_classification_as_the_ladder_would():
    generate()
    newest = {}
    for row in Classification.objects.order_by("pk").values(
        "activity", "label", "suggested_rung", "chosen_rung"
    ):
        newest[row["activity"]] = row
    checked = Counter()
    for activity in Activity.objects.prefetch_related("classifications__responses"):
        current = newest.get(activity.pk)
        if current is None:
            assert (activity.rung, activity.rung_status, activity.faux_production) == (
                None,
                RungStatus.UNCLASSIFIED,
                False,
            )
            checked["unclassified"] += 1
            continue
        latest = max(activity.classifications.all(), key=lambda c: c.pk)
        said = [response.verdict for response in latest.responses.all()]
        status = (
            RungStatus.CONTESTED
            if "contested" in said
            else RungStatus.CONFIRMED
            if said
            else RungStatus.PROPOSED
        )
        assert activity.rung == current["chosen_rung"]
        assert activity.rung_status == status
        assert activity.faux_production == is_faux_production(
            label=current["label"],
            suggested=current["suggested_rung"],
            chosen=current["chosen_rung"],
            contested=status == RungStatus.CONTESTED,
        )
        checked[status] += 1
    # The data really has each case.
    assert checked["unclassified"]
    assert checked[RungStatus.PROPOSED]
    assert checked[RungStatus.CONFIRMED]
    assert Activity.objects.filter(faux_production=True).exists()


def test_only_people_with_lived_experience_are_paid_at_the_card_rate():
    generate()
    for involvement in Involvement.objects.select_related("rate_card")[:500]:
        if involvement.person_id is None:
            assert (involvement.fee_paid_pence, involvement.expenses_pence) == (0, 0)
        else:
            assert involvement.fee_due_pence == involvement.rate_card.fee_for(involvement.hours)
