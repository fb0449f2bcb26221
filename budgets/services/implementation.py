"""Follow-up of winning projects: status, progress, milestones with photos (clerks)."""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from budgets import policies
from budgets.models import Implementation, ImplementationStatus, Milestone
from budgets.services.proposals import proposal_notify
from budgets.uploads import photo_checked
from civic.errors import DomainError
from civic.models import User
from civic.services.audit import audit_record
from civic.text import clean_text


@transaction.atomic
def implementation_update(*, implementation: Implementation, status: str, progress_percent: int,
                          note: str, actor: User) -> Implementation:
    """Update a winning project's follow-up shown to residents; its authors are told."""
    policies.ensure_staff(actor)
    proposal = implementation.proposal
    policies.ensure_capability(proposal.budget, "update_implementation")
    if status not in ImplementationStatus.values:
        raise DomainError(_("État inconnu."), code="invalid_status", field="status")
    if not 0 <= progress_percent <= 100:
        raise DomainError(_("L'avancement est un pourcentage entre 0 et 100."),
                          code="invalid_progress", field="progress_percent")
    if status == ImplementationStatus.DONE:
        progress_percent = 100
    implementation.status = status
    implementation.progress_percent = progress_percent
    implementation.note = clean_text(note, field="note", max_length=3000)
    implementation.save(update_fields=["status", "progress_percent", "note", "updated_at"])
    audit_record(verb="budget.implementation_updated", actor=actor, target=implementation,
                 data={"status": status, "progress": progress_percent})
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
