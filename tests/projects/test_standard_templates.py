"""Starting a plan's standards from a template: the seven principles, the national
Co-Production Model, or one an admin saved; reports group standards by the value
or step they came from."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dashboard.reports.render import NO_SOURCE, standard_groups
from projects.models import Standard, StandardTemplate
from projects.principle_texts import CODES
from projects.standard_templates import PARTS, ModelPart
from tests.factories import PlanFactory, StandardFactory


@pytest.fixture
def plan(world):
    return PlanFactory(service=world["service"])


def test_the_model_has_five_values_and_seven_steps():
    assert sum(part.is_value for part in PARTS) == 5
    assert sum(not part.is_value for part in PARTS) == 7
    assert {part.part for part in PARTS} == set(ModelPart)
    assert {str(part.principle.value) for part in PARTS} <= set(CODES)


def test_admins_start_standards_from_the_co_production_model(client, world, plan):
    StandardFactory(plan=plan, statement="Our own first standard", principle="power")
    client.force_login(world["admin"])
    url = reverse("projects:standard_template_use", args=[plan.pk])
    response = client.post(url, {"template": "model"})
    assert response.url == reverse("projects:plan_detail", args=[plan.pk])
    standards = list(plan.standards.all())
    assert len(standards) == 13
    assert standards[0].statement == "Our own first standard"
    assert [s.model_part for s in standards[1:]] == [str(part.part.value) for part in PARTS]
    assert [s.order for s in standards[1:]] == list(range(2, 14))
    page = client.get(reverse("projects:plan_detail", args=[plan.pk]))
    assert "From the Co-Production Model: Value: sharing power and decisions" in page.text


def test_the_principles_template_gives_one_standard_per_principle(client, world, plan):
    client.force_login(world["admin"])
    client.post(
        reverse("projects:standard_template_use", args=[plan.pk]), {"template": "principles"}
    )
    assert list(plan.standards.values_list("principle", flat=True)) == list(CODES)
    assert not plan.standards.exclude(model_part="").exists()


def test_choosing_no_template_says_so(client, world, plan):
    client.force_login(world["admin"])
    response = client.post(reverse("projects:standard_template_use", args=[plan.pk]), {})
    assert response.status_code == 200
    assert "Choose a template to start from" in response.text
    response = client.post(
        reverse("projects:standard_template_use", args=[plan.pk]), {"template": "saved-999"}
    )
    assert "Select a valid choice" in response.text
    assert not plan.standards.exists()


def test_admins_save_a_plans_standards_and_start_another_plan_from_them(client, world, plan):
    StandardFactory(plan=plan, statement="Patients co-chair the ward meeting", principle="power")
    Standard.objects.create(
        plan=plan,
        statement="We pay people fairly",
        principle="give_and_take",
        model_part=ModelPart.STEP_RECOGNITION,
        order=2,
    )
    client.force_login(world["admin"])
    save = reverse("projects:standard_template_save", args=[plan.pk])
    assert "Enter a name for the template" in client.post(save, {"name": " "}).text
    client.post(save, {"name": "Inpatient wards"})
    template = StandardTemplate.objects.get()
    assert template.created_by == world["admin"]
    assert (
        "There is already a template with this name"
        in client.post(save, {"name": "inpatient wards"}).text
    )
    other = PlanFactory(service=world["other_service"])
    client.post(
        reverse("projects:standard_template_use", args=[other.pk]),
        {"template": f"saved-{template.pk}"},
    )
    assert list(other.standards.values_list("statement", "principle", "model_part")) == [
        ("Patients co-chair the ward meeting", "power", ""),
        ("We pay people fairly", "give_and_take", "step_recognition"),
    ]


def test_a_plan_with_no_standards_has_nothing_to_save(client, world, plan):
    client.force_login(world["admin"])
    response = client.post(
        reverse("projects:standard_template_save", args=[plan.pk]), {"name": "Empty"}
    )
    assert "This plan has no standards to save yet" in response.text
    assert not StandardTemplate.objects.exists()


def test_reports_group_standards_by_the_value_or_step_they_came_from():
    standards = [
        {"statement": "A", "principle": "Power", "source": "Value: sharing power and decisions"},
        {"statement": "B", "principle": "Power", "source": ""},
        {"statement": "C", "principle": "Power", "source": "Value: sharing power and decisions"},
    ]
    assert standard_groups(standards) == [
        ("Value: sharing power and decisions", [standards[0], standards[2]]),
        (NO_SOURCE, [standards[1]]),
    ]


def test_reports_frozen_before_standards_had_a_source_list_them_as_before():
    old = [{"statement": "A", "principle": "Power"}, {"statement": "B", "principle": "Power"}]
    assert standard_groups(old) == [("", old)]
    assert standard_groups([]) == []


def test_a_report_groups_the_plans_standards_by_where_they_came_from(client, world, plan):
    from tests.dashboard.report_data import ready

    client.force_login(world["admin"])
    client.post(reverse("projects:standard_template_use", args=[plan.pk]), {"template": "model"})
    StandardFactory(plan=plan, statement="Our own standard", principle="power", order=99)
    report = ready(plan)
    sources = [s["source"] for s in report.snapshot["plan"]["standards"]]
    assert sources[0] == "Value: everyone owns co-production"
    assert sources[-1] == ""
    page = client.get(reverse("dashboard:report_detail", args=[report.pk])).text
    assert "<h4>Step: review and share what was learned</h4>" in page
    assert page.index("Step: review and share what was learned") < page.index(NO_SOURCE)
    assert page.index(NO_SOURCE) < page.index("Our own standard")
