"""The weekly digest email: new opportunities, to the people who chose to hear,
at most once a week per person, whatever happens to the run."""

from __future__ import annotations

import datetime
import re
import time
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from opportunities import digest as digest_module
from opportunities.digest import (
    digests_send,
    email_key,
    reply_token,
    stop_token,
    week_of,
)
from opportunities.models import Digest, DigestReply
from opportunities.tasks import digests_send_task
from outbox.models import OutboundEmail
from personal.models import PersonalLink
from projects.models import Person
from tests.factories import OpportunityFactory, PersonFactory
from tests.smtp import smtp_server
from tests.worker import celery_worker


def choose(person: Person, email: str = "") -> Person:
    person.email = email or f"{person.display_name.lower()}@example.org"
    person.opportunities_digest = True
    person.save()
    return person


def links_in(body: str) -> list[str]:
    return re.findall(r"http://\S+", body)


@pytest.mark.django_db
class TestWhoHearsWhat:
    def test_only_people_who_chose_it_with_an_address_and_agreement_get_one(
        self, world, panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        rita = choose(world["person"])
        eve = world["expert_person"]  # involved too, but did not choose it
        no_consent = choose(PersonFactory(display_name="Nia", consent_to_contact=False))
        no_email = PersonFactory(display_name="Omar", opportunities_digest=True)
        panel.public = True
        panel.save()
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=today) == 1
        assert [m.to for m in mailoutbox] == [[rita.email]]
        assert not Digest.objects.filter(person__in=[eve, no_consent, no_email]).exists()

    def test_it_lists_what_is_offered_to_them_as_on_their_page(
        self, world, panel, elsewhere_panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        choose(world["person"])
        closed = OpportunityFactory(
            project=world["project"],
            title="Last month's focus group",
            closes_on=today - datetime.timedelta(days=1),
        )
        with django_capture_on_commit_callbacks(execute=True):
            digests_send(day=today)
        body = mailoutbox[0].body
        assert panel.title in body
        assert elsewhere_panel.title not in body, "not her service, and not public"
        assert closed.title not in body
        assert mailoutbox[0].subject == "A new way to get involved"

    def test_nothing_new_means_no_email_and_nothing_is_sent_twice(
        self, world, panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        choose(world["person"])
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=today) == 1
        next_week = today + datetime.timedelta(days=7)
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=next_week) == 0, "the panel was sent already"
        newer = OpportunityFactory(
            project=world["project"], closes_on=next_week + datetime.timedelta(days=5)
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=next_week) == 1
        assert len(mailoutbox) == 2
        assert newer.title in mailoutbox[1].body
        assert panel.title not in mailoutbox[1].body

    def test_at_most_one_a_week_even_with_news_later_that_week(
        self, world, panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        choose(world["person"])
        monday = week_of(today)
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=monday) == 1
        OpportunityFactory(project=world["project"], closes_on=today + datetime.timedelta(days=9))
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=monday + datetime.timedelta(days=1)) == 0
            assert digests_send(day=monday + datetime.timedelta(days=6)) == 0
        assert len(mailoutbox) == 1

    def test_what_they_said_yes_to_already_is_left_out(
        self, world, panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        from tests.factories import InterestFactory

        InterestFactory(opportunity=panel, person=choose(world["person"]))
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=today) == 0
        assert mailoutbox == []


