"""Follow-up of winning projects: status, progress, milestones with photos (clerks)."""

from datetime import date
from typing import Any

from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets import policies, states
from budgets.models import Implementation, ImplementationStatus, Milestone
from budgets.services.proposals import proposal_notify
from budgets.uploads import photo_checked
from civic.errors import DomainError
from civic.models import User
from civic.services.audit import audit_record
from civic.text import clean_text
from civic.transitions import transition


@transaction.atomic
def implementation_update(*, implementation: Implementation, status: str, progress_percent: int,
                          note: str, actor: User, planned_start_on: date | None = None,
                          planned_end_on: date | None = None, finished_on: date | None = None,
                          spent_cents: int | None = None) -> Implementation:
    """Update a winning project's follow-up shown to residents (state, progress, planned and
    actual dates, money spent); its authors are told."""
    policies.ensure_staff(actor)
    proposal = implementation.proposal
    policies.ensure_capability(proposal.budget, "update_implementation")
    if status not in ImplementationStatus.values:
        raise DomainError(_("État inconnu."), code="invalid_status", field="status")
    if not 0 <= progress_percent <= 100:
        raise DomainError(_("L'avancement est un pourcentage entre 0 et 100."),
                          code="invalid_progress", field="progress_percent")
    if planned_start_on and planned_end_on and planned_end_on < planned_start_on:
        raise DomainError(_("La fin prévue ne peut pas précéder le début prévu."),
                          code="invalid_dates", field="planned_end_on")
    if finished_on and finished_on > timezone.localdate():
        raise DomainError(_("La date de fin des travaux ne peut pas être dans le futur."),
                          code="invalid_dates", field="finished_on")
    if spent_cents is not None and spent_cents < 0:
        raise DomainError(_("Le montant dépensé ne peut pas être négatif."),
                          code="invalid_amount", field="spent_cents")
    if status == ImplementationStatus.DONE:
        progress_percent = 100
    transition(
        implementation, lifecycle=states.IMPLEMENTATION_TRANSITIONS,
        source=implementation.status, target=status, verb="budget.implementation_updated",
        actor=actor, data={"status": status, "progress": progress_percent,
                           "planned": [str(planned_start_on or ""), str(planned_end_on or "")],
                           "finished_on": str(finished_on or ""), "spent_cents": spent_cents},
        progress_percent=progress_percent, note=clean_text(note, field="note", max_length=3000),
        planned_start_on=planned_start_on, planned_end_on=planned_end_on,
        finished_on=finished_on, spent_cents=spent_cents, updated_at=timezone.now())
    proposal_notify(proposal, kind="budget_implementation", key=f"impl:{status}:{progress_percent}",
            subject=_("Avancement de « {title} »"),
            body=_("Votre projet avance : {status}, {progress} %. {note}"),
            params={"status": ImplementationStatus(status).label,
                    "progress": progress_percent, "note": implementation.note})
    return implementation


@transaction.atomic
def milestone_add(*, implementation: Implementation, title: str, happened_on: date,
                  actor: User, note: str = "",
                  photo: "UploadedFile[Any] | None" = None) -> Milestone:
    """Add a dated milestone, with an optional photo, to a project's follow-up (clerks)."""
    policies.ensure_staff(actor)
    policies.ensure_capability(implementation.proposal.budget, "update_implementation")
    title = clean_text(title, field="title", max_length=160, multiline=False)
    if not title:
        raise DomainError(_("Nommez l'étape."), code="empty", field="title")
    milestone = Milestone.objects.create(
        implementation=implementation, title=title, happened_on=happened_on,
        note=clean_text(note, field="note", max_length=2000),
        photo=photo_checked(photo) if photo else "", recorded_by=actor)
    audit_record(verb="budget.milestone_added", actor=actor, target=milestone,
                 data={"implementation": implementation.pk, "title": title})
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, title: str, happened_on: date, actor: User,
                     note: str = "", photo: "UploadedFile[Any] | None" = None,
                     remove_photo: bool = False) -> Milestone:
    """Correct a milestone of a project's follow-up: its words, its date, its photo (a new
    one replaces it, or it is taken off); the values replaced go to the audit entry (clerks)."""
    policies.ensure_staff(actor)
    milestone = Milestone.objects.select_for_update().select_related(
        "implementation__proposal__budget").get(pk=milestone.pk)
    policies.ensure_capability(milestone.implementation.proposal.budget, "update_implementation")
    title = clean_text(title, field="title", max_length=160, multiline=False)
    if not title:
        raise DomainError(_("Nommez l'étape."), code="empty", field="title")
    if happened_on > timezone.localdate():
        raise DomainError(_("Une étape franchie ne peut pas être datée dans le futur."),
                          code="invalid_dates", field="happened_on")
    before = {"title": milestone.title, "happened_on": str(milestone.happened_on),
              "note": milestone.note, "photo": bool(milestone.photo)}
    old_photo = milestone.photo.name if milestone.photo else ""
    milestone.title, milestone.happened_on = title, happened_on
    milestone.note = clean_text(note, field="note", max_length=2000)
    if photo:
        milestone.photo = photo_checked(photo)
    elif remove_photo:
        milestone.photo = ""  # an empty name clears the field
    milestone.save(update_fields=["title", "happened_on", "note", "photo"])
    if old_photo and old_photo != (milestone.photo.name if milestone.photo else ""):
        _delete_on_commit(milestone.photo.storage, old_photo)
    audit_record(verb="budget.milestone_updated", actor=actor, target=milestone,
                 data={"before": before, "after": {
                     "title": title, "happened_on": str(happened_on), "note": milestone.note,
                     "photo": bool(milestone.photo)}})
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: User, reason: str) -> None:
    """Take a milestone recorded by mistake off a project's follow-up (clerks); the audit
    entry keeps what it said and why."""
    policies.ensure_staff(actor)
    milestone = Milestone.objects.select_for_update().select_related(
        "implementation__proposal__budget").get(pk=milestone.pk)
    policies.ensure_capability(milestone.implementation.proposal.budget, "update_implementation")
    reason = clean_text(reason, field="reason", max_length=300, multiline=False)
    if not reason:
        raise DomainError(_("Indiquez le motif."), code="empty", field="reason")
    audit_record(verb="budget.milestone_deleted", actor=actor, target=milestone,
                 data={"implementation": milestone.implementation_id, "title": milestone.title,
                       "happened_on": str(milestone.happened_on), "reason": reason})
    if milestone.photo.name:
        _delete_on_commit(milestone.photo.storage, milestone.photo.name)
    milestone.delete()


def _delete_on_commit(storage: Storage, name: str) -> None:
    """Remove a replaced photo once the change is committed (a rollback keeps it)."""
    transaction.on_commit(lambda: storage.delete(name))
