"""A person with something in every place personal data can live, for the
privacy tests. Every value is distinctive, so a test can look for it anywhere."""

from __future__ import annotations

import datetime
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from ladder.models import Response as LadderResponse
from principles.models import Answer, Response
from projects.models import EqualityMonitoring, Involvement, Person, RecordView
from tests.factories import (
    ActivityFactory,
    ClassificationFactory,
    InvitationFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
)

# What erasure must leave no trace of, anywhere.
SECRETS = {
    "name": "Zephyrine Quillfeather",
    "account_name": "Zephyrine Q. Account",
    "account_display_name": "Zephy",
    "account_email": "zephyrine.account@example.org",
    "email": "zq.register@example.net",
    "phone": "07700 900461",
    "old_phone": "07700 900999",
    "access_needs": "A hearing loop and the Ochre room, please",
    "postal_address": "7 Quillfeather Mews, Ochreton ZZ9 9ZQ",
    "donated_to": "Mindful Otters Trust",
    "ladder_reason": "It felt like being told, not asked, in the Ochre meeting",
    "comment": "Power stayed with the managers on Lantern ward",
    "ip": "203.0.113.77",
    "user_agent": "QuillBrowser/9.9",
    "email_body": "Dear Zephy, here is your personal link",
}


def populated_person(world: dict) -> Person:
    """Zephyrine: on the register with an account, and in every kind of record."""
    staff = world["staff"]
    account = UserFactory(
        email=SECRETS["account_email"],
        full_name=SECRETS["account_name"],
        display_name=SECRETS["account_display_name"],
        role=Role.EXPERT,
        invited_by=world["admin"],
    )
    person = Person.objects.create(
        display_name=SECRETS["name"],
        experience=Person.Experience.CARER,
        contact=Person.Contact.EMAIL,
        email=SECRETS["email"],
        phone=SECRETS["old_phone"],
        preferred_format=Person.Format.EASY_READ,
        access_needs=SECRETS["access_needs"],
        postal_address=SECRETS["postal_address"],
        consent_to_contact=True,
        consent_to_store=True,
        consent_recorded_by=staff,
        consent_recorded_at=timezone.now(),
        privacy_notice_version="2026-11",
        user=account,
        created_by=staff,
    )
    # A change, so history holds an earlier copy with the old phone number.
    person.phone = SECRETS["phone"]
    person.save()
    EqualityMonitoring.objects.create(
        person=person,
        age_band=EqualityMonitoring.AgeBand.AGE_35_49,
        sex=EqualityMonitoring.Sex.FEMALE,
        gender_same_as_birth=EqualityMonitoring.YesNo.NO,
        ethnicity=EqualityMonitoring.Ethnicity.MIXED,
        disability=EqualityMonitoring.YesNo.YES,
        sexual_orientation=EqualityMonitoring.Orientation.BISEXUAL,
    )
    activity = ActivityFactory(
        project=world["project"], title="Lantern menu tasting", date=datetime.date(2026, 5, 14)
    )
    Involvement.objects.create(
        activity=activity,
        person=person,
        part=Involvement.Part.CO_FACILITATED,
        hours=Decimal("2.5"),
        rate_card=world["rate_card"],
        fee_due_pence=5000,
        fee_paid_pence=5000,
        expenses_pence=1234,
        payment_choice=Involvement.PaymentChoice.DONATED,
        donated_to=SECRETS["donated_to"],
        paid_on=datetime.date(2026, 6, 2),
    )
    MembershipFactory(project=world["project"], user=account, role="member")
    classification = ClassificationFactory(activity=activity, by=staff)
    LadderResponse.objects.create(
        classification=classification,
        person=person,
        verdict=LadderResponse.Verdict.CONTESTED,
        reason=SECRETS["ladder_reason"],
    )
    today = timezone.localdate()
    round_ = RoundFactory(
        project=world["project"],
        name="Six months in",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    invitation = InvitationFactory(round=round_, person=person, user=account)
    response = Response.objects.create(
        round=round_,
        invitation=invitation,
        perspective="carer",
        submitted_at=timezone.now(),
    )
    Answer.objects.create(response=response, principle="power", score=2, comment=SECRETS["comment"])
    # Signed in somewhere, with sign-in records and a failed attempt.
    Client().force_login(account)
    AccessLog.objects.create(
        username=account.email,
        ip_address=SECRETS["ip"],
        user_agent=SECRETS["user_agent"],
        attempt_time=timezone.now(),
    )
    AccessAttempt.objects.create(
        username=account.email.upper(),
        ip_address=SECRETS["ip"],
        user_agent=SECRETS["user_agent"],
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessFailureLog.objects.create(
        username=account.email, ip_address=SECRETS["ip"], user_agent=SECRETS["user_agent"]
    )
    LogEntry.objects.create(
        user=world["admin"],
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=SECRETS["name"],
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Phone"]}}]',
    )
    RecordView.objects.create(person=person, user=staff, action=RecordView.Action.DETAIL)
    try:
        outbound = apps.get_model("outbox", "OutboundEmail")
    except LookupError:  # the email queue is not in this build
        outbound = None
    if outbound is not None:
        outbound.objects.create(
            key=f"privacy-test-{person.pk}",
            to=account.email,
            subject="Your personal link",
            body=SECRETS["email_body"],
        )
    return person
