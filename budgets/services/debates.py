"""The general-budget debate: lines imported from CSV, preferences, comments, synthesis."""

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets import policies
from budgets.csv_import import parse_budget_csv
from budgets.models import (
    BudgetChapter,
    BudgetDebate,
    BudgetLine,
    ChapterPreference,
    ChapterPreferenceChoice,
)
from budgets.money import format_euros
from budgets.services.budgets import value_changed
from budgets.states import DEBATE_TRANSITIONS, DebateStatus
from civic.errors import Conflict, DomainError, InvalidTransition
from civic.links import page_url
from civic.models import AgendaItem, CouncilDecision, User
from civic.services.audit import audit_record
from civic.services.council import (
    agenda_item_submit,
    council_decision_announce,
    council_decision_record,
)
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition

if TYPE_CHECKING:
    from budgets.selectors import ChapterSynthesis

logger = logging.getLogger(__name__)


class CsvImportError(DomainError):
    """The file has problems; `errors` lists them by line number."""

    code = "invalid_csv"

    def __init__(self, errors: list[str]) -> None:
        super().__init__(_("Le fichier contient {n} erreur(s) : {first}").format(
            n=len(errors), first=errors[0]), field="file")
        self.errors = errors


@transaction.atomic
def debate_create(*, year: int, title: str, actor: User, introduction: str = "",
                  opens_at: datetime | None = None,
                  closes_at: datetime | None = None) -> BudgetDebate:
    """Prepare the debate on a year's general budget (clerks); one debate per year."""
    policies.ensure_staff(actor)
    title = clean_text(title, field="title", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un titre au débat."), code="empty", field="title")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_("La clôture doit suivre l'ouverture."), code="invalid_schedule",
                          field="closes_at")
    try:
        with transaction.atomic():
            debate = BudgetDebate.objects.create(
                year=year, title=title, created_by=actor, opens_at=opens_at, closes_at=closes_at,
                introduction=clean_text(introduction, field="introduction", max_length=10000))
    except IntegrityError:
        raise Conflict(_("Un débat existe déjà pour l'année {year}.").format(year=year),
                       code="debate_exists", field="year") from None
    audit_record(verb="budget.debate_created", actor=actor, target=debate, data={"year": year})
    return debate


@transaction.atomic
def debate_lines_import(*, debate: BudgetDebate, data: bytes, actor: User) -> int:
    """Replace the draft's chapters and lines with those of a CSV export; returns line count."""
    policies.ensure_staff(actor)
    debate = BudgetDebate.objects.select_for_update().get(pk=debate.pk)
    policies.ensure_debate_capability(debate, "import_lines")
    parsed = parse_budget_csv(data)
    if parsed.errors:
        raise CsvImportError(parsed.errors)
    BudgetChapter.objects.filter(debate=debate).delete()
    chapters: dict[str, BudgetChapter] = {}
    for line in parsed.lines:
        if line.chapter not in chapters:
            chapters[line.chapter] = BudgetChapter(debate=debate, code=line.chapter,
                                                   label=line.chapter_label,
                                                   position=len(chapters))
    BudgetChapter.objects.bulk_create(chapters.values())
    BudgetLine.objects.bulk_create(
        BudgetLine(chapter=chapters[line.chapter], article=line.article, label=line.label,
                   amount_cents=line.amount_cents, position=i)
        for i, line in enumerate(parsed.lines))
    audit_record(verb="budget.debate_lines_imported", actor=actor, target=debate,
                 data={"chapters": len(chapters), "lines": len(parsed.lines),
                       "total_cents": sum(line.amount_cents for line in parsed.lines)})
    return len(parsed.lines)


@transaction.atomic
def debate_transition(*, debate: BudgetDebate, target: str,
                      actor: User | None) -> BudgetDebate:
    """Open or close the debate (clerks, or the schedule when `actor` is None)."""
    if actor is not None:
        policies.ensure_staff(actor)
    current = debate.status
    if target not in DEBATE_TRANSITIONS.get(current, set()):
        raise InvalidTransition(_("Ce débat ne peut pas passer de « {a} » à « {b} ».").format(
            a=DebateStatus(current).label, b=target))
    if target == DebateStatus.OPEN and not BudgetLine.objects.filter(
            chapter__debate=debate).exists():
        raise InvalidTransition(_("Importez d'abord les lignes du budget."), code="no_lines")
    now = timezone.now()
    stamp: dict[str, Any] = ({"opened_at": now} if target == DebateStatus.OPEN
                             else {"closed_at": now})
    transition(debate, lifecycle=DEBATE_TRANSITIONS, source=current, target=target,
               verb="budget.debate_phase_changed", actor=actor,
               message=_("L'état du débat a déjà changé."), code="phase_changed",
               data={"scheduled": actor is None}, **stamp)
    return debate


