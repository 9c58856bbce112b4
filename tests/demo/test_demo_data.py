"""The demo generator tells a believable, repeatable two-year story."""

from __future__ import annotations

import datetime
import hashlib
import statistics
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from ladder.models import Classification, Response
from ladder.questions import is_faux_production, suggest_rung
from personal import page
from projects.models import (
    MAX_EXPENSES_PENCE,
    MAX_FEE_PENCE,
    Activity,
    EqualityMonitoring,
    Involvement,
    Membership,
    PaymentRun,
    Person,
    Project,
    RateCard,
    ReisDomain,
    Service,
    Telling,
)
from projects.pay_limits import pay_limit_check
from projects.rungs import RungStatus
from projects.telling import told_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Choice = Involvement.PaymentChoice


def run_demo(seed: int = 2024) -> str:
    out = StringIO()
    call_command("demo_data", seed=seed, stdout=out)
    return out.getvalue()


def story_digest() -> str:
    """A fingerprint of what was generated: names, dates, text and money, not ids."""
    rows = [
        *Service.objects.values_list("name", "kind", "parent__name"),
        *Person.objects.values_list(
            "display_name", "experience", "contact", "preferred_format", "access_needs"
        ),
        *Project.objects.values_list("title", "status", "start_date", "end_date"),
        *Activity.objects.values_list(
            "project__title", "date", "kind", "title", "duration_minutes", "what_changed"
        ),
        *Involvement.objects.values_list(
            "activity__title",
            "activity__date",
            "person__display_name",
            "staff__email",
            "hours",
            "fee_paid_pence",
            "payment_choice",
            "paid_on",
        ),
    ]
    return hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()


def digest_of_a_run(seed: int) -> str:
    """Run the generator, fingerprint it, then undo it, leaving the database empty."""
    with transaction.atomic():
        run_demo(seed)
        digest = story_digest()
        transaction.set_rollback(True)
    return digest


@pytest.fixture
def output() -> str:
    return run_demo()


def test_it_builds_services_people_and_projects(output):
    assert Service.objects.filter(kind=Service.Kind.DIVISION).count() >= 2
    assert Service.objects.filter(kind__in=["ward", "team"]).count() >= 8
    assert not Service.objects.filter(kind__in=["ward", "team"], parent=None).exists()
    assert 35 <= Person.objects.count() <= 45
    assert Person.objects.values("display_name").distinct().count() == Person.objects.count()
    assert Person.objects.filter(user__isnull=False).count() == 6
    assert not Person.objects.filter(consent_recorded_by=None).exists()
    monitored = EqualityMonitoring.objects.count()
    assert 14 <= monitored <= 26
    assert Project.objects.count() == 20
    assert set(Project.objects.values_list("status", flat=True)) == set(Project.Status.values)
    leads = Project.objects.annotate(
        leads=Count("memberships", filter=Q(memberships__role=Membership.Role.LEAD))
    ).aggregate(fewest=Min("leads"), most=Max("leads"))
    assert leads == {"fewest": 1, "most": 2}
    co_led = Project.objects.filter(
        memberships__role=Membership.Role.LEAD, memberships__user__role=Role.EXPERT
    )
    assert co_led.count() >= 3


def test_it_spreads_a_few_hundred_activities_over_two_years(output):
    activities = Activity.objects.all()
    span = activities.aggregate(first=Min("date"), last=Max("date"))
    assert activities.count() >= 200
    assert (span["last"] - span["first"]).days >= 600
    with_changes = activities.exclude(what_changed="").count() / activities.count()
    assert 0.45 <= with_changes <= 0.75
    participants = activities.annotate(n=Count("involvements")).aggregate(
        fewest=Min("n"), most=Max("n")
    )
    assert participants["fewest"] >= 2
    assert participants["most"] <= 8


def test_every_environmental_assessment_has_four_scores(output):
    assessments = Activity.objects.filter(kind=Activity.Kind.REIS)
    assert assessments.count() >= 3
    for assessment in assessments.prefetch_related("reis_scores"):
        scores = list(assessment.reis_scores.all())
        assert {score.domain for score in scores} == set(ReisDomain.values)
        assert all(1 <= score.rating <= 4 and score.findings for score in scores)


