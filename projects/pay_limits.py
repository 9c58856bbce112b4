"""A limit a person chose to stay under, and how far a payment takes them towards it.

It is their choice (often because of their benefits); we never say what it should
be. A payment that would take them over it warns the person paying, and offers
what they can already choose instead; it never stops the payment.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from projects.models import Involvement, Person
from projects.models.payments import pounds, tax_year_label, tax_year_of

# Independent advice, in their words, not ours.
ADVICE_URL = "https://www.citizensadvice.org.uk/benefits/"
ADVICE_NAME = "Citizens Advice: benefits"
ALTERNATIVES = "They can choose to take less, not to be paid, or to give the fee to a charity."


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