def debate_advance_due(*, now: datetime | None = None) -> int:
    """Beat job: open and close debates whose scheduled date has passed; safe to run twice."""
    moment = now or timezone.now()
    moved = 0
    steps = ((DebateStatus.DRAFT, "opens_at", DebateStatus.OPEN),
             (DebateStatus.OPEN, "closes_at", DebateStatus.CLOSED))
    for status, date_field, target in steps:
        for debate in BudgetDebate.objects.filter(status=status, **{f"{date_field}__lte": moment}):
            try:
                debate_transition(debate=debate, target=target, actor=None)
            except DomainError as exc:
                logger.info("debate %s stays %s: %s", debate.pk, status, exc.message)
                continue
            moved += 1
    return moved


@transaction.atomic
def chapter_preference_set(*, chapter: BudgetChapter, voter: User,
                           choice: str) -> ChapterPreference:
    """Give (or change) one's preference on a chapter while the debate is open:
    more/same/less."""
    debate = chapter.debate
    policies.ensure_can_give_preference(user=voter, debate=debate)
    if choice not in ChapterPreferenceChoice.values:
        raise DomainError(_("Choisissez « plus », « autant » ou « moins »."),
                          code="invalid_choice", field="choice")
    try:
        with transaction.atomic():
            preference, _created = ChapterPreference.objects.update_or_create(
                chapter=chapter, voter=voter, defaults={"choice": choice, "debate": debate})
    except IntegrityError:
        # The same person's concurrent request created it first; ours is the later preference.
        preference = ChapterPreference.objects.get(chapter=chapter, voter=voter)
        preference.choice = choice
        preference.save(update_fields=["choice", "updated_at"])
    return preference


def _synthesis_summary(debate: BudgetDebate, rows: "list[ChapterSynthesis]") -> str:
    """The agenda item's text: the residents' opinion per chapter, in plain words."""
    lines = [_("Débat citoyen sur le budget {year} : avis des habitants par chapitre.")
             .format(year=debate.year)]
    for row in rows:
        lines.append(_("- {code} {label} ({amount}) : {more} % plus, {same} % autant, "
                       "{less} % moins sur {n} avis ; {verdict} ; {c} commentaire(s).").format(
            code=row.chapter.code, label=row.chapter.label,
            amount=format_euros(row.amount_cents), more=row.percent(row.more),
            same=row.percent(row.same), less=row.percent(row.less), n=row.total,
            verdict=row.verdict, c=row.comment_count))
    return "\n".join(lines)


@transaction.atomic
def debate_synthesis_submit(*, debate: BudgetDebate, actor: User) -> AgendaItem:
    """Send the closed debate's synthesis to the municipal council's agenda (clerks)."""
    from budgets.selectors import debate_synthesis

    policies.ensure_staff(actor)
    policies.ensure_debate_capability(debate, "submit_to_council")
    summary = _synthesis_summary(debate, debate_synthesis(debate))
    item = agenda_item_submit(source=debate, title=_("Synthèse du débat citoyen sur le budget "
                                                     "{year}").format(year=debate.year),
                              summary=summary, actor=actor)
    audit_record(verb="budget.debate_synthesis_submitted", actor=actor, target=debate,
                 data={"agenda_item": item.pk})
    return item