@pytest.mark.django_db
def test_a_run_that_dies_halfway_then_a_rerun_sends_each_person_one(
    world, panel, today, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    people = [choose(world["person"])] + [
        choose(PersonFactory(display_name=f"Reader{n}")) for n in range(3)
    ]
    panel.public = True  # offered to all of them
    panel.save()
    real_queue = digest_module.email_queue
    calls = {"n": 0}

    def dies_on_the_third(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        return real_queue(**kwargs)

    monkeypatch.setattr(digest_module, "email_queue", dies_on_the_third)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        digests_send(day=today)
    assert len(mailoutbox) == 2
    assert Digest.objects.count() == 2, "the third person's digest rolled back with its email"

    monkeypatch.setattr(digest_module, "email_queue", real_queue)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(day=today) == 2
        assert digests_send(day=today) == 0
    assert sorted(to for m in mailoutbox for to in m.to) == sorted(p.email for p in people)


@pytest.mark.worker
def test_a_real_worker_run_twice_sends_each_person_one_digest(transactional_db, world, today):
    """Two runs queued together in a real worker against real Redis, after a run
    that died halfway: everyone gets exactly one email this week."""
    people = [choose(world["person"])] + [
        choose(PersonFactory(display_name=f"Reader{n}")) for n in range(4)
    ]
    OpportunityFactory(
        project=world["project"], public=True, closes_on=today + datetime.timedelta(days=10)
    )
    # The run that died: one person's digest (and its email) were written, and
    # the email was sent, before the worker was killed.
    done = Digest.objects.create(
        person=people[0], week=week_of(today), email_key=email_key(people[0].pk, week_of(today))
    )
    OutboundEmail.objects.create(
        key=done.email_key, to=people[0].email, subject="Sent before", body="", status="sent"
    )
    with smtp_server() as inbox, celery_worker(concurrency=2, env=inbox.worker_env()):
        digests_send_task.delay()
        digests_send_task.delay()
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if OutboundEmail.objects.filter(status="sent").count() == len(people):
                break
            time.sleep(0.2)
        time.sleep(1.5)  # room for a second copy to arrive, if there were one
        received = sorted(str(m["To"]) for m in inbox.messages)
        unsubscribe = [str(m["List-Unsubscribe"]) for m in inbox.messages]
    assert received == sorted(p.email for p in people[1:])
    # The headers went over SMTP, each pointing at that person's own stop link.
    assert all(re.fullmatch(r"<http://\S+/digest/stop/\S+/>", u) for u in unsubscribe), unsubscribe
    assert len(set(unsubscribe)) == len(people) - 1
    assert Digest.objects.count() == len(people)
    assert OutboundEmail.objects.filter(status="sent").count() == len(people)


# Stopping it ----------------------------------------------------------------------


@pytest.mark.django_db
class TestStop:
    def test_the_email_has_a_stop_link_that_asks_then_stops_in_one_step(
        self, client, world, panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        rita = choose(world["person"])
        with django_capture_on_commit_callbacks(execute=True):
            digests_send(day=today)
        stop = next(u for u in links_in(mailoutbox[0].body) if "/digest/stop/" in u)
        path = urlsplit(stop).path
        page = client.get(path)
        assert page.status_code == 200
        assert page.headers["Referrer-Policy"] == "same-origin"
        assert "Stop the emails" in page.content.decode()
        rita.refresh_from_db()
        assert rita.opportunities_digest, "opening the link alone changes nothing"
        done = client.post(path)
        assert "We have stopped the emails" in done.content.decode()
        rita.refresh_from_db()
        assert not rita.opportunities_digest
        assert rita.history.first().history_change_reason, "recorded as her own doing"
        OpportunityFactory(project=world["project"], closes_on=today + datetime.timedelta(days=3))
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send(day=today + datetime.timedelta(days=7)) == 0
        assert "already stopped" in client.get(path).content.decode()

    def test_a_changed_or_made_up_stop_link_is_refused(self, client, world):
        rita = choose(world["person"])
        token = stop_token(rita)
        for bad in (token[:-2] + "xx", "nonsense", reply_token_shape(token)):
            url = reverse("opportunities:digest_stop", args=[bad])
            assert "We cannot open this link" in client.get(url).content.decode()
            client.post(url)
        rita.refresh_from_db()
        assert rita.opportunities_digest


def reply_token_shape(token: str) -> str:
    """A token signed for another purpose is refused too."""
    from django.core import signing

    return signing.dumps(1, salt="personal.link")


# Saying you are interested from the email -----------------------------------------


@pytest.mark.django_db
class TestReplyLink:
    @pytest.fixture
    def sent(self, world, panel, today, django_capture_on_commit_callbacks, mailoutbox):
        choose(world["person"])
        with django_capture_on_commit_callbacks(execute=True):
            digests_send(day=today)
        digest = Digest.objects.get()
        return digest, reverse("personal:digest_reply", args=[reply_token(digest, panel)])

    def test_it_opens_her_page_at_the_opportunity_and_the_token_leaves_the_address(
        self, client, sent, panel, mailoutbox
    ):
        digest, url = sent
        assert url in mailoutbox[0].body
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("personal:opportunity", args=[panel.pk])
        assert response.headers["Referrer-Policy"] == "no-referrer"
        page = client.get(response.url)
        assert page.status_code == 200
        assert panel.title in page.content.decode()
        assert DigestReply.objects.filter(digest=digest, opportunity=panel).exists()
        assert PersonalLink.objects.working().filter(person=digest.person).count() == 1

    def test_it_uses_her_working_link_and_leaves_it_working(self, client, sent, world):
        from personal.services import link_new

        made = link_new(person=world["person"], by=world["staff"], given="printed")
        client.get(sent[1])
        made.link.refresh_from_db()
        assert not made.link.is_revoked
        assert client.get(f"/me/{made.token}/").status_code == 302

    def test_it_works_once(self, client, sent, panel):
        _digest, url = sent
        assert client.get(url).status_code == 302
        again = client.get(url)
        assert again.status_code == 302, "the same browser just goes back to her page"
        client.session.flush()
        client.cookies.clear()
        refused = client.get(url)
        assert refused.status_code == 200
        assert "This link has been used" in refused.content.decode()

    def test_a_changed_link_or_one_for_another_opportunity_is_refused(
        self, client, sent, elsewhere_panel
    ):
        digest, url = sent
        forged = url[:-3] + "xx/"
        other = reverse("personal:digest_reply", args=[reply_token(digest, elsewhere_panel)])
        for bad in (forged, other):
            response = client.get(bad)
            assert "We cannot open this link" in response.content.decode()
        assert not DigestReply.objects.exists()


# Choosing it ----------------------------------------------------------------------


@pytest.mark.django_db
class TestChoosing:
    def test_it_is_off_unless_chosen(self, world):
        assert not PersonFactory().opportunities_digest

    def test_staff_need_an_address_and_the_persons_agreement(self, world):
        from projects.forms.people import PersonForm

        base = {
            "display_name": "Sam",
            "experience": "carer",
            "contact": "through_staff",
            "preferred_format": "standard",
            "consent_to_store": "on",
            "opportunities_digest": "on",
        }
        no_email = PersonForm(base)
        assert no_email.errors["opportunities_digest"] == [
            "Enter an email address for the weekly email, or untick it"
        ]
        no_consent = PersonForm({**base, "email": "sam@example.org"})
        assert "agree to us contacting them" in no_consent.errors["opportunities_digest"][0]
        ok = PersonForm({**base, "email": "sam@example.org", "consent_to_contact": "on"})
        assert ok.is_valid(), ok.errors
        assert ok.save().opportunities_digest

    def test_she_chooses_it_on_her_own_page(self, client, world):
        from personal.services import link_new

        made = link_new(person=world["person"], by=world["staff"], given="printed")
        client.get(f"/me/{made.token}/")
        form = {"contact": "email", "preferred_format": "standard", "opportunities_digest": "on"}
        page = client.get("/me/details/").content.decode()
        assert "Email me once a week about new ways to get involved" in page
        refused = client.post("/me/details/", form)
        assert "Enter your email address to get the weekly email" in refused.content.decode()
        saved = client.post("/me/details/", {**form, "email": "rita@example.org"})
        assert saved.status_code == 302
        world["person"].refresh_from_db()
        assert world["person"].opportunities_digest

    def test_without_her_agreement_on_record_her_page_says_to_ask_staff(self, client, world):
        from personal.services import link_new

        Person.objects.filter(pk=world["person"].pk).update(consent_to_contact=False)
        made = link_new(person=world["person"], by=world["staff"], given="printed")
        client.get(f"/me/{made.token}/")
        refused = client.post(
            "/me/details/",
            {
                "contact": "email",
                "email": "rita@example.org",
                "preferred_format": "standard",
                "opportunities_digest": "on",
            },
        )
        assert "Ask the staff you work with" in refused.content.decode()
        world["person"].refresh_from_db()
        assert not world["person"].opportunities_digest


# Easy Read and the mail program's own unsubscribe button ---------------------------


@pytest.mark.django_db
class TestEasyReadAndOneClick:
    def test_people_who_asked_for_easy_read_get_it_in_easy_read(
        self, world, panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        rita = choose(world["person"])
        eve = choose(world["expert_person"])
        rita.preferred_format = Person.Format.EASY_READ
        rita.save()
        with django_capture_on_commit_callbacks(execute=True):
            digests_send(day=today)
        by_to = {message.to[0]: message for message in mailoutbox}
        easy, standard = by_to[rita.email], by_to[eve.email]
        assert easy.subject == "Something new you can help with"
        assert "There is something new you can help with." in easy.body
        assert "Want to help? Click this link before" in easy.body
        assert "Do not want these emails? Go to this link:" in easy.body
        assert "Say you are interested by" not in easy.body
        assert standard.subject == "A new way to get involved"
        assert "Say you are interested by" in standard.body
        assert panel.title in easy.body
        assert [u for u in links_in(easy.body) if "/me/from-email/" in u]

    def test_the_email_names_its_one_step_stop_link_in_its_headers(
        self, world, panel, today, django_capture_on_commit_callbacks, mailoutbox
    ):
        choose(world["person"])
        with django_capture_on_commit_callbacks(execute=True):
            digests_send(day=today)
        (message,) = mailoutbox
        stop = next(u for u in links_in(message.body) if "/digest/stop/" in u)
        assert message.extra_headers["List-Unsubscribe"] == f"<{stop}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_a_one_click_post_with_no_cookie_or_csrf_token_stops_it(self, world):
        rita = choose(world["person"])
        client = Client(enforce_csrf_checks=True)
        url = reverse("opportunities:digest_stop", args=[stop_token(rita)])

        response = client.post(url, {"List-Unsubscribe": "One-Click"})

        assert response.status_code == 200
        rita.refresh_from_db()
        assert not rita.opportunities_digest
        assert rita.history.first().history_change_reason, "recorded as her own doing"

    def test_any_other_post_without_a_csrf_token_is_still_refused(self, world):
        rita = choose(world["person"])
        client = Client(enforce_csrf_checks=True)
        url = reverse("opportunities:digest_stop", args=[stop_token(rita)])

        for data in ({}, {"List-Unsubscribe": "yes"}):
            assert client.post(url, data).status_code == 403
        rita.refresh_from_db()
        assert rita.opportunities_digest

    def test_a_one_click_post_to_a_made_up_link_changes_nothing(self, world):
        rita = choose(world["person"])
        url = reverse("opportunities:digest_stop", args=[stop_token(rita)[:-2] + "xx"])

        response = Client().post(url, {"List-Unsubscribe": "One-Click"})

        assert response.status_code == 404
        rita.refresh_from_db()
        assert rita.opportunities_digest
