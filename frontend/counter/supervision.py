"""The supervisors' page: what each clerk did at the counter over a period (four eyes).

Registrations and verifications come from civic's selectors, paper ballots from budgets',
paper signatures from petitions': this page may read every app, civic never does.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import paper_selectors
from budgets.models import PaperBallotEntry, PaperBallotStatus
from budgets.models.paper_ballot import OPEN_STATUSES
from civic import roles
from civic import selectors as civic_selectors
from civic.models import User
from frontend.counter.forms import SupervisionForm
from petitions import selectors as petitions_selectors

DEFAULT_DAYS = 30
RECENT_ACTS = 10
# The latest acts of each kind read for the "recent acts" lists (the counts read them all).
SCAN = 500


@dataclass(frozen=True)
class Act:
    at: datetime
    label: str
    subject: str
    url: str
    warning: bool = False


@dataclass
class ClerkActivity:
    clerk: User
    counts: dict[str, int] = field(default_factory=dict)
    acts: list[Act] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _per_clerk(queryset: QuerySet, clerk_field: str) -> dict[int, int]:
    rows = queryset.order_by().values(clerk_field).annotate(n=Count("pk"))
    return {row[clerk_field]: row["n"] for row in rows if row[clerk_field] is not None}


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _entry_url(entry: PaperBallotEntry) -> str:
    status = entry.status
    if status == PaperBallotStatus.CONFIRMED:
        return reverse("counter:ballot_receipt", kwargs={"pk": entry.pk})
    if status in OPEN_STATUSES:
        return reverse("counter:ballot_second", kwargs={"pk": entry.pk})
    return ""


def _acts(start: datetime, end: datetime) -> list[tuple[int, Act]]:
    """(clerk id, act) of the latest acts of every kind in the period."""
    found: list[tuple[int, Act]] = []

    def add(clerk_id: int | None, act: Act) -> None:
        # The selectors return only acts recorded by a clerk.
        if clerk_id is not None:
            found.append((clerk_id, act))

    resident_url = lambda r: reverse("counter:resident", kwargs={"pk": r.pk})  # noqa: E731
    for r in civic_selectors.resident_list_registered_by_clerks(start=start, end=end)[:SCAN]:
        add(r.registered_by_id, Act(r.user.date_joined, _("Inscription"), _name(r.user),
                                    resident_url(r)))
    for r in civic_selectors.resident_list_verified_by_clerks(start=start, end=end)[:SCAN]:
        own = r.registered_by_id == r.verified_by_id
        label = _("Vérification de sa propre inscription") if own else \
            _("Vérification")
        if r.verified_at is not None:  # verified in the period
            add(r.verified_by_id, Act(r.verified_at, label, _name(r.user), resident_url(r),
                                      warning=own))
    for e in paper_selectors.paper_ballot_list_entered_between(start=start, end=end)[:SCAN]:
        subject = f"{_name(e.voter)} — {e.budget.title}"
        if start <= e.first_entered_at < end:
            found.append((e.first_clerk_id, Act(e.first_entered_at,
                                                _("Bulletin papier, première saisie"),
                                                subject, _entry_url(e))))
        if e.second_clerk_id and e.confirmed_at and start <= e.confirmed_at < end:
            found.append((e.second_clerk_id, Act(e.confirmed_at,
                                                 _("Bulletin papier, seconde saisie"),
                                                 subject, _entry_url(e))))
    for s in petitions_selectors.signature_list_paper_between(start=start, end=end)[:SCAN]:
        add(s.recorded_by_id, Act(
            s.signed_at, _("Signature papier"), f"{_name(s.resident.user)} — "
            f"{s.initiative.title}",
            reverse("counter:signature_receipt", kwargs={"pk": s.pk})))
    return found


def _counts(start: datetime, end: datetime) -> dict[str, dict[int, int]]:
    registered = civic_selectors.resident_list_registered_by_clerks(start=start, end=end)
    verified = civic_selectors.resident_list_verified_by_clerks(start=start, end=end)
    entries = paper_selectors.paper_ballot_list_entered_between(start=start, end=end)
    signatures = petitions_selectors.signature_list_paper_between(start=start, end=end)
    return {
        "registrations": _per_clerk(registered, "registered_by"),
        "verifications": _per_clerk(verified, "verified_by"),
        # Four eyes: should stay at zero; older accounts or a revoked role may show here.
        "own_verifications": _per_clerk(verified.filter(verified_by=F("registered_by")),
                                        "verified_by"),
        "paper_first": _per_clerk(entries.filter(first_entered_at__gte=start,
                                                 first_entered_at__lt=end), "first_clerk"),
        "paper_second": _per_clerk(entries.filter(confirmed_at__gte=start,
                                                  confirmed_at__lt=end), "second_clerk"),
        "paper_signatures": _per_clerk(signatures, "recorded_by"),
    }


def clerk_activity(*, start: datetime, end: datetime) -> list[ClerkActivity]:
    """Every clerk (and whoever acted as one) with their counts and latest acts."""
    counts = _counts(start, end)
    acts = _acts(start, end)
    ids = {pk for per_clerk in counts.values() for pk in per_clerk} | {pk for pk, _a in acts}
    people = {u.pk: u for u in roles.users_with_role(roles.Role.CLERK)}
    people.update(User.objects.in_bulk([pk for pk in ids if pk not in people]))
    rows = {pk: ClerkActivity(clerk=user) for pk, user in people.items()}
    for kind, per_clerk in counts.items():
        for pk, number in per_clerk.items():
            rows[pk].counts[kind] = number
    for pk, act in sorted(acts, key=lambda item: item[1].at, reverse=True):
        if len(rows[pk].acts) < RECENT_ACTS:
            rows[pk].acts.append(act)
    return sorted(rows.values(), key=lambda row: (row.clerk.last_name, row.clerk.first_name,
                                                  row.clerk.pk))


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    if not roles.is_supervisor(request.user):
        raise PermissionDenied(_("Réservé aux administrateurs."))
    form = SupervisionForm(request.GET or None)
    until = timezone.localdate()
    since = until - timedelta(days=DEFAULT_DAYS - 1)
    if form.is_bound and form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
    rows = clerk_activity(start=_midnight(since), end=_midnight(until + timedelta(days=1)))
    return render(request, "frontend/counter/supervision.html", {
        "form": form, "since": since, "until": until, "rows": rows,
    }, status=400 if form.errors else 200)