@transaction.atomic
def debate_update(*, debate: BudgetDebate, actor: User, title: str, introduction: str,
                  opens_at: datetime | None, closes_at: datetime | None) -> BudgetDebate:
    """Correct a debate (clerks): everything while in preparation; once open, its words and
    its closing (never into the past), and whoever gave an opinion is told of a new closing;
    a closed debate is the record and stays as it is."""
    policies.ensure_staff(actor)
    debate = BudgetDebate.objects.select_for_update().get(pk=debate.pk)
    if debate.status == DebateStatus.CLOSED:
        raise InvalidTransition(_("Un débat clos ne se modifie plus."), code="debate_closed",
                                field="title")
    title = clean_text(title, field="title", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un titre au débat."), code="empty", field="title")
    values = {"title": title, "introduction": clean_text(
        introduction, field="introduction", max_length=10000),
        "opens_at": opens_at, "closes_at": closes_at}
    changed = {k: v for k, v in values.items() if value_changed(getattr(debate, k), v)}
    if not changed:
        raise DomainError(_("Rien n'a changé."), code="unchanged")
    if debate.status == DebateStatus.OPEN:
        if "opens_at" in changed:
            raise InvalidTransition(_("Le débat est déjà ouvert : sa date d'ouverture ne "
                                      "change plus."), code="debate_open", field="opens_at")
        if "closes_at" in changed and (closes_at is None or closes_at <= timezone.now()):
            raise DomainError(_("Un débat ouvert se clôt à une date à venir."),
                              code="invalid_schedule", field="closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_("La clôture doit suivre l'ouverture."), code="invalid_schedule",
                          field="closes_at")
    before = {k: str(getattr(debate, k)) for k in changed}
    for name, value in changed.items():
        setattr(debate, name, value)
    debate.save(update_fields=list(changed))
    audit_record(verb="budget.debate_updated", actor=actor, target=debate,
                 data={"before": before, "after": {k: str(v) for k, v in changed.items()}})
    if debate.status == DebateStatus.OPEN and "closes_at" in changed and closes_at:
        _tell_participants(debate, closes_at)
    return debate


def _tell_participants(debate: BudgetDebate, closes_at: datetime) -> None:
    voters = User.objects.filter(pk__in=ChapterPreference.objects.filter(
        debate=debate).values("voter")).order_by("pk")
    notification_enqueue(
        recipients=voters, kind="budget_debate_rescheduled",
        subject=_("Débat « {title} » : nouvelle date de clôture"),
        body=_("Le débat « {title} » se clôt désormais le {date}. Vous pouvez revoir vos avis "
               "jusque-là."),
        params={"title": debate.title,
                "date": timezone.localtime(closes_at).strftime("%d/%m/%Y %H:%M")},
        dedupe_key=f"debate:{debate.pk}:closes:{closes_at.isoformat()}",
        url=page_url("budgets_web:debate", pk=debate.pk))


def debate_withdraw_refusal(*, debate: BudgetDebate) -> DomainError | None:
    """Why the debate cannot be withdrawn now (None when it can), for the page and the service."""
    if debate.status != DebateStatus.DRAFT:
        return InvalidTransition(_("Seul un débat encore en préparation peut être retiré."),
                                 code="not_in_preparation")
    return None


@transaction.atomic
def debate_withdraw(*, debate: BudgetDebate, actor: User, reason: str) -> None:
    """Withdraw a debate created by mistake while in preparation (clerks): nobody has given
    an opinion yet, so it is deleted with its imported lines; the audit entry keeps why."""
    policies.ensure_staff(actor)
    debate = BudgetDebate.objects.select_for_update().get(pk=debate.pk)
    reason = clean_text(reason, field="reason", max_length=300, multiline=False)
    if not reason:
        raise DomainError(_("Indiquez le motif."), code="empty", field="reason")
    if refusal := debate_withdraw_refusal(debate=debate):
        raise refusal
    audit_record(verb="budget.debate_withdrawn", actor=actor, target=debate,
                 data={"title": debate.title, "year": debate.year, "reason": reason})
    debate.delete()


@transaction.atomic
def debate_synthesis_decision_record(
    *, debate: BudgetDebate, outcome: str, votes_for: int, votes_against: int,
    abstentions: int, reference: str, text: str, decided_at: datetime, actor: User,
) -> CouncilDecision:
    """Record the council's vote on the debate's synthesis (clerks), once its session has
    opened; the residents who gave their preferences are told, as are later corrections."""
    from budgets.selectors import debate_agenda_item

    policies.ensure_staff(actor)
    item = debate_agenda_item(debate=debate)
    if item is None:
        raise InvalidTransition(_("La synthèse de ce débat n'a pas été transmise au conseil."),
                                code="not_submitted")
    decision = council_decision_record(
        item=item, outcome=outcome, votes_for=votes_for, votes_against=votes_against,
        abstentions=abstentions, reference=reference, text=text, decided_at=decided_at,
        actor=actor)
    audit_record(verb="budget.debate_synthesis_decided", actor=actor, target=debate,
                 data={"decision": decision.pk, "outcome": outcome})
    participants = User.objects.filter(
        pk__in=ChapterPreference.objects.filter(debate=debate).values("voter_id"))
    council_decision_announce(
        decision=decision, recipients=participants, kind="budget_debate_voted",
        subject=_("Vote du conseil municipal sur le débat budgétaire {year}"),
        body=_("Le conseil municipal a délibéré sur la synthèse du débat citoyen sur le budget "
               "{year} : {outcome} ({votes_for} pour, {votes_against} contre, {abstentions} "
               "abstentions ; délibération {reference})."),
        params={"year": debate.year, "outcome": decision.get_outcome_display(),
                "votes_for": votes_for, "votes_against": votes_against,
                "abstentions": abstentions, "reference": reference},
        url=page_url("budgets_web:synthesis", pk=debate.pk))
    return decision