def test_every_involvement_keeps_the_payment_rules(output):
    cards = list(RateCard.objects.order_by("starts_on"))
    assert [card.hourly_rate_pence for card in cards] == [1500, 1850]
    involvements = Involvement.objects.select_related("activity", "rate_card")
    for involvement in involvements:
        day = involvement.activity.date
        assert (involvement.person_id is None) != (involvement.staff_id is None)
        assert Decimal("0.25") <= involvement.hours <= 24
        assert involvement.hours * 4 % 1 == 0  # whole quarters of an hour
        if involvement.staff_id:
            assert involvement.rate_card is None
            assert involvement.fee_paid_pence == involvement.expenses_pence == 0
            assert involvement.payment_choice == ""
            continue
        card = [c for c in cards if c.starts_on <= day][-1]
        assert involvement.rate_card == card
        assert involvement.fee_due_pence == card.fee_for(involvement.hours)
        assert involvement.fee_paid_pence <= MAX_FEE_PENCE
        assert involvement.expenses_pence <= MAX_EXPENSES_PENCE
        expected_paid = {
            Choice.PAID: involvement.fee_due_pence,
            Choice.DONATED: involvement.fee_due_pence,
            Choice.DECLINED: 0,
        }.get(involvement.payment_choice)
        if expected_paid is None:  # reduced
            assert 0 < involvement.fee_paid_pence < involvement.fee_due_pence
        else:
            assert involvement.fee_paid_pence == expected_paid
        assert bool(involvement.donated_to) == (involvement.payment_choice == Choice.DONATED)
        if involvement.paid_on:
            assert 5 <= (involvement.paid_on - day).days <= 30
    people = involvements.filter(person__isnull=False)
    # Vouchers only where the organisation gives them (PAYMENT_VOUCHERS, off in the demo).
    assert set(people.values_list("payment_choice", flat=True)) == set(Choice.values) - {
        Choice.VOUCHERS
    }
    assert people.filter(paid_on__isnull=False).count() > people.count() * 0.7
    recent = timezone.localdate() - datetime.timedelta(days=60)
    unpaid = people.filter(paid_on=None, fee_paid_pence__gt=0)
    assert unpaid.exists()
    assert not unpaid.filter(activity__date__lt=recent).exists()


def test_the_printed_logins_have_something_to_show(output):
    lines = [line.split() for line in output.splitlines() if "password:" in line]
    assert len(lines) == 5
    assert "Expert by experience" in output
    emails = {
        role: User.objects.get(email=email)
        for role, email in zip(Role.values, (line[-3] for line in lines), strict=True)
    }
    staff, expert = emails[Role.STAFF], emails[Role.EXPERT]
    assert staff.services.filter(kind=Service.Kind.WARD).count() == 1
    assert staff.memberships.filter(role=Membership.Role.LEAD).count() >= 3
    assert expert.memberships.filter(role=Membership.Role.LEAD).exists()
    record = Involvement.objects.filter(person__user=expert)
    assert record.count() >= 5
    assert record.filter(paid_on__isnull=False, fee_paid_pence__gt=0).exists()
    assert User.objects.filter(role=Role.EXPERT).count() == 6
    assert expert.check_password(lines[-1][-1])
    assert emails[Role.FINANCE].sees_payments


def test_finance_has_a_paid_run_an_open_run_and_payments_still_due(output):
    paid, open_run = PaymentRun.objects.paid().get(), PaymentRun.objects.open().get()
    assert paid.lines.exists()
    assert open_run.lines.exists()
    assert set(
        Involvement.objects.filter(payment_line__run=paid).values_list("paid_on", flat=True)
    ) == {paid.paid_on}
    assert not Involvement.objects.filter(payment_line__run=open_run, paid_on__isnull=False)
    assert Involvement.objects.due_for_payment(on=timezone.localdate()).exists()
    assert Service.objects.exclude(cost_centre="").count() >= 10


def test_someone_has_a_limit_they_are_near(output):
    person = Person.objects.get(pay_limit_pence__isnull=False)
    check = pay_limit_check(person, day=timezone.localdate())
    assert 0 < check.limit_pence - check.so_far_pence <= 3000


