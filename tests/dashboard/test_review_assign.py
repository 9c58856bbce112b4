"""Choosing peer reviewers: never from the plan's own service tree, fairly in turn,
once per report however often it runs, with one email each."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from accounts.models import Role
from dashboard.models import Assignment, ExpertVolunteer, Report
from dashboard.reviews.assigning import (
    expert_candidates,
    lead_candidates,
    offer_answer,
    related_service_ids,
    reviewers_assign,
    reviewers_assign_all,
)
from dashboard.tasks import reviewers_assign_task
from outbox.models import OutboundEmail
from tests.dashboard.reviews_data import ready_report
from tests.factories import (
    MembershipFactory,
    PlanFactory,
    ProjectFactory,
    ServiceFactory,
    UserFactory,
)
from tests.smtp import smtp_server
from tests.worker import celery_worker


@pytest.fixture
def tree(db):
    """A division with two wards (one has a team under it), and two other teams.

    The plan is Ward A's. Nobody in the division, Ward A or its team may review
    it, nor its owner or sponsor. Ward B (a sibling), the two other teams and a
    governance lead with no service may.
    """
    division = ServiceFactory(name="Adult division", kind="division")
    ward_a = ServiceFactory(name="Ward A", kind="ward", parent=division)
    ward_a_team = ServiceFactory(name="Ward A night team", parent=ward_a)
    ward_b = ServiceFactory(name="Ward B", kind="ward", parent=division)
    team_c = ServiceFactory(name="Team C")
    team_e = ServiceFactory(name="Team E")

    def staff(name: str, *services, role=Role.STAFF):
        user = UserFactory(full_name=name, role=role)
        for service in services:
            service.members.add(user)
        return user

    people = {
        "in_division": staff("Dee Division", division),
        "in_ward_a": staff("Ali WardA", ward_a),
        "in_ward_a_team": staff("Tam Team", ward_a_team),
        "in_a_and_c": staff("Bo Both", ward_a, team_c),
        "owner": staff("Owen Owner", team_c),
        "sponsor": staff("Sue Sponsor", team_e),
        "c1": staff("Cat C", team_c),
        "b1": staff("Ben B", ward_b),
        "e1": staff("Eli E", team_e),
        "governance": staff("Gail Governance", role=Role.GOVERNANCE),
        "admin": staff("Ada Admin", role=Role.ADMIN),
        "inactive": staff("Ina Inactive", team_c),
    }
    people["inactive"].is_active = False
    people["inactive"].save()
    plan = PlanFactory(service=ward_a, sponsor_user=people["sponsor"])
    plan.owners.add(people["owner"])
    return {"plan": plan, "people": people, "ward_a": ward_a, "team_c": team_c}


def test_related_services_are_the_plan_service_and_everything_above_and_below(tree):
    names = set(
        ServiceFactory._meta.model.objects.filter(
            pk__in=related_service_ids(tree["plan"])
        ).values_list("name", flat=True)
    )
    assert names == {"Adult division", "Ward A", "Ward A night team"}


def test_only_people_from_other_services_may_review_and_never_owners_or_the_sponsor(tree):
    people = tree["people"]
    eligible = set(lead_candidates(tree["plan"]))
    assert eligible == {people["c1"], people["b1"], people["e1"], people["governance"]}


def test_several_reports_in_a_row_go_round_fairly(tree, mailoutbox):
    people = tree["people"]
    everyone = [people["c1"], people["b1"], people["e1"], people["governance"]]
    chosen = []
    for _ in range(6):
        report = ready_report(tree["plan"])
        (assignment,) = reviewers_assign(report=report)
        chosen.append(assignment.reviewer)
    # Nobody is asked twice before everyone has been asked once; no turns yet is
    # settled by account order (a stable order every run agrees on).
    assert chosen[:4] == sorted(everyone, key=lambda user: user.pk)
    # Then round again, longest since their last turn first.
    assert chosen[4:] == chosen[:2]
    related = related_service_ids(tree["plan"])
    for reviewer in chosen:
        assert not reviewer.services.filter(pk__in=related).exists()


def test_a_turn_taken_away_by_an_admin_does_not_count_but_a_sent_review_does(tree):
    people = tree["people"]
    first = ready_report(tree["plan"])
    (taken_away,) = reviewers_assign(report=first)
    Assignment.objects.filter(pk=taken_away.pk).update(ended_at=timezone.now())
    second = ready_report(tree["plan"])
    (again,) = reviewers_assign(report=second)
    assert again.reviewer == taken_away.reviewer
    Assignment.objects.filter(pk=again.pk).update(submitted_at=timezone.now())
    third = ready_report(tree["plan"])
    (next_one,) = reviewers_assign(report=third)
    assert next_one.reviewer != again.reviewer
    assert next_one.reviewer in {people["c1"], people["b1"], people["e1"], people["governance"]}


def test_assigning_twice_assigns_nobody_new_and_emails_each_reviewer_once(
    tree, mailoutbox, django_capture_on_commit_callbacks
):
    report = ready_report(tree["plan"])
    with django_capture_on_commit_callbacks(execute=True):
        made = reviewers_assign(report=report)
        again = reviewers_assign(report=report)
        swept = reviewers_assign_all()
    assert len(made) == 1
    assert again == []
    assert swept == 0
    assert Assignment.objects.filter(report=report).count() == 1
    assignment = made[0]
    assert [m.to for m in mailoutbox] == [[assignment.reviewer.email]]
    assert f"/dashboard/reviews/{assignment.pk}/" in mailoutbox[0].body
    assert OutboundEmail.objects.filter(key=f"review-{assignment.pk}-invitation").count() == 1


def test_reports_not_ready_get_no_reviewer(tree):
    report = ready_report(tree["plan"])
    Report.objects.filter(pk=report.pk).update(status=Report.Status.BUILDING)
    assert reviewers_assign(report=report) == []
    assert reviewers_assign_all() == 0


def test_when_nobody_may_review_the_report_waits_without_error(db):
    ward = ServiceFactory(name="Lonely ward")
    ward.members.add(UserFactory(role=Role.STAFF))
    report = ready_report(PlanFactory(service=ward))
    assert reviewers_assign(report=report) == []
    assert not Assignment.objects.exists()


def test_a_willing_expert_from_elsewhere_is_offered_the_co_review(tree):
    plan = tree["plan"]
    willing = UserFactory(role=Role.EXPERT, full_name="Wil Willing")
    ExpertVolunteer.objects.create(user=willing)
    not_willing = UserFactory(role=Role.EXPERT)
    ExpertVolunteer.objects.create(user=not_willing, is_willing=False)
    in_ward_project = UserFactory(role=Role.EXPERT)
    ExpertVolunteer.objects.create(user=in_ward_project)
    MembershipFactory(project=ProjectFactory(services=[tree["ward_a"]]), user=in_ward_project)
    report = ready_report(plan)
    assert list(expert_candidates(report)) == [willing]

    made = reviewers_assign(report=report)
    expert = next(a for a in made if a.kind == Assignment.Kind.EXPERT)
    assert (expert.reviewer, expert.status) == (willing, Assignment.Status.OFFERED)
    offer_email = OutboundEmail.objects.get(key=f"review-{expert.pk}-invitation")
    assert offer_email.to == willing.email
    assert offer_email.subject == "Would you like to help review the Ward A plan?"


def test_an_expert_saying_no_passes_the_offer_to_the_next(tree):
    first, second = (UserFactory(role=Role.EXPERT) for _ in range(2))
    for expert in (first, second):
        ExpertVolunteer.objects.create(user=expert)
    report = ready_report(tree["plan"])
    offer = next(a for a in reviewers_assign(report=report) if a.kind == "expert")
    assert offer.reviewer == first
    offer_answer(assignment=offer, accept=False)
    made = reviewers_assign_all()
    assert made == 1
    current = Assignment.objects.current().get(report=report, kind="expert")
    assert current.reviewer == second
    # Nobody is asked twice about the same report, and saying no is not a turn.
    offer_answer(assignment=current, accept=False)
    assert reviewers_assign_all() == 0
    assert list(expert_candidates(ready_report(tree["plan"]))) == [first, second]


@pytest.mark.worker
def test_a_real_worker_assigns_and_emails_once_when_the_task_runs_twice(transactional_db):
    ward = ServiceFactory(name="Willow ward")
    elsewhere = ServiceFactory(name="Community team")
    reviewer = UserFactory(role=Role.STAFF, email="rev@example.org")
    elsewhere.members.add(reviewer)
    plan = PlanFactory(service=ward)
    report = Report.objects.create(
        plan=plan,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        trigger=Report.Trigger.SCHEDULE,
        status=Report.Status.READY,
    )
    with smtp_server() as inbox, celery_worker(env=inbox.worker_env()):
        reviewers_assign_task.delay()
        reviewers_assign_task.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()
            if sent:
                break
            time.sleep(0.2)
        time.sleep(2)  # room for a second assignment or email, if there were one
        assignments = list(Assignment.objects.filter(report=report))
        assert [a.reviewer for a in assignments] == [reviewer]
        assert inbox.subjects() == [f"Please peer review the {plan}"]
        assert OutboundEmail.objects.get().key == f"review-{assignments[0].pk}-invitation"
