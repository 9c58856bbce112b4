"""Operations that change several records at once.

Logging an activity writes the activity, its REIS scores, new people on the
register and everyone's involvement. Each function runs in one transaction, so
a failure part way saves nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from projects.models import (
    Activity,
    Involvement,
    PaymentLine,
    PaymentRun,
    Person,
    Project,
    RateCard,
    ReisScore,
)
from projects.models.payments import NO_COST_CENTRE
from projects.telling import what_changed_tell


@dataclass(frozen=True)
class NewPerson:
    """Someone added to the register from the activity form."""

    display_name: str
    experience: str
    consent_to_contact: bool = False
    consent_to_store: bool = False


@dataclass(frozen=True)
class ParticipantEntry:
    """One participant as the activity form cleaned it.

    Exactly one of `person`, `new_person` and `staff` is set. Money is in whole
    pence; `amount_taken_pence` only counts when the choice is "reduced".
    """

    part: str
    hours: Decimal
    person: Person | None = None
    new_person: NewPerson | None = None
    staff: User | None = None
    payment_choice: str = ""
    amount_taken_pence: int | None = None
    donated_to: str = ""
    expenses_pence: int = 0
    paid_on: datetime.date | None = None

    @property
    def has_lived_experience(self) -> bool:
        return self.staff is None


@dataclass(frozen=True)
class ReisEntry:
    domain: str
    rating: int
    findings: str = ""


def fee_paid_for(*, choice: str, fee_due_pence: int, amount_taken_pence: int | None) -> int:
    """What is paid out for a payment choice. A donation is paid in full, to the
    charity; vouchers are given for the whole fee."""
    if choice == Involvement.PaymentChoice.REDUCED:
        return amount_taken_pence or 0
    if choice == Involvement.PaymentChoice.DECLINED:
        return 0
    return fee_due_pence


@transaction.atomic
def activity_log(
    *,
    project: Project,
    by: User,
    activity_data: dict,
    participants: Sequence[ParticipantEntry],
    reis: Iterable[ReisEntry] = (),
) -> Activity:
    """Create an activity with its participants, their payments and REIS scores,
    and tell the people who took part what changed, if that is written already."""
    activity = Activity.objects.create(project=project, created_by=by, **activity_data)
    _reis_save(activity=activity, reis=reis, new=True)
    if participants:  # a new activity has nobody to keep or remove
        _involvements_save(activity=activity, by=by, participants=participants)
    what_changed_tell(activity=activity, by=by)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    activity_data: dict,
    participants: Sequence[ParticipantEntry],
    reis: Iterable[ReisEntry] = (),
) -> Activity:
    """Change an activity and replace its list of participants.

    Participants who stay keep their involvement record (updated in place, so
    its history reads as one line); those left out are removed. Fees are worked
    out again from the rate card in force on the (possibly new) date. Everyone
    who took part is told what changed, if it is new to them.
    """
    for name, value in activity_data.items():
        setattr(activity, name, value)
    activity.save()
    _reis_save(activity=activity, reis=reis)
    _involvements_save(activity=activity, by=by, participants=participants)
    what_changed_tell(activity=activity, by=by)
    return activity


class ActivityHasPayments(Exception):
    """Money paid for an activity must stay in the finance record."""


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Remove an activity and who took part, unless anyone has been paid for it."""
    paid = activity.involvements.filter(
        Q(paid_on__isnull=False) | Q(fee_paid_pence__gt=0) | Q(expenses_pence__gt=0)
    )
    if paid.exists():
        raise ActivityHasPayments
    # Involvements and scores go with it (CASCADE), each leaving a history row.
    activity.delete()


def _reis_save(*, activity: Activity, reis: Iterable[ReisEntry], new: bool = False) -> None:
    """Keep scores only for an environmental assessment; otherwise remove any
    (a `new` activity has none to remove)."""
    entries = {entry.domain: entry for entry in reis} if activity.kind == Activity.Kind.REIS else {}
    for score in () if new else activity.reis_scores.all():
        if score.domain not in entries:
            score.delete()
    for entry in entries.values():
        ReisScore.objects.update_or_create(
            activity=activity,
            domain=entry.domain,
            defaults={"rating": entry.rating, "findings": entry.findings},
        )


