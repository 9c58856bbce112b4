"""A limit a person chose to stay under, and how far a payment takes them towards it.

It is their choice (often because of their benefits); we never say what it should
be. A payment that would take them over it warns the person paying, and offers
what they can already choose instead; it never stops the payment.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from projects.models import Activity, Involvement, Person, RateCard
from projects.models.payments import pounds, tax_year_label, tax_year_of
from projects.services import fee_paid_for

# Independent advice, in their words, not ours.
ADVICE_URL = "https://www.citizensadvice.org.uk/benefits/"
ADVICE_NAME = "Citizens Advice: benefits"


def vouchers_used() -> bool:
    """Whether the organisation gives vouchers instead of money (a site setting)."""
    return settings.PAYMENT_VOUCHERS


def alternatives() -> str:
    """What someone can choose instead of a fee over their limit: only choices the
    organisation offers."""
    if vouchers_used():
        return (
            "They can choose to take less, not to be paid, to give the fee to a charity, "
            "or to have vouchers instead of money."
        )
    return "They can choose to take less, not to be paid, or to give the fee to a charity."


@dataclass(frozen=True)
class PayLimitCheck:
    limit_pence: int
    so_far_pence: int
    adding_pence: int
    period: str

    @property
    def total_pence(self) -> int:
        return self.so_far_pence + self.adding_pence

    @property
    def over(self) -> bool:
        return self.total_pence > self.limit_pence

    @property
    def limit_pounds(self) -> Decimal:
        return pounds(self.limit_pence)

    @property
    def so_far_pounds(self) -> Decimal:
        return pounds(self.so_far_pence)

    @property
    def total_pounds(self) -> Decimal:
        return pounds(self.total_pence)

    @property
    def left_pounds(self) -> Decimal:
        """What is left under the limit (nothing, once over it)."""
        return pounds(max(self.limit_pence - self.total_pence, 0))

    @property
    def over_by_pounds(self) -> Decimal:
        return pounds(max(self.total_pence - self.limit_pence, 0))


def limit_period(person: Person, day: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    """The week (Monday to Sunday) or UK tax year around `day`, and its name."""
    if person.pay_limit_period == Person.LimitPeriod.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        end = start + datetime.timedelta(days=6)
        return start, end, f"the week of {start:%-d %B %Y}"
    year = tax_year_of(day)
    return (
        datetime.date(year, 4, 6),
        datetime.date(year + 1, 4, 5),
        f"the tax year {tax_year_label(year)}",
    )


def pay_limit_check(
    person: Person,
    *,
    day: datetime.date,
    adding_pence: int = 0,
    leaving_out: Involvement | None = None,
) -> PayLimitCheck | None:
    """Fees kept by the person (paid in full or less; not those declined or given
    to a charity, and not expenses, which are their own money back) for activities
    in the limit's period around `day`, plus `adding_pence`. None without a limit.
    `leaving_out` is an involvement whose fee `adding_pence` replaces."""
    if person.pay_limit_pence is None:
        return None
    start, end, period = limit_period(person, day)
    return PayLimitCheck(
        limit_pence=person.pay_limit_pence,
        so_far_pence=fees_kept(person, start=start, end=end, leaving_out=leaving_out),
        adding_pence=adding_pence,
        period=period,
    )


def fees_kept(
    person: Person,
    *,
    start: datetime.date,
    end: datetime.date,
    leaving_out: Involvement | None = None,
) -> int:
    """Fees the person kept (in full or less) for activities from `start` to `end`."""
    fees = Involvement.objects.filter(
        person=person,
        activity__date__gte=start,
        activity__date__lte=end,
        payment_choice__in=[Involvement.PaymentChoice.PAID, Involvement.PaymentChoice.REDUCED],
    )
    if leaving_out is not None and leaving_out.pk:
        fees = fees.exclude(pk=leaving_out.pk)
    return fees.aggregate(total=Sum("fee_paid_pence"))["total"] or 0


@dataclass(frozen=True)
class Offered:
    """A payment on the activity form, before it is saved: who, for how long, and
    what they chose about the fee."""

    person_id: int
    hours: Decimal
    payment_choice: str
    amount_taken_pence: int | None = None


@dataclass(frozen=True)
class OverLimit:
    person: Person
    check: PayLimitCheck


KEPT = (Involvement.PaymentChoice.PAID, Involvement.PaymentChoice.REDUCED)


def over_limits_offered(
    offered: list[Offered], *, day: datetime.date | None, activity: Activity | None
) -> list[OverLimit]:
    """The people these payments would take over a limit they chose, with the fee
    each would keep (worked out from the rate card in force on `day`, as it will
    be when saved) counted in. A fee they already have on this activity is
    replaced, not added to. Queries only when someone offered a fee has a limit."""
    kept = [offer for offer in offered if offer.payment_choice in KEPT]
    if day is None or not kept:
        return []
    people = {
        person.pk: person
        for person in Person.objects.filter(
            pk__in={offer.person_id for offer in kept}, pay_limit_pence__isnull=False
        )
    }
    card = RateCard.objects.in_force_on(day) if people else None
    if card is None:
        return []
    already = {}
    if activity is not None and activity.pk:
        already = {
            involvement.person_id: involvement
            for involvement in Involvement.objects.filter(activity=activity, person__in=people)
        }
    over = []
    for offer in kept:
        person = people.get(offer.person_id)
        if person is None:
            continue
        fee = fee_paid_for(
            choice=offer.payment_choice,
            fee_due_pence=card.fee_for(offer.hours),
            amount_taken_pence=offer.amount_taken_pence,
        )
        check = pay_limit_check(
            person, day=day, adding_pence=fee, leaving_out=already.get(person.pk)
        )
        if check is not None and check.over:
            over.append(OverLimit(person=person, check=check))
    return over
