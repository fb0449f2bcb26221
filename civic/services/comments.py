"""Comments on any registered object, with reports and moderation (hide and un-hide with a
reason, the author told)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import commentable, roles
from civic.errors import Conflict, DomainError, NotPermitted
from civic.models import Comment, CommentReport, User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text


@transaction.atomic
def comment_create(*, target: Model, author: User, body: str) -> Comment:
    """Post a plain-text comment; the target's module decides who may comment."""
    policy = commentable.policy_for(type(target))
    if policy is None:
        raise DomainError(_("On ne peut pas commenter cet objet."), code="not_commentable")
    policy(author, target)
    text = clean_text(body, field="body", max_length=5000)
    if not text:
        raise DomainError(_("Le commentaire est vide."), code="empty", field="body")
    comment = Comment.objects.create(target=target, author=author, body=text)
    audit_record(verb="comment.created", actor=author, target=comment,
                 data={"target": f"{target._meta.label_lower}:{target.pk}"})
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reporter: User, reason: str) -> CommentReport:
    """Report a comment to the moderators, once per person."""
    reason = clean_text(reason, field="reason", max_length=300)
    if not reason:
        raise DomainError(_("Indiquez le motif du signalement."), code="empty", field="reason")
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter,
                                                  reason=reason)
    except IntegrityError:
        raise Conflict(_("Vous avez déjà signalé ce commentaire."),
                       code="already_reported") from None
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    audit_record(verb="comment.reported", actor=reporter, target=comment, data={"reason": reason})
    return report


@transaction.atomic
def comment_hide(*, comment: Comment, moderator: User, reason: str) -> Comment:
    """Hide a comment from the public, with a reason shown in its place (moderators)."""
    reason = _moderation_reason(moderator, reason, _("Indiquez le motif du masquage."))
    updated = Comment.objects.filter(pk=comment.pk, status=Comment.Status.VISIBLE).update(
        status=Comment.Status.HIDDEN, hidden_reason=reason, hidden_by=moderator
    )
    if not updated:
        raise Conflict(_("Ce commentaire est déjà masqué."), code="already_hidden")
    comment.refresh_from_db()
    audit_record(verb="comment.hidden", actor=moderator, target=comment, data={"reason": reason})
    _tell_author(comment, "comment_hidden", reason,
                 subject=_("Votre commentaire a été masqué"),
                 body=_("Un modérateur a masqué votre commentaire « {excerpt} ». "
                        "Motif : {reason}"))
    return comment


@transaction.atomic
def comment_unhide(*, comment: Comment, moderator: User, reason: str) -> Comment:
    """Show a hidden comment again, with the reason for the reversal (moderators); its
    reports are settled, so it leaves the moderators' queue."""
    reason = _moderation_reason(moderator, reason, _("Indiquez le motif du rétablissement."))
    updated = Comment.objects.filter(pk=comment.pk, status=Comment.Status.HIDDEN).update(
        status=Comment.Status.VISIBLE, hidden_reason="", hidden_by=None, report_count=0
    )
    if not updated:
        raise Conflict(_("Ce commentaire n'est pas masqué."), code="not_hidden")
    comment.refresh_from_db()
    audit_record(verb="comment.unhidden", actor=moderator, target=comment,
                 data={"reason": reason})
    _tell_author(comment, "comment_unhidden", reason,
                 subject=_("Votre commentaire est de nouveau visible"),
                 body=_("Un modérateur a rétabli votre commentaire « {excerpt} ». "
                        "Motif : {reason}"))
    return comment


def _moderation_reason(moderator: User, reason: str, missing: Any) -> str:
    if not roles.is_moderator(moderator):
        raise NotPermitted()
    text = clean_text(reason, field="reason", max_length=300)
    if not text:
        raise DomainError(missing, code="empty", field="reason")
    return text


def _tell_author(comment: Comment, kind: str, reason: str, *, subject: Any, body: Any) -> None:
    """The author hears of the moderator's act through the outbox (in the site and by
    e-mail, after commit); the moment makes each act (hide, un-hide, hide again) its own
    notice."""
    notification_enqueue(
        recipients=[comment.author], kind=kind, subject=subject, body=body,
        dedupe_key=f"{kind}:{comment.pk}:{timezone.now().isoformat()}",
        params={"excerpt": comment.body[:80], "reason": reason})