def test_it_tells_the_same_story_for_the_same_seed(db):
    first = digest_of_a_run(2024)
    assert not User.objects.exists()
    assert digest_of_a_run(2024) == first
    assert digest_of_a_run(7) != first


def test_it_refuses_a_database_that_already_has_data(db):
    UserFactory()
    with pytest.raises(CommandError, match="already has data in it"):
        run_demo()
    assert User.objects.count() == 1
    assert not Project.objects.exists()


# The ladder: classifications, what people said about them, and targets.


def test_it_classifies_most_older_activities_with_the_ladder_rules(output):
    older = Activity.objects.filter(date__lte=timezone.localdate() - datetime.timedelta(days=14))
    classified = older.exclude(rung=None)
    assert 0.7 <= classified.count() / older.count() <= 0.9
    assert not Activity.objects.filter(
        date__gt=timezone.localdate() - datetime.timedelta(days=14), rung__isnull=False
    ).exists()
    assert (
        not Activity.objects.filter(rung=None).exclude(rung_status=RungStatus.UNCLASSIFIED).exists()
    )
    for c in Classification.objects.select_related("activity").prefetch_related("responses"):
        activity, responses = c.activity, list(c.responses.all())
        assert c.suggested_rung == suggest_rung(c.answers)
        assert c.reason or c.chosen_rung == c.suggested_rung
        assert activity.date <= c.created_at.date() < timezone.localdate()
        assert activity.rung == c.chosen_rung
        contested = any(r.verdict == Response.Verdict.CONTESTED for r in responses)
        assert activity.faux_production == is_faux_production(
            label=c.label, suggested=c.suggested_rung, chosen=c.chosen_rung, contested=contested
        )
        assert all(r.answered_at > c.created_at for r in responses)
    # A few early meetings only told people what was planned.
    assert Activity.objects.filter(kind=Activity.Kind.MEETING, rung=3).exists()
    assert set(
        Activity.objects.filter(kind=Activity.Kind.QUESTIONNAIRE)
        .exclude(rung=None)
        .values_list("rung", flat=True)
    ) <= {4, 7}  # consultation, or (faux) called co-production


def test_some_work_is_called_co_production_when_the_answers_say_otherwise(output):

    faux = Classification.objects.filter(
        label="co_production", chosen_rung=7, suggested_rung__in=[4, 5]
    )
    assert 0.02 <= faux.count() / Classification.objects.count() <= 0.08
    assert not faux.filter(reason="").exists()
    assert Activity.objects.filter(faux_production=True).count() >= faux.count()


def test_people_who_took_part_confirm_and_some_contest(output):

    statuses = dict(
        Activity.objects.exclude(rung=None).values_list("rung_status").annotate(n=Count("pk"))
    )
    assert statuses[RungStatus.CONFIRMED] > statuses[RungStatus.PROPOSED]
    assert statuses[RungStatus.CONTESTED] >= 1
    assert statuses[RungStatus.PROPOSED] >= 1
    # People without an account answered through a member of staff.
    assert not Response.objects.filter(person__user=None, entered_by=None).exists()
    assert not Response.objects.contested().filter(reason="").exists()
    # Everyone who answered took part.
    assert not Response.objects.exclude(
        person__involvements__activity=models.F("classification__activity")
    ).exists()


def test_a_few_answers_were_entered_on_behalf_of_people_without_an_account(output):
    entered = Response.objects.exclude(entered_by=None).select_related("entered_by", "person")

    assert 3 <= entered.count() <= 10
    for response in entered:
        assert response.person.user is None
        assert response.entered_by.is_trust_staff
        assert response.how in {"phone", "in_person", "paper"}
        assert response.history.get().history_user == response.entered_by
    # The person given a printed link answers for themselves.
    assert not entered.filter(person__personal_links__isnull=False).exists()


