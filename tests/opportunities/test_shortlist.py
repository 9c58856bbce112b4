"""Choosing fairly: new voices, times involved this tax year, and a neutral flag that
never gives away anyone's equality answers, even to someone comparing shortlists."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Decision, Interest
from opportunities.shortlist import groups_heard_less, shortlist_for
from projects.models import EqualityMonitoring
from projects.models.population import population_profile_save
from tests.factories import ActivityFactory, InterestFactory, InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db

FLAG = "Would help the team hear from groups it hears from less"
# Words that would give an answer away: the categories, and the questions.
ANSWER_WORDS = ["Black", "Asian", "White", "18 to 24", "50 to 64", "Ethnic", "Age", "ethnic"]


@pytest.fixture
def recent(world, today):
    return ActivityFactory(project=world["project"], date=today - datetime.timedelta(days=30))


@pytest.fixture
def profiled(world):
    """Willow ward serves as many Black people as White, and as many aged 18 to 24
    as 50 to 64 (made-up figures)."""
    population_profile_save(
        service=world["service"],
        source="Made-up census figures",
        basis="percent",
        people_served=1000,
        figures={
            "ethnicity": {"white": Decimal(40), "black": Decimal(40), "asian": Decimal(20)},
            "age_band": {"18_24": Decimal(50), "50_64": Decimal(50)},
        },
        by=world["admin"],
    )


def answered(person, **answers):
    EqualityMonitoring.objects.update_or_create(person=person, defaults=answers)
    return person


def involved(activity, n, **answers):
    for _ in range(n):
        InvolvementFactory(activity=activity, person=answered(PersonFactory(), **answers))


def interested(opportunity, name, **answers):
    person = PersonFactory(display_name=name)
    if answers:
        answered(person, **answers)
    return InterestFactory(opportunity=opportunity, person=person)


@pytest.fixture
def heard_less(recent, profiled):
    """In the last 12 months, 9 White people aged 50 to 64 and 3 Black people
    aged 18 to 24 took part: Black people and people aged 18 to 24 are heard from
    less (a quarter of those involved, against 40% and 50%), two questions."""
    involved(recent, 9, ethnicity="white", age_band="50_64")
    involved(recent, 3, ethnicity="black", age_band="18_24")


def page(client, opportunity, query=""):
    html = client.get(reverse("opportunities:shortlist", args=[opportunity.pk]) + query).content
    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


def test_it_finds_groups_heard_from_less(world, panel, heard_less, today):
    assert groups_heard_less(panel, today) == {("ethnicity", "black"), ("age_band", "18_24")}


def test_a_group_with_fewer_than_3_people_involved_does_not_count(
    world, panel, recent, profiled, today
):
    involved(recent, 9, ethnicity="white", age_band="50_64")
    involved(recent, 2, ethnicity="black", age_band="18_24")
    assert groups_heard_less(panel, today) == set()


def test_staff_see_new_voices_times_this_year_and_the_neutral_flag(
    client, world, panel, heard_less, recent
):
    amara = interested(panel, "Amara", ethnicity="black", age_band="50_64")
    interested(panel, "Bea", ethnicity="white", age_band="18_24")
    interested(panel, "Cai", ethnicity="black", age_band="18_24")
    dan = interested(panel, "Dan", ethnicity="white", age_band="50_64")
    InvolvementFactory(activity=recent, person=dan.person)
    interested(panel, "Ede")
    listed = shortlist_for(panel, recent.date + datetime.timedelta(days=30))
    by_name = {row.person.display_name: row for row in listed.rows}
    assert listed.flags_shown
    assert {name for name, row in by_name.items() if row.helps_hear} == {"Amara", "Bea", "Cai"}
    assert by_name["Dan"].new_voice is False
    assert by_name["Dan"].times_this_year == 1
    assert by_name["Amara"].new_voice is True
    assert by_name["Amara"].times_this_year == 0
    client.force_login(world["staff"])
    html = page(client, panel)
    assert html.count(FLAG) == 3
    for word in ANSWER_WORDS:
        assert word not in html.split("<main")[1], word
    assert amara.person.display_name in html


def test_the_elimination_attack_learns_nothing(client, world, panel, heard_less, today):
    """An attacker compares two shortlists that differ only in one person's answers
    (as if they compared the list before and after someone joined, or two
    opportunities of the same service). While fewer than 3 people would get the
    flag, no flag is shown and the suggestion ignores it: both pages, and both
    suggestions, are the same."""
    panel.places = 2
    panel.save()
    interested(panel, "Amara", ethnicity="black", age_band="50_64")
    target = interested(panel, "Xan", ethnicity="white", age_band="50_64")
    interested(panel, "Dan", ethnicity="white", age_band="50_64")
    interested(panel, "Eli", ethnicity="white", age_band="50_64")
    client.force_login(world["staff"])
    before = page(client, panel), page(client, panel, "?suggest=1")
    # The same list, but Xan answered as someone heard from less.
    answered(target.person, ethnicity="black", age_band="18_24")
    after = page(client, panel), page(client, panel, "?suggest=1")
    assert before == after
    assert FLAG not in before[0] + before[1]
    # The control: one more person heard from less, and the flags show, so the
    # sameness above is the rule at work, not a page that never shows them.
    answered(PersonFactory(), ethnicity="black")
    interested(panel, "Fay", ethnicity="black")
    assert FLAG in page(client, panel)


def test_the_flag_needs_groups_from_two_questions(client, world, panel, recent, profiled):
    """When only one question's groups are heard from less, a flag would be that
    answer: no flag is shown, whoever answered what."""
    involved(recent, 9, ethnicity="white")
    involved(recent, 3, ethnicity="black")
    assert groups_heard_less(panel, recent.date) == {("ethnicity", "black")}
    people = [interested(panel, name, ethnicity="black") for name in ("Amara", "Bo", "Cy")]
    client.force_login(world["staff"])
    before = page(client, panel)
    answered(people[0].person, ethnicity="white")
    assert page(client, panel) == before
    assert FLAG not in before


def test_prefer_not_to_say_is_just_no_flag(world, panel, heard_less, today):
    for name in ("Amara", "Bea", "Cai"):
        interested(panel, name, ethnicity="black")
    quiet = interested(panel, "Dee", ethnicity="prefer_not_to_say")
    listed = shortlist_for(panel, today)
    row = next(r for r in listed.rows if r.interest == quiet)
    assert listed.flags_shown
    assert not row.helps_hear


def test_the_suggestion_puts_new_voices_first_up_to_the_places(world, panel, recent, today):
    panel.places = 2
    panel.save()
    regular = interested(panel, "Reg")
    InvolvementFactory(activity=recent, person=regular.person)
    interested(panel, "Nia")
    interested(panel, "Ola")
    listed = shortlist_for(panel, today)
    assert [row.person.display_name for row in listed.suggested] == ["Nia", "Ola"]
    nia = next(row for row in listed.rows if row.person.display_name == "Nia")
    assert nia.reasons == ["A new voice: not involved in the last 12 months."]
    reg = next(row for row in listed.rows if row.person.display_name == "Reg")
    assert reg.reasons == ["Involved once this tax year."]


def test_suggest_ticks_the_boxes_without_javascript(client, world, panel):
    nia = interested(panel, "Nia")
    client.force_login(world["staff"])
    html = page(client, panel, "?suggest=1")
    assert f'value="{nia.pk}" checked' in html
    assert "Suggested." in html
    assert f'value="{nia.pk}" checked' not in page(client, panel)


def test_staff_choose_people_and_it_is_audited(client, world, panel):
    nia = interested(panel, "Nia")
    ola = interested(panel, "Ola")
    client.force_login(world["staff"])
    response = client.post(
        reverse("opportunities:shortlist", args=[panel.pk]), {"chosen": [str(nia.pk)]}
    )
    assert response.status_code == 302
    nia.refresh_from_db()
    ola.refresh_from_db()
    assert nia.decision == Decision.CHOSEN
    assert ola.decision == Decision.NOT_CHOSEN
    latest = nia.history.latest()
    assert latest.history_user == world["staff"]
    assert latest.decision == "chosen"


def test_choosing_more_people_than_places_is_an_error(client, world, panel):
    panel.places = 1
    panel.save()
    both = [str(interested(panel, name).pk) for name in ("Nia", "Ola")]
    client.force_login(world["staff"])
    response = client.post(reverse("opportunities:shortlist", args=[panel.pk]), {"chosen": both})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose no more than 1 person" in html
    assert 'href="#id_chosen_0"' in html
    assert html.count("checked") == 2  # what they ticked is kept
    assert not Interest.objects.exclude(decision="").exists()


def test_the_shortlist_page_query_count_does_not_grow(client, world, panel, heard_less):
    client.force_login(world["staff"])
    url = reverse("opportunities:shortlist", args=[panel.pk])
    counts = []
    for n in range(2):
        interested(panel, f"Person {n}", ethnicity="black")
    for more in (0, 6):
        for n in range(more):
            interested(panel, f"More {n}", ethnicity="white")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_with_everyone_told_there_is_no_save_button_and_the_page_says_why(client, world, panel):
    nia = interested(panel, "Nia")
    ola = interested(panel, "Ola")
    client.force_login(world["staff"])
    assert "Save choices" in page(client, panel)
    Interest.objects.filter(pk=nia.pk).update(decision="chosen", told_at=timezone.now())
    assert "Save choices" in page(client, panel)  # Ola may still be chosen

    Interest.objects.filter(pk=ola.pk).update(decision="not_chosen", told_at=timezone.now())
    html = page(client, panel)

    assert "Save choices" not in html
    assert "Suggest a fair shortlist" not in html
    assert "Everyone interested has been told what we decided" in html