def _involvements_save(
    *, activity: Activity, by: User, participants: Sequence[ParticipantEntry]
) -> None:
    rate_card = RateCard.objects.in_force_on(activity.date)
    existing = {
        (involvement.person_id, involvement.staff_id): involvement
        for involvement in activity.involvements.all()
    }
    kept: set[int] = set()
    for entry in participants:
        person = entry.person or (
            person_create(by=by, new_person=entry.new_person) if entry.new_person else None
        )
        key = (person.pk if person else None, entry.staff.pk if entry.staff else None)
        involvement = existing.get(key) or Involvement(
            activity=activity, person=person, staff=entry.staff
        )
        _involvement_fill(involvement, entry=entry, rate_card=rate_card)
        involvement.save()
        kept.add(involvement.pk)
    for involvement in existing.values():
        if involvement.pk not in kept:
            involvement.delete()


def involvement_for(*, activity: Activity, entry: ParticipantEntry) -> tuple[Involvement, bool]:
    """One participant's involvement in `activity` as `entry` says, not yet saved:
    the one already recorded for them (changed in place) or a new one, and whether
    it differs from what is saved. Fees come from the rate card in force on the
    activity's date, as when the activity form saves. Everyone else who took part
    is left as they are (an import adds people one row at a time)."""
    involvement = Involvement.objects.filter(
        activity=activity, person=entry.person, staff=entry.staff
    ).first() or Involvement(activity=activity, person=entry.person, staff=entry.staff)
    before = _involvement_values(involvement) if involvement.pk else None
    _involvement_fill(
        involvement, entry=entry, rate_card=RateCard.objects.in_force_on(activity.date)
    )
    return involvement, before != _involvement_values(involvement)


def _involvement_values(involvement: Involvement) -> tuple:
    return tuple(
        getattr(involvement, name)
        for name in (
            "part",
            "hours",
            "rate_card_id",
            "fee_due_pence",
            "fee_paid_pence",
            "expenses_pence",
            "payment_choice",
            "donated_to",
            "paid_on",
        )
    )


def _involvement_fill(
    involvement: Involvement, *, entry: ParticipantEntry, rate_card: RateCard | None
) -> None:
    involvement.part = entry.part
    if not entry.has_lived_experience:
        # Staff are paid their salary: nothing is owed through Coprod.
        involvement.rate_card = None
        involvement.fee_due_pence = involvement.fee_paid_pence = involvement.expenses_pence = 0
        involvement.payment_choice = involvement.donated_to = ""
        involvement.paid_on = None
        involvement.hours = entry.hours
        return
    already_paid = involvement.pk and involvement.paid_on and involvement.hours == entry.hours
    if not already_paid:
        # Money already paid keeps the rate it was paid at, even if a card
        # starting earlier has been added since.
        involvement.rate_card = rate_card
        involvement.fee_due_pence = rate_card.fee_for(entry.hours) if rate_card else 0
    involvement.payment_choice = entry.payment_choice
    involvement.fee_paid_pence = fee_paid_for(
        choice=entry.payment_choice,
        fee_due_pence=involvement.fee_due_pence,
        amount_taken_pence=entry.amount_taken_pence,
    )
    involvement.donated_to = (
        entry.donated_to if entry.payment_choice == Involvement.PaymentChoice.DONATED else ""
    )
    involvement.expenses_pence = entry.expenses_pence
    involvement.paid_on = entry.paid_on
    involvement.hours = entry.hours
    if entry.payment_choice != Involvement.PaymentChoice.VOUCHERS:
        involvement.vouchers_given_on = None


def person_create(*, by: User, new_person: NewPerson) -> Person:
    """Add someone to the register; any consent is recorded as given to `by`, now,
    under the current privacy notice."""
    consented = new_person.consent_to_contact or new_person.consent_to_store
    return Person.objects.create(
        display_name=new_person.display_name,
        experience=new_person.experience,
        consent_to_contact=new_person.consent_to_contact,
        consent_to_store=new_person.consent_to_store,
        consent_recorded_by=by if consented else None,
        consent_recorded_at=timezone.now() if consented else None,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION if consented else "",
        created_by=by,
    )


# Payment runs ---------------------------------------------------------------------


def payment_run_create(*, user: User, on: datetime.date) -> PaymentRun | None:
    """Gather every payment due on `on` into a new open run; None when nothing is
    due. Lines are locked to their involvement by a unique constraint, so two people
    gathering at once cannot put one payment in two runs: the second fails whole."""
    with transaction.atomic():
        due = list(
            Involvement.objects.due_for_payment(on=on)
            .select_for_update(of=("self",))
            .select_related("activity")
            .order_by("activity__date", "pk")
        )
        if not due:
            return None
        run = PaymentRun.objects.create(created_by=user)
        payment_lines_add(run=run, involvements=due)
    return run