def test_people_were_told_what_changed_in_the_ways_they_chose(output):
    told = Telling.objects.select_related("activity", "person")

    assert told.filter(how="page").count() >= 50
    assert told.filter(how="email").exists()
    assert told.filter(how="letter", printed_at__isnull=False).exists()
    # Every text told is the activity's, after the activity, before today.
    today = timezone.localdate()
    for telling in told:
        assert telling.what_changed == telling.activity.what_changed
        assert telling.activity.date < telling.created_at.date() < today
        assert telling.person.involvements.filter(activity=telling.activity).exists()
    # Everyone who took part in an activity with what changed was told on their
    # page, unless it was so recent they may not have been told yet.
    on_page = set(told.filter(how="page").values_list("activity_id", "person_id"))
    took_part = set(
        Involvement.objects.exclude(person=None)
        .exclude(activity__what_changed="")
        .filter(activity__date__lt=today - datetime.timedelta(days=28))
        .values_list("activity_id", "person_id")
    )
    assert took_part
    assert took_part <= on_page


def test_projects_have_targets_and_most_climb_the_ladder(output):
    targets = list(Project.objects.values_list("target_rung", flat=True))
    assert sum(target is not None for target in targets) >= len(targets) * 0.75
    assert sum(target in (6, 7) for target in targets) >= len(targets) * 0.6
    # Average rung in the story's first year and its last, for each project with
    # classified work in both: the middle project climbs, and not every one does.
    halfway = timezone.localdate() - datetime.timedelta(days=365)
    moves = []
    for project in Project.objects.all():
        rungs = list(project.activities.exclude(rung=None).values_list("date", "rung"))
        first = [rung for day, rung in rungs if day < halfway]
        last = [rung for day, rung in rungs if day >= halfway]
        if first and last:
            moves.append(sum(last) / len(last) - sum(first) / len(first))
    assert len(moves) >= 8
    assert statistics.median(moves) > 0.3
    assert any(move < 0 for move in moves)


