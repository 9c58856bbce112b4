"""Writing a peer review, the co-reviewer's pages, owners' answers, the lists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actions.models import Action
from dashboard.models import Assignment, ExpertVolunteer, Recommendation, Review, StandardRating
from dashboard.reports.snapshot import report_snapshot
from tests.dashboard.reviews_data import assign, co_reviewer, ready_report, sent_review
from tests.factories import PlanFactory, StandardFactory


@pytest.fixture
def plan(world):
    plan = PlanFactory(service=world["service"])
    plan.owners.add(world["staff"])
    StandardFactory(plan=plan, statement="People with lived experience shape the agenda.")
    StandardFactory(plan=plan, statement="Everyone is paid fairly for their time.", order=1)
    return plan


@pytest.fixture
def lead(plan, world):
    return assign(ready_report(plan), world["other_staff"])


def review_post(plan, **overrides) -> dict[str, str]:
    first, second = plan.standards.order_by("order", "pk")
    data = {
        f"rating_{first.pk}": "met",
        f"evidence_{first.pk}": "The group set its own agenda at every meeting.",
        f"rating_{second.pk}": "partly",
        f"evidence_{second.pk}": "Fees were paid, expenses late twice.",
        "strengths": "Meetings are chaired by people with lived experience.",
        "recommendation_1": "Pay expenses within a week.",
        "recommendation_2": "",
        "recommendation_3": "Invite carers to the steering group.",
        "action": "continue",
    }
    data.update(overrides)
    return data


def test_the_reviewer_writes_checks_and_sends_a_review(
    client, world, plan, lead, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world["other_staff"])
    url = reverse("dashboard:review_edit", args=[lead.pk])
    assert "Standard 1: People with lived experience" in client.get(url).content.decode()
    response = client.post(url, review_post(plan))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:review_check", args=[lead.pk])
    review = Review.objects.get(assignment=lead)
    assert [r.text for r in review.recommendations.all()] == [
        "Pay expenses within a week.",
        "Invite carers to the steering group.",
    ]
    assert sorted(review.ratings.values_list("rating", flat=True)) == ["met", "partly"]
    check = client.get(response["Location"]).content.decode()
    assert "Check your review before sending it" in check
    assert "Send the review" in check
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    lead.refresh_from_db()
    assert lead.submitted_at is not None
    review.refresh_from_db()
    assert review.responses_due_on is not None
    # The owner is told, once.
    assert [m.to for m in mailoutbox] == [[world["staff"].email]]
    # Sent is final: the form now leads to the thank-you page.
    assert client.get(url)["Location"] == reverse("dashboard:review_done", args=[lead.pk])


def test_a_missing_rating_shows_the_error_and_keeps_what_was_typed(client, world, plan, lead):
    client.force_login(world["other_staff"])
    first = plan.standards.order_by("order", "pk").first()
    data = review_post(plan, **{f"rating_{first.pk}": "", "strengths": ""})
    response = client.post(reverse("dashboard:review_edit", args=[lead.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert (
        f'href="#id_rating_{first.pk}_0">Choose met, partly met or not met for standard 1' in page
    )
    assert "Enter the strengths you saw" in page
    assert "The group set its own agenda at every meeting." in page
    assert "Pay expenses within a week." in page
    assert not Review.objects.exists(), "an invalid continue saves nothing"


def test_a_draft_saves_with_gaps_and_reopens_as_left(client, world, plan, lead):
    client.force_login(world["other_staff"])
    url = reverse("dashboard:review_edit", args=[lead.pk])
    first = plan.standards.order_by("order", "pk").first()
    data = {
        f"rating_{first.pk}": "not_met",
        "strengths": "",
        "recommendation_1": "Start here.",
        "action": "save",
    }
    assert client.post(url, data)["Location"] == reverse("dashboard:review_list")
    page = client.get(url).content.decode()
    checked = re.findall(r"<input[^>]*\bchecked\b[^>]*>", page)
    assert len(checked) == 1
    assert 'value="not_met"' in checked[0]
    assert "Start here." in page
    # The check page refuses to send an unfinished review.
    check = reverse("dashboard:review_check", args=[lead.pk])
    assert "Not finished yet" in client.get(check).content.decode()
    assert client.post(check)["Location"] == url
    lead.refresh_from_db()
    assert lead.submitted_at is None


def test_add_another_recommendation_works_without_javascript(client, world, plan, lead):
    client.force_login(world["other_staff"])
    url = reverse("dashboard:review_edit", args=[lead.pk])
    data = {f"recommendation_{n}": f"Idea {n}" for n in (1, 2, 3)} | {"action": "add"}
    response = client.post(url, data)
    assert response["Location"].startswith(f"{url}?slots=4")
    page = client.get(response["Location"]).content.decode()
    assert 'name="recommendation_4"' in page
    assert Review.objects.get().recommendations.count() == 3


def test_a_reviewer_cannot_read_the_other_review_before_sending_theirs(client, world, plan):
    report = ready_report(plan)
    sent_review(report, world["other_staff"])
    expert = co_reviewer()
    helper = assign(report, expert, kind=Assignment.Kind.EXPERT, status="accepted")
    client.force_login(expert)
    url = reverse("dashboard:review_report", args=[report.pk])
    assert client.get(url).status_code == 404
    client.post(
        reverse("dashboard:coreview_step", args=[helper.pk, "going-well"]), {"answer": "Kind staff"}
    )
    client.post(reverse("dashboard:coreview_step", args=[helper.pk, "check"]))
    assert client.get(url).status_code == 200


def test_the_expert_co_reviewer_says_yes_answers_and_sends(client, world, plan):
    expert = co_reviewer()
    offer = assign(ready_report(plan), expert, kind=Assignment.Kind.EXPERT)
    client.force_login(expert)
    opened = client.get(reverse("dashboard:review_open", args=[offer.pk]))
    assert opened["Location"] == reverse("dashboard:coreview_offer", args=[offer.pk])
    no_choice = client.post(opened["Location"], {})
    assert no_choice.status_code == 200
    assert "Choose yes or no" in no_choice.content.decode()
    yes = client.post(opened["Location"], {"answer": "yes"})
    assert yes["Location"] == reverse("dashboard:coreview_step", args=[offer.pk, "going-well"])
    page = client.get(yes["Location"]).content.decode()
    assert "What is going well?" in page
    assert "Willow ward plan: question 1 of 3" in page
    steps = ["going-well", "could-be-better", "anything-else"]
    for step, answer in zip(steps, ["Warm welcome", "Quieter rooms", ""], strict=True):
        client.post(reverse("dashboard:coreview_step", args=[offer.pk, step]), {"answer": answer})
    check = reverse("dashboard:coreview_step", args=[offer.pk, "check"])
    assert "Quieter rooms" in client.get(check).content.decode()
    assert client.post(check)["Location"] == reverse("dashboard:review_done", args=[offer.pk])
    offer.refresh_from_db()
    assert offer.submitted_at is not None
    assert offer.expert_review.going_well == "Warm welcome"


def test_an_empty_co_review_cannot_be_sent(client, plan):
    expert = co_reviewer()
    helper = assign(ready_report(plan), expert, kind=Assignment.Kind.EXPERT, status="accepted")
    client.force_login(expert)
    response = client.post(reverse("dashboard:coreview_step", args=[helper.pk, "check"]))
    assert response.status_code == 200
    assert "Answer what is going well, or what could be better" in response.content.decode()


def test_an_expert_says_no_and_the_offer_ends(client, plan):
    expert = co_reviewer()
    offer = assign(ready_report(plan), expert, kind=Assignment.Kind.EXPERT)
    client.force_login(expert)
    client.post(reverse("dashboard:coreview_offer", args=[offer.pk]), {"answer": "no"})
    offer.refresh_from_db()
    assert offer.status == Assignment.Status.DECLINED
    assert offer.ended_at
    page = client.get(reverse("dashboard:review_open", args=[offer.pk])).content.decode()
    assert "You said no to helping with this review" in page


def test_an_expert_says_they_are_willing_to_be_asked(client, world):
    client.force_login(world["outsider_expert"])
    url = reverse("dashboard:review_willing")
    assert "Choose yes or no" in client.post(url, {}).content.decode()
    client.post(url, {"willing": "yes"})
    assert ExpertVolunteer.objects.get(user=world["outsider_expert"]).is_willing
    client.post(url, {"willing": "no"})
    assert not ExpertVolunteer.objects.get(user=world["outsider_expert"]).is_willing


def test_owners_answer_each_recommendation_and_the_review_closes(client, world, plan):
    review = sent_review(ready_report(plan), world["other_staff"])
    first, second = review.recommendations.all()
    client.force_login(world["staff"])
    url = reverse("dashboard:recommendation_respond", args=[first.pk])
    needs_reason = client.post(url, {"answer": "not_accepted"})
    assert "Enter why you do not fully accept it" in needs_reason.content.decode()
    client.post(url, {"answer": "not_accepted", "reason": "We have no budget this year."})
    review.refresh_from_db()
    assert review.closed_at is None
    needs_action = client.post(
        reverse("dashboard:recommendation_respond", args=[second.pk]), {"answer": "accepted"}
    )
    assert "Enter what you will do" in needs_action.content.decode()
    client.post(
        reverse("dashboard:recommendation_respond", args=[second.pk]),
        {
            "answer": "accepted",
            "action": "Ask carers at the next open day.",
            "action_due_on_day": "31",
            "action_due_on_month": "3",
            "action_due_on_year": "2027",
        },
    )
    review.refresh_from_db()
    assert review.closed_at is not None
    second.refresh_from_db()
    assert second.answered_by == world["staff"]
    assert second.history.count() == 2, "answers are audited"
    # What they will do is on the action log, raised from the recommendation.
    action = Action.objects.from_sources([second]).get()
    assert (action.what, str(action.due_on), action.owner, action.service) == (
        "Ask carers at the next open day.",
        "2027-03-31",
        world["staff"],
        plan.service,
    )
    assert not Action.objects.from_sources([first]).exists(), "not accepted: no action"
    page = client.get(reverse("dashboard:review_report", args=[review.assignment.report_id]))
    assert reverse("actions:action_detail", args=[action.pk]) in page.content.decode()


def test_an_admin_changes_the_reviewer_with_a_reason_kept_in_the_record(
    client, world, plan, lead, governance
):
    client.force_login(world["admin"])
    url = reverse("dashboard:assignment_reassign", args=[lead.pk])
    assert "Enter why you are changing the reviewer" in client.post(url, {}).content.decode()
    client.post(url, {"reviewer": str(world["governance"].pk), "reason": "On leave until June"})
    lead.refresh_from_db()
    assert (lead.status, lead.end_reason, lead.ended_by) == (
        Assignment.Status.REASSIGNED,
        "On leave until June",
        world["admin"],
    )
    assert lead.history.first().history_change_reason == "On leave until June"
    new = Assignment.objects.current().get(report=lead.report)
    assert new.reviewer == world["governance"]
    # The old reviewer is told the review is not theirs any more, and cannot write.
    client.force_login(world["other_staff"])
    response = client.get(reverse("dashboard:review_open", args=[lead.pk]), follow=True)
    page = response.content.decode()
    assert "This review is not yours any more" in page
    assert client.get(reverse("dashboard:review_edit", args=[lead.pk])).status_code == 403


def test_the_reviews_to_do_list_costs_the_same_queries_for_many(
    client, world, plan, django_assert_num_queries
):
    for _ in range(5):
        assign(ready_report(plan), world["other_staff"])
    sent_review(ready_report(plan), world["other_staff"])
    client.force_login(world["other_staff"])
    url = reverse("dashboard:review_list")
    # 1 session, 2 user, 3 the assignments with their report, plan and service
    # (one join).
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count("Peer reviewer. Due") == 5


def test_the_plan_archive_lists_every_period_in_a_fixed_number_of_queries(
    client, world, plan, django_assert_num_queries
):
    reports = [ready_report(plan) for _ in range(4)]
    review = sent_review(reports[0], world["other_staff"])
    Recommendation.objects.filter(pk=review.recommendations.first().pk).update(answer="accepted")
    assign(reports[1], world["governance"])
    assign(reports[1], co_reviewer(), kind=Assignment.Kind.EXPERT)
    client.force_login(world["staff"])
    url = reverse("dashboard:plan_reviews", args=[plan.pk])
    # 1 session, 2 user, 3 the plan, 4 may they read its reviews, 5 the reports,
    # 6 their current reviewers with reviews and answer counts (one grouped join).
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert "1 of 2 answered" in page
    assert "Asked, no answer yet" in page
    assert page.count('class="nhsuk-table__row"') == 5
    assert reverse("dashboard:review_report", args=[reports[0].pk]) in page


def test_the_plan_page_links_to_its_reviews(client, world, plan):
    client.force_login(world["staff"])
    page = client.get(reverse("projects:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("dashboard:plan_reviews", args=[plan.pk]) in page


def test_ratings_keep_the_standard_as_it_read_when_the_plan_changes(world, plan, lead):
    from dashboard.reviews.writing import Rated, review_save

    standards = list(plan.standards.all())
    review_save(
        assignment=lead,
        standards=standards,
        ratings={standards[0].pk: Rated("met", "Seen")},
        strengths="",
        recommendations=[],
    )
    standards[0].statement = "Rewritten later"
    standards[0].save()
    assert StandardRating.objects.get(standard=standards[0]).statement.startswith("People with")


def test_the_reviewers_page_for_admins_costs_the_same_queries_for_many(
    client, world, plan, django_assert_num_queries
):
    for _ in range(4):
        report = ready_report(plan)
        assign(report, world["other_staff"])
        assign(report, co_reviewer(), kind=Assignment.Kind.EXPERT)
    ready_report(plan)  # nobody yet
    client.force_login(world["admin"])
    # 1 session, 2 user, 3 ready reports with plan and service, 4 their current
    # reviewers.
    with django_assert_num_queries(4):
        page = client.get(reverse("dashboard:assignment_list")).content.decode()
    assert page.count("Being written") == 4
    assert "Nobody yet" in page


def test_a_reviewer_reads_the_report_they_review_until_it_is_given_to_someone_else(
    client, world, lead
):
    """other_staff works in another service, so only the assignment lets them in."""
    report = lead.report
    report.snapshot = report_snapshot(
        plan=report.plan, start=report.period_start, last_day=report.period_end
    )
    report.save(update_fields=["snapshot"])
    url = reverse("dashboard:report_detail", args=[report.pk])
    client.force_login(world["other_staff"])
    assert client.get(url).status_code == 200
    Assignment.objects.filter(pk=lead.pk).update(ended_at=timezone.now())
    assert client.get(url).status_code in {403, 404}


def test_the_review_pages_link_to_the_report(client, world, lead):
    client.force_login(world["other_staff"])
    response = client.get(reverse("dashboard:review_open", args=[lead.pk]), follow=True)
    page = response.content.decode()
    assert reverse("dashboard:report_detail", args=[lead.report.pk]) in page


def test_a_hostile_standard_is_shown_escaped_on_the_review_page(client, world, plan, lead):
    # A standard's legend is stored text: it must never be compiled as a template
    # (which would hand it the page's CSP nonce) nor shown as markup.
    statement = '<script nonce="{{ csp_nonce }}">alert(1)</script> {% now "Y" %}'
    standard = plan.standards.order_by("order", "pk").first()
    standard.statement = statement
    standard.save()
    client.force_login(world["other_staff"])

    response = client.get(reverse("dashboard:review_edit", args=[lead.pk]))

    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    legend = re.search(r"<legend[^>]*>\s*(Standard 1:.*?)\s*</legend>", page, re.S).group(1)
    assert legend == f"Standard 1: {escape(statement)}"
    assert "<script>alert(1)" not in page
    assert f'<script nonce="{nonce}">alert(1)' not in page
    assert page.count(nonce) == 3  # base.html's own three scripts, nothing more


def test_a_changed_answer_changes_its_action_and_no_action_drops_it(client, world, plan):
    review = sent_review(ready_report(plan), world["other_staff"], recommendations=1)
    (recommendation,) = review.recommendations.all()
    client.force_login(world["staff"])
    url = reverse("dashboard:recommendation_respond", args=[recommendation.pk])
    client.post(url, {"answer": "accepted", "action": "Pay on the day."})
    client.post(url, {"answer": "partly", "reason": "Only for carers.", "action": "Pay carers."})
    action = Action.objects.from_sources([recommendation]).get()
    assert (action.what, action.status) == ("Pay carers.", "open")
    assert "Pay carers." in client.get(url).content.decode(), "the form shows the action"
    client.post(url, {"answer": "not_accepted", "reason": "No budget."})
    action.refresh_from_db()
    assert action.status == "dropped"
    assert "not accepted" in action.evidence
    assert Action.objects.from_sources([recommendation]).count() == 1
