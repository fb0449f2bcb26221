"""The staff home (espace agents): for each role, the queues of the jobs waiting, counted by
the modules' selectors, each linking to the page that handles it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets import paper_selectors
from budgets import selectors as budget_selectors
from civic import roles
from civic import selectors as civic_selectors
from civic.http import AuthenticatedHttpRequest
from civic.links import page_url
from civic.models import AgendaItem, User
from commissions import selectors as commission_selectors
from frontend.views.council import source_url as public_source_url
from frontend.web import back_office_required
from petitions import selectors as petition_selectors

# How many entries of each queue the home lists; the count and the queue's page show all.
SHOWN = 5


@dataclass
class QueueEntry:
    label: str
    url: str
    note: str = ""


@dataclass
class Queue:
    key: str
    title: str
    count: int
    url: str  # the queue's own page; "" when it has none its reader may open
    link_label: str
    entries: list[QueueEntry] = field(default_factory=list)
    # What the queue's reader may start from here (a chair schedules her body's meetings).
    actions: list[QueueEntry] = field(default_factory=list)


def _entries[M: Model](qs: QuerySet[M], to_entry: Callable[[M], QueueEntry]) -> list[QueueEntry]:
    return [to_entry(obj) for obj in qs[:SHOWN]]


def _proposals() -> Queue:
    qs = budget_selectors.proposal_list_to_review()
    return Queue("proposals", _("Projets à instruire"), qs.count(),
                 page_url("budgets_web:index"), _("Tous les budgets"),
                 _entries(qs, lambda p: QueueEntry(p.title, page_url("budgets_web:proposal",
                                                                      pk=p.pk),
                                                   str(p.budget))))


def _reports() -> Queue:
    qs = civic_selectors.comment_list_reported()
    return Queue("reports", _("Signalements à modérer"), qs.count(),
                 page_url("frontend:moderation"), _("Ouvrir la modération"),
                 _entries(qs, lambda c: QueueEntry(
                     c.body[:80], page_url("frontend:moderation") + f"#commentaire-{c.pk}")))


def _paper_ballots() -> Queue:
    qs = paper_selectors.paper_ballot_list_pending()
    return Queue("paper", _("Bulletins papier en attente d'un second agent"), qs.count(),
                 page_url("counter:ballot_list"), _("Bulletins à ressaisir"),
                 _entries(qs, lambda e: QueueEntry(
                     str(e.budget), page_url("counter:ballot_second", pk=e.pk),
                     str(e.get_status_display()))))


def _initiatives_due() -> Queue:
    qs = petition_selectors.initiative_list_due_for_council()
    return Queue("initiatives", _("Initiatives à inscrire au conseil"), qs.count(),
                 page_url("petitions_web:council"), _("Écrans du conseil"),
                 _entries(qs, lambda i: QueueEntry(
                     i.title, page_url("petitions_web:schedule", pk=i.pk),
                     _("avant le %(date)s") % {"date": i.schedule_due_by.strftime("%d/%m/%Y")}
                     if i.schedule_due_by else "")))


def _source_url(item: AgendaItem) -> str:
    model = item.source_type.model if item.source_type else ""
    if model == "opinion":
        return page_url("commissions_web:staff_opinion", pk=item.source_id)
    if model == "budgetdebate":
        return page_url("budgets_web:synthesis", pk=item.source_id)
    if model == "citizeninitiative":
        return page_url("petitions_web:schedule", pk=item.source_id)
    return page_url("frontend:staff_home")


def _council_pending() -> Queue:
    qs = civic_selectors.agenda_item_list_pending().exclude(
        source_type__model="citizeninitiative")
    return Queue("council", _("Avis et synthèses transmis au conseil"), qs.count(),
                 page_url("petitions_web:council"), _("Écrans du conseil"),
                 _entries(qs, lambda a: QueueEntry(a.title, _source_url(a))))


def _meetings_without_minutes() -> Queue:
    qs = commission_selectors.meeting_list_without_minutes()
    return Queue("minutes", _("Réunions sans compte rendu"), qs.count(),
                 page_url("commissions_web:workspace"), _("Espace des commissions"),
                 _entries(qs, lambda m: QueueEntry(
                     f"{m.commission} — {m.title}",
                     page_url("commissions_web:staff_meeting", pk=m.pk),
                     m.starts_at.strftime("%d/%m/%Y"))))


def _overdue_answers() -> Queue:
    opinions = commission_selectors.opinions_overdue()
    initiatives = petition_selectors.initiative_list_overdue()
    entries = _entries(opinions, lambda o: QueueEntry(
        str(o.title), page_url("commissions_web:staff_opinion", pk=o.pk),
        _("réponse due le %(date)s") % {"date": o.answer_due_by.strftime("%d/%m/%Y")}
        if o.answer_due_by else ""))
    entries += _entries(initiatives, lambda i: QueueEntry(
        i.title, page_url("petitions_web:schedule", pk=i.pk), _("inscription en retard")))
    return Queue("overdue", _("Réponses en retard"), opinions.count() + initiatives.count(),
                 page_url("petitions_web:council"), _("Écrans du conseil"), entries[:SHOWN])


# Councillors see what comes before the council, linked to the public pages they can open
# (the clerks' council screens and staff opinion pages are the clerks' work, not theirs).
def _council_sessions() -> Queue:
    qs = civic_selectors.council_session_list_open()
    return Queue("sessions", _("Prochaines séances du conseil"), qs.count(), "", "",
                 _entries(qs, lambda s: QueueEntry(
                     str(s.council), page_url("frontend:council_session", pk=s.pk),
                     _("%(when)s · %(items)s point(s) à l'ordre du jour") % {
                         "when": timezone.localtime(s.starts_at).strftime("%d/%m/%Y %H:%M"),
                         "items": getattr(s, "item_count", 0)})))


def _council_due() -> Queue:
    initiatives = petition_selectors.initiative_list_due_for_council()
    items = civic_selectors.agenda_item_list_pending().exclude(
        source_type__model="citizeninitiative")
    entries = _entries(initiatives, lambda i: QueueEntry(
        i.title, page_url("petitions_web:detail", pk=i.pk),
        _("initiative, à inscrire avant le %(date)s") % {
            "date": i.schedule_due_by.strftime("%d/%m/%Y")}
        if i.schedule_due_by else _("initiative")))
    entries += [QueueEntry(item.title, url, _("à inscrire avant le %(date)s") % {
                    "date": item.due_by.strftime("%d/%m/%Y")} if item.due_by else "")
                for item in items[:SHOWN] if (url := public_source_url(item))]
    return Queue("council_due", _("Initiatives, avis et synthèses attendus au conseil"),
                 initiatives.count() + items.count(), page_url("petitions_web:index"),
                 _("Toutes les initiatives"), entries[:SHOWN])


def _chaired_meetings(user: User) -> Queue:
    qs = commission_selectors.meeting_list_for_chair(user=user)
    return Queue("chair", _("Réunions des instances que vous présidez ou dont vous tenez le "
                            "secrétariat"), qs.count(),
                 page_url("commissions_web:index"), _("Toutes les instances"),
                 _entries(qs, lambda m: QueueEntry(
                     f"{m.commission} — {m.title}",
                     page_url("commissions_web:staff_meeting", pk=m.pk),
                     f"{m.starts_at:%d/%m/%Y} · {m.get_status_display()}")),
                 actions=[QueueEntry(_("Planifier une réunion — {body}").format(body=body),
                                     page_url("commissions_web:staff_meeting_create",
                                              slug=body.slug))
                          for body in commission_selectors.commission_list_chaired(user=user)])


QUEUES: dict[str, Callable[[], Queue]] = {
    "proposals": _proposals,
    "reports": _reports,
    "paper": _paper_ballots,
    "initiatives": _initiatives_due,
    "council": _council_pending,
    "minutes": _meetings_without_minutes,
    "overdue": _overdue_answers,
    "sessions": _council_sessions,
    "council_due": _council_due,
}

# The queues each role works on, in the order its home shows them.
ROLE_QUEUES: dict[roles.Role, tuple[str, ...]] = {
    roles.Role.CLERK: ("proposals", "paper", "initiatives", "council", "minutes", "overdue"),
    roles.Role.MODERATOR: ("reports",),
    roles.Role.COUNCILLOR: ("sessions", "council_due"),
    roles.Role.ADMINISTRATOR: ("proposals", "reports", "paper", "initiatives", "council",
                               "minutes", "overdue"),
}
ROLE_HEADINGS = {
    roles.Role.CLERK: gettext_lazy("Agent"),
    roles.Role.MODERATOR: gettext_lazy("Modération"),
    roles.Role.COUNCILLOR: gettext_lazy("Élu·e"),
    roles.Role.ADMINISTRATOR: gettext_lazy("Administration"),
}


def queue_keys_for(held: Iterable[roles.Role]) -> list[str]:
    """The queues of every role held, each once, in the order of the roles' lists."""
    keys: list[str] = []
    for role in ROLE_QUEUES:
        if role in held:
            keys += [key for key in ROLE_QUEUES[role] if key not in keys]
    return keys


@back_office_required
def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    held = roles.roles_of(request.user)
    queues = [QUEUES[key]() for key in queue_keys_for(held)]
    chaired = _chaired_meetings(request.user)
    if chaired.count or commission_selectors.commission_list_chaired(user=request.user).exists():
        queues.insert(0, chaired)
    return render(request, "frontend/staff/home.html", {
        "queues": queues,
        "role_names": [ROLE_HEADINGS[role] for role in ROLE_QUEUES if role in held],
        "is_clerk": roles.is_staff_member(request.user),
        "is_supervisor": roles.is_supervisor(request.user),
        "is_moderator": roles.is_moderator(request.user),
    })