def test_the_demo_sends_no_email(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_demo()
    assert Activity.objects.exclude(rung=None).exists()
    assert mailoutbox == []


# The seven principles: self-assessment rounds, who answered, and what they said.

from principles.models import Answer as PrincipleAnswer  # noqa: E402
from principles.models import Invitation, Perspective, Round  # noqa: E402
from principles.models import Response as PrincipleResponse  # noqa: E402
from principles.results import AnswerRow, round_results  # noqa: E402
from principles.texts import CODES  # noqa: E402


def _principle_results(round_):
    rows = [
        AnswerRow(*values)
        for values in PrincipleAnswer.objects.filter(
            response__round=round_, response__submitted_at__isnull=False
        ).values_list("response_id", "response__perspective", "principle", "score", "comment")
    ]
    return round_results(rows)


def test_about_a_dozen_projects_ran_principle_rounds_in_their_lifetime(output):
    today = timezone.localdate()
    assert 10 <= Round.objects.values("project").distinct().count() <= 14
    for round_ in Round.objects.select_related("project"):
        project = round_.project
        assert project.status != Project.Status.IDEA
        assert project.start_date <= round_.opens_on <= round_.closes_on
        if project.end_date:
            assert round_.closes_on <= project.end_date
        assert timezone.localtime(round_.created_at).date() == round_.opens_on
        if not round_.is_open(today):
            assert round_.closes_on < today
    open_rounds = Round.objects.open_on(today)
    assert 1 <= open_rounds.count() <= 2
    assert not open_rounds.filter(closes_on__lte=today).exists()


def test_the_printed_expert_has_an_open_round_to_answer(output):
    email = next(line.split()[-3] for line in output.splitlines() if "Expert by" in line)
    expert = User.objects.get(email=email)
    assert Person.objects.filter(user=expert).exists()
    waiting = Invitation.objects.for_user(expert).filter(
        round__in=Round.objects.open_on(timezone.localdate()), emailed_at=None, response=None
    )
    assert waiting.exists()


def test_most_people_answer_and_a_few_in_each_other_way(output):
    invited = Invitation.objects.count()
    responses = PrincipleResponse.objects.all()
    submitted = responses.submitted()
    assert 0.6 <= submitted.count() / invited <= 0.95
    assert responses.filter(submitted_at=None).count() >= 3  # drafts
    on_behalf = submitted.exclude(entered_on_behalf_by=None)
    assert 3 <= on_behalf.count() <= submitted.count() * 0.25
    # Typed in by one of the project's leads, for someone with no email link.
    for response in on_behalf.select_related("invitation", "round"):
        assert Membership.objects.filter(
            project_id=response.round.project_id,
            user=response.entered_on_behalf_by,
            role=Membership.Role.LEAD,
        ).exists()
        assert response.invitation.emailed_at is None
    anonymous = submitted.filter(anonymous_to_team=True)
    assert 3 <= anonymous.count() <= submitted.count() * 0.2
    assert not anonymous.filter(perspective=Perspective.STAFF).exists()
    for response in responses.select_related("round", "invitation"):
        assert response.round_id == response.invitation.round_id
        assert response.started_at <= response.updated_at <= timezone.now()
        assert response.invitation.created_at <= response.started_at
        answered_on = timezone.localtime(response.updated_at).date()
        assert response.round.opens_on <= answered_on <= response.round.closes_on
        if response.submitted_at:
            assert response.answers.count() == len(CODES)
        else:
            assert 1 <= response.answers.count() < len(CODES)


def test_staff_rate_power_higher_than_people_with_lived_experience(output):
    answers = PrincipleAnswer.objects.filter(response__submitted_at__isnull=False)

    def mean(principle, perspectives):
        scores = answers.filter(principle=principle, response__perspective__in=perspectives)
        return statistics.mean(s for s in scores.values_list("score", flat=True) if s)

    lived = [Perspective.LIVED_EXPERIENCE, Perspective.CARER]
    assert mean("power", [Perspective.STAFF]) > mean("power", lived) + 0.5
    assert mean("partnerships", [Perspective.STAFF]) > mean("partnerships", lived)
    assert answers.filter(dont_know=True, score=None).exists()
    commented = answers.exclude(comment="").count() / answers.count()
    assert 0.2 <= commented <= 0.4
    assert not answers.filter(dont_know=True).exclude(comment="").exists()


def test_results_show_a_gap_in_some_rounds_and_hide_small_groups_in_others(output):
    results = [_principle_results(round_) for round_ in Round.objects.all()]
    shown = [r for r in results if None not in r.respondents.values()]
    assert len(shown) >= 5
    gaps = [p.gap for r in shown for p in r.principles if p.code == "power" and p.gap is not None]
    assert any(gap < 0 for gap in gaps)
    assert statistics.mean(gaps) < 0
    assert any(None in r.respondents.values() for r in results)  # fewer than three on a side


def test_the_demo_sends_no_principle_invitations(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_demo()
    assert Invitation.objects.exists()
    assert mailoutbox == []


def test_it_prints_a_personal_link_to_a_full_page_for_someone_without_an_account(output, client):
    lines = [line.strip() for line in output.splitlines()]
    link = next(line for line in lines if line.startswith("http") and "/me/" in line)
    code = lines[lines.index(next(line for line in lines if "/me/code/" in line)) + 1]

    opened = client.get(link.removeprefix("http://127.0.0.1:8000"))

    assert opened.status_code == 302
    html = client.get(opened["Location"]).content.decode()
    person = Person.objects.get(personal_links__isnull=False)
    assert person.user is None
    assert person.display_name in html
    assert page.rounds_waiting(person)
    assert len(page.rungs_to_check(person)) >= 3
    assert told_for(person)
    assert "We told you on" in html
    assert len([total for total in page.tax_years(person) if total.year]) >= 2
    client.logout()
    assert client.post(reverse("personal:code"), {"code": code}).status_code == 302


def test_it_advertises_open_closed_and_filled_opportunities_with_interest(output):
    from opportunities.models import Interest, Opportunity, Status

    today = timezone.localdate()
    statuses = {opportunity.status(today) for opportunity in Opportunity.objects.all()}
    assert statuses == {Status.OPEN, Status.CLOSED, Status.FILLED}
    # Interest in each kind: people said so for the closed and filled ones too.
    interested = {
        interest.opportunity.status(today)
        for interest in Interest.objects.current().select_related("opportunity")
    }
    assert interested == {Status.OPEN, Status.CLOSED, Status.FILLED}
    assert Opportunity.objects.public().open_on(today).exists()
    hows = set(Interest.objects.values_list("how", flat=True))
    assert Interest.How.PERSONAL_LINK in hows
    assert hows & {Interest.How.IN_PERSON, Interest.How.PHONE, Interest.How.PAPER}
    on_behalf = Interest.objects.exclude(how=Interest.How.PERSONAL_LINK)
    assert not on_behalf.filter(entered_by__isnull=True).exists()
    assert Interest.objects.filter(withdrawn_at__isnull=False).exists()


def test_the_filled_opportunity_has_chosen_accepted_declined_and_thanked_people(output):
    from opportunities.models import Interest

    decided = Interest.objects.filter(opportunity__filled_at__isnull=False)
    assert decided.filter(decision="chosen", reply="accepted", reply_entered_by=None).exists()
    assert (
        decided.filter(decision="chosen", reply="declined").exclude(reply_entered_by=None).exists()
    )
    assert decided.filter(decision="not_chosen", told_at__isnull=False).exists()
    assert not decided.filter(told_at__isnull=True).exists()


def test_the_printed_person_is_offered_opportunities_and_said_yes_to_one(output, client):
    from opportunities.models import Interest, Opportunity

    person = Person.objects.get(personal_links__isnull=False)
    offered = Opportunity.objects.for_person(person, timezone.localdate())
    assert offered.count() >= 2
    said_yes = Interest.objects.get(person=person)
    assert said_yes.how == Interest.How.PERSONAL_LINK
    assert said_yes.opportunity in offered


def test_some_people_chose_the_digest_and_last_weeks_went_out(output):
    from opportunities.digest import people_to_tell, week_of
    from opportunities.models import Digest
    from outbox.models import OutboundEmail

    chose = people_to_tell()
    assert chose.count() >= 5
    last_week = week_of(timezone.localdate()) - datetime.timedelta(days=7)
    digests = Digest.objects.filter(week=last_week)
    assert digests.exists()
    assert set(digests.values_list("person", flat=True)) <= set(chose.values_list("pk", flat=True))
    sent = OutboundEmail.objects.filter(key__in=digests.values("email_key"))
    assert sent.count() == digests.count()
    assert set(sent.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert (
        not Person.objects.filter(opportunities_digest=True)
        .exclude(pk__in=chose.values("pk"))
        .exists()
    ), "only people with an address and their agreement chose it"


def test_wards_reassess_their_environment_and_act_on_what_they_find(output):
    from actions.models import Action
    from actions.reis import reis_cycle

    today = timezone.localdate()
    cycles = [
        reis_cycle(service, today=today)
        for service in Service.objects.filter(kind=Service.Kind.WARD)
    ]
    repeated = [cycle for cycle in cycles if len(cycle.assessments) >= 2]
    assert len(repeated) >= 2, "a few wards have been assessed more than once"
    assert all(cycle.next_due for cycle in repeated)
    changes = {
        result.change
        for cycle in repeated
        for assessment in cycle.assessments
        for result in assessment.results
    }
    assert {"up", "first"} <= changes
    from_findings = Action.objects.exclude(source_type__isnull=True)
    assert from_findings.filter(status="done").exclude(evidence="").count() >= 3
    assert Action.objects.overdue(today).exists(), "something for the dashboard to chase"
    assert sum(cycle.open_actions for cycle in repeated) >= 1


def test_one_cohort_of_seven_teams_rated_themselves_twice(output, client):
    from training.models import Cohort, SelfRating, Stage

    cohort = Cohort.objects.get()
    assert cohort.teams.count() == 7
    members = cohort.teams.values_list("members", flat=True)
    sent = SelfRating.objects.submitted().filter(member__team__cohort=cohort)
    for stage in Stage:
        assert sent.filter(stage=stage).count() == len(members)
    assert sent.filter(entered_on_behalf_by__isnull=False).exists()
    client.force_login(User.objects.filter(role=Role.GOVERNANCE).first())
    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))
    whole = response.context["change"]
    assert all(p.change is not None and p.change > 0 for p in whole.principles)
    teams = {team.name: team.change for team in response.context["teams"]}
    assert teams["Crisis team"].people["baseline"] is None
    assert sum(team.anything_shown for team in teams.values()) == 5