def payment_lines_add(*, run: PaymentRun, involvements: Sequence[Involvement]) -> None:
    """A line in `run` for each involvement: what goes to the person, what goes to
    a charity they chose, and the cost centre of the activity's project."""
    cost_centres = _cost_centres_of(
        {involvement.activity.project_id for involvement in involvements}
    )
    PaymentLine.objects.bulk_create(
        PaymentLine(
            run=run,
            involvement=involvement,
            to_person_pence=involvement.to_person_pence,
            to_charity_pence=involvement.to_charity_pence,
            charity=involvement.donated_to if involvement.to_charity_pence else "",
            cost_centre=cost_centres.get(involvement.activity.project_id, NO_COST_CENTRE),
        )
        for involvement in involvements
    )


def _cost_centres_of(project_ids: set[int]) -> dict[int, str]:
    """Each project's cost centre: that of its first service (by name) that has one."""
    found: dict[int, str] = {}
    for project_id, cost_centre in (
        Project.services.through.objects.filter(project_id__in=project_ids)
        .exclude(service__cost_centre="")
        .order_by("service__name")
        .values_list("project_id", "service__cost_centre")
    ):
        found.setdefault(project_id, cost_centre)
    return found


def payment_run_mark_paid(*, run: PaymentRun, on: datetime.date, user: User) -> bool:
    """Mark the run paid on `on`, and every involvement in it with the same date, all
    or nothing. The run is claimed by a conditional update, so marking it again (a
    second click, a second person) changes nothing and returns False."""
    with transaction.atomic():
        claimed = PaymentRun.objects.open().filter(pk=run.pk).update(paid_on=on, paid_by=user)
        if not claimed:
            return False
        involvements = list(Involvement.objects.filter(payment_line__run=run, paid_on__isnull=True))
        for involvement in involvements:
            involvement.paid_on = on
        # One history row per involvement and for the run, saying who marked it.
        bulk_update_with_history(
            involvements, Involvement, ["paid_on"], default_user=user, batch_size=500
        )
        run.refresh_from_db()
        run._history_user = user  # type: ignore[attr-defined]
        run.save(update_fields=["paid_on", "paid_by"])
    return True


def payment_run_mark_exported(*, run: PaymentRun, user: User) -> bool:
    """Record that the run went to the finance system: from then on it can no
    longer be cancelled here. Only an open run; False if it is paid or cancelled.
    Marking it again moves the date on (it was sent again)."""
    with transaction.atomic():
        claimed = PaymentRun.objects.open().filter(pk=run.pk).update(exported_at=timezone.now())
        if not claimed:
            return False
        run.refresh_from_db()
        run._history_user = user  # type: ignore[attr-defined]
        run.save(update_fields=["exported_at"])
    return True


def payment_run_cancel(*, run: PaymentRun, user: User) -> bool:
    """Cancel an open run not yet exported: its lines are removed, one history row
    each naming `user`, so its payments are due again (approved, in no run), and
    the run is kept, marked cancelled. Claimed by a conditional update: cancelling
    twice, or a run exported or paid meanwhile, changes nothing and returns False."""
    with transaction.atomic():
        claimed = (
            PaymentRun.objects.open()
            .filter(pk=run.pk, exported_at__isnull=True)
            .update(cancelled_at=timezone.now(), cancelled_by=user)
        )
        if not claimed:
            return False
        for line in run.lines.all():
            line._history_user = user  # type: ignore[attr-defined]
            line.delete()
        run.refresh_from_db()
        run._history_user = user  # type: ignore[attr-defined]
        run.save(update_fields=["cancelled_at", "cancelled_by"])
    return True


def vouchers_mark_given(*, involvement_ids: Iterable[int], on: datetime.date, user: User) -> int:
    """Record that the team gave these people their vouchers on `on`: only those
    still to give (a second click, or someone else marking them, changes nothing).
    One history row each, naming `user`. Returns how many were marked."""
    with transaction.atomic():
        involvements = list(
            Involvement.objects.vouchers_to_give(on=on)
            .filter(pk__in=list(involvement_ids))
            .select_for_update(of=("self",))
        )
        for involvement in involvements:
            involvement.vouchers_given_on = on
        bulk_update_with_history(
            involvements, Involvement, ["vouchers_given_on"], default_user=user, batch_size=500
        )
    return len(involvements)
