"""Proposals: submission, co-authors, feasibility review and merging of duplicates."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets import policies, states
from budgets.models import FeasibilityReview, ParticipatoryBudget, Proposal, ProposalCoAuthor
from budgets.models.proposal import ProposalStatus
from budgets.money import format_euros
from budgets.uploads import photo_checked
from civic import roles
from civic.eligibility import eligibility_check, eligibility_ensure
from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.links import page_url
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition


def proposal_people(proposal: Proposal) -> list[User]:
    """The author and co-authors, who are told about each step of their project."""
    return list(User.objects.filter(Q(pk=proposal.author_id)
                                    | Q(pk__in=proposal.coauthors.accepted().values("user_id"))))


def proposal_notify(proposal: Proposal, *, kind: str, subject: object, body: object, key: str,
            params: dict[str, object] | None = None) -> None:
    notification_enqueue(
        recipients=proposal_people(proposal), kind=kind, subject=subject, body=body,
        params={"title": proposal.title, **(params or {})},
        dedupe_key=f"proposal:{proposal.pk}:{key}",
        url=page_url("budgets_web:proposal", pk=proposal.pk))


def _checked_text(*, budget: ParticipatoryBudget, title: str, description: str, location: str,
                  estimated_cost_cents: int) -> tuple[str, str, str]:
    """A project's texts cleaned, and its estimate within the envelope (submit and update)."""
    title = clean_text(title, field="title", max_length=160, multiline=False)
    description = clean_text(description, field="description", max_length=5000)
    location = clean_text(location, field="location", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un titre à votre projet."), code="empty", field="title")
    if not description:
        raise DomainError(_("Décrivez votre projet."), code="empty", field="description")
    if estimated_cost_cents <= 0:
        raise DomainError(_("Indiquez un coût estimé positif."), code="invalid_cost",
                          field="estimated_cost_cents")
    if estimated_cost_cents > budget.envelope_cents:
        raise DomainError(_("Le coût estimé dépasse l'enveloppe du budget ({envelope}).")
                          .format(envelope=format_euros(budget.envelope_cents)),
                          code="over_envelope", field="estimated_cost_cents")
    return title, description, location


@transaction.atomic
def proposal_submit(
    *, budget: ParticipatoryBudget, author: User, title: str, description: str,
    estimated_cost_cents: int, location: str = "", photo: "UploadedFile[Any] | None" = None,
    submitted_by: User | None = None,
) -> Proposal:
    """Submit a project while submission is open (charter eligibility); clerks may enter one."""
    if submitted_by is not None:
        policies.ensure_staff(submitted_by)
    policies.ensure_can_submit_proposal(user=author, budget=budget)
    title, description, location = _checked_text(budget=budget, title=title,
                                                 description=description, location=location,
                                                 estimated_cost_cents=estimated_cost_cents)
    proposal = Proposal.objects.create(
        budget=budget, author=author, title=title, description=description, location=location,
        photo=photo_checked(photo) if photo else "", estimated_cost_cents=estimated_cost_cents,
        cost_cents=estimated_cost_cents, submitted_by=submitted_by)
    audit_record(verb="budget.proposal_submitted", actor=submitted_by or author, target=proposal,
                 data={"budget": budget.pk, "assisted": submitted_by is not None})
    proposal_notify(proposal, kind="budget_proposal_submitted", key="submitted",
            subject=_("Projet déposé : « {title} »"),
            body=_("Votre projet est bien déposé. Les services de la ville vont étudier sa "
                   "faisabilité ; vous serez prévenu(e) de l'avis."))
    return proposal


def proposal_editable_refusal(*, proposal: Proposal, user: User) -> DomainError | None:
    """Why `user` may not change the project now, or None: its author (or a clerk), while
    projects are still accepted and before the feasibility study."""
    if proposal.author_id != user.pk and not roles.is_staff_member(user):
        return NotPermitted(_("Seul l'auteur du projet peut le modifier."))
    if refusal := policies.capability_refusal(proposal.budget, "submit_proposal"):
        return refusal
    if proposal.status != ProposalStatus.SUBMITTED or FeasibilityReview.objects.filter(
            proposal=proposal).exists():
        return InvalidTransition(_("Le projet a déjà été étudié par les services : il ne se "
                                   "modifie plus."), code="already_reviewed")
    return None


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor: User, title: str, description: str,
                    estimated_cost_cents: int, location: str = "",
                    photo: "UploadedFile[Any] | None" = None) -> Proposal:
    """The author changes their project before the feasibility study (clock and phase)."""
    proposal = Proposal.objects.select_for_update().select_related("budget").get(pk=proposal.pk)
    if refusal := proposal_editable_refusal(proposal=proposal, user=actor):
        raise refusal
    proposal.title, proposal.description, proposal.location = _checked_text(
        budget=proposal.budget, title=title, description=description, location=location,
        estimated_cost_cents=estimated_cost_cents)
    proposal.estimated_cost_cents = proposal.cost_cents = estimated_cost_cents
    fields = ["title", "description", "location", "estimated_cost_cents", "cost_cents"]
    if photo:
        proposal.photo = photo_checked(photo)
        fields.append("photo")
    proposal.save(update_fields=fields)
    audit_record(verb="budget.proposal_updated", actor=actor, target=proposal,
                 data={"fields": fields})
    return proposal


# What the author reads, whatever the address (web page and API).
COAUTHOR_INVITED = _("Si cette adresse est celle d'un habitant qui peut co-signer ce projet, il "
                     "ou elle reçoit votre invitation et figurera parmi ses auteurs s'il ou elle "
                     "l'accepte.")


def coauthor_invitation_url(link: ProposalCoAuthor) -> str:
    return page_url("budgets_web:coauthor_invitation", pk=link.pk)


def proposal_withdrawable_refusal(*, proposal: Proposal, user: User) -> DomainError | None:
    """Why `user` may not withdraw the project now, or None: only its author, while projects
    are still accepted and before the feasibility study."""
    if proposal.author_id != user.pk:
        return NotPermitted(_("Seul l'auteur du projet peut le retirer."))
    if proposal.status == ProposalStatus.WITHDRAWN:
        return InvalidTransition(_("Ce projet est déjà retiré."), code="already_withdrawn")
    if refusal := policies.capability_refusal(proposal.budget, "submit_proposal"):
        return refusal
    if proposal.status != ProposalStatus.SUBMITTED or FeasibilityReview.objects.filter(
            proposal=proposal).exists():
        return InvalidTransition(_("Le projet a déjà été étudié par les services : il ne se "
                                   "retire plus."), code="already_reviewed")
    return None


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    """The author withdraws their project before the feasibility study, while the budget
    accepts projects: it leaves the public lists and ballots; its co-authors are told."""
    proposal = Proposal.objects.select_for_update().select_related("budget").get(pk=proposal.pk)
    if refusal := proposal_withdrawable_refusal(proposal=proposal, user=actor):
        raise refusal
    transition(proposal, lifecycle=states.PROPOSAL_TRANSITIONS,
               source=ProposalStatus.SUBMITTED, target=ProposalStatus.WITHDRAWN,
               verb="budget.proposal_withdrawn", actor=actor, code="already_reviewed",
               data={"budget": proposal.budget_id})
    coauthors = list(User.objects.filter(pk__in=proposal.coauthors.filter(
        accepted_at__isnull=False).values("user_id")))
    if coauthors:
        notification_enqueue(
            recipients=coauthors, kind="budget_proposal_withdrawn",
            subject=_("Projet retiré : « {title} »"),
            body=_("L'auteur du projet « {title} », que vous co-signiez, l'a retiré : il ne "
                   "sera pas soumis au vote."),
            params={"title": proposal.title}, dedupe_key=f"proposal:{proposal.pk}:withdrawn",
            url=page_url("budgets_web:proposal", pk=proposal.pk))
    return proposal


@transaction.atomic
def proposal_coauthor_invite(*, proposal: Proposal, email: str, actor: User) -> None:
    """Invite a co-author by e-mail, saying nothing about the address.

    The author's own rights (their proposal, the budget's phase) are checked first. Then, only
    when the address is that of an account that may co-sign and was not invited yet, a pending
    invitation is recorded and its holder told, with a link to accept or decline it; otherwise
    nothing happens. The person shows as co-author, on every page, once they accepted, so the
    author learns who has an account, and their name, only from the invitee's own answer."""
    policies.ensure_capability(proposal.budget, "add_coauthor")
    policies.ensure_can_edit_proposal(user=actor, proposal=proposal)
    coauthor = User.objects.filter(email__iexact=email.strip()).first()
    if coauthor is None or coauthor.pk == proposal.author_id:
        return
    if not eligibility_check(user=coauthor,
                             policy=policies.budget_eligibility(proposal.budget)).eligible:
        return
    try:
        with transaction.atomic():
            link = ProposalCoAuthor.objects.create(proposal=proposal, user=coauthor)
    except IntegrityError:
        return
    audit_record(verb="budget.proposal_coauthor_invited", actor=actor, target=proposal,
                 data={"coauthor": coauthor.pk})
    notification_enqueue(
        recipients=[coauthor], kind="budget_coauthor_invitation",
        subject=_("Invitation à co-signer le projet « {title} »"),
        body=_("{inviter} vous invite à co-signer le projet « {title} » du budget "
               "participatif. Acceptez ou déclinez l'invitation depuis le lien ci-dessous."),
        params={"title": proposal.title, "inviter": actor.get_short_name()},
        dedupe_key=f"proposal:{proposal.pk}:coauthor-invite:{link.pk}",
        url=coauthor_invitation_url(link))


def _answer(link: ProposalCoAuthor, user: User) -> ProposalCoAuthor:
    link = ProposalCoAuthor.objects.select_for_update().select_related(
        "proposal__budget").get(pk=link.pk)
    if link.user_id != user.pk:
        raise NotPermitted(_("Cette invitation ne vous est pas adressée."))
    if link.accepted_at or link.declined_at:
        raise Conflict(_("Vous avez déjà répondu à cette invitation."), code="already_answered")
    return link


@transaction.atomic
def proposal_coauthor_accept(*, link: ProposalCoAuthor, user: User) -> ProposalCoAuthor:
    """The invitee becomes co-author, if they may still co-sign (eligibility and the budget's
    phase are checked again at this moment)."""
    link = _answer(link, user)
    policies.ensure_capability(link.proposal.budget, "add_coauthor")
    eligibility_ensure(user=user, policy=policies.budget_eligibility(link.proposal.budget))
    link.accepted_at = timezone.now()
    link.save(update_fields=["accepted_at"])
    audit_record(verb="budget.proposal_coauthor_accepted", actor=user, target=link.proposal,
                 data={"coauthor": user.pk})
    return link


@transaction.atomic
def proposal_coauthor_decline(*, link: ProposalCoAuthor, user: User) -> ProposalCoAuthor:
    """The invitee declines; the author is not invited to insist (a new invitation of the same
    address does nothing)."""
    link = _answer(link, user)
    link.declined_at = timezone.now()
    link.save(update_fields=["declined_at"])
    audit_record(verb="budget.proposal_coauthor_declined", actor=user, target=link.proposal,
                 data={"coauthor": user.pk})
    return link


@transaction.atomic
def proposal_review(
    *, proposal: Proposal, reviewer: User, feasible: bool, reason: str,
    cost_cents: int | None = None,
) -> FeasibilityReview:
    """Record the feasibility study (clerks): feasible or not, why, and the costed estimate.

    A feasible project must be costed (voters see that cost); one found not feasible need not
    be, and then keeps its author's estimate as its cost while its page gives the reason."""
    policies.ensure_staff(reviewer)
    budget = proposal.budget
    policies.ensure_capability(budget, "review_proposal")
    reason = clean_text(reason, field="reason", max_length=3000)
    if not reason:
        raise DomainError(_("Motivez l'avis de faisabilité."), code="empty", field="reason")
    if (feasible and cost_cents is None) or (cost_cents is not None and cost_cents <= 0):
        raise DomainError(_("Indiquez le coût chiffré par les services."), code="invalid_cost",
                          field="cost_cents")
    if feasible and cost_cents is not None and cost_cents > budget.envelope_cents:
        raise DomainError(_("Un projet réalisable doit tenir dans l'enveloppe ({envelope}).")
                          .format(envelope=format_euros(budget.envelope_cents)),
                          code="over_envelope", field="cost_cents")
    # Read again under its lock: the refusal names the status it is really in.
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("budget").get(
        pk=proposal.pk)
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise InvalidTransition(_("Ce projet a été retiré par son auteur."), code="withdrawn")
    status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.UNFEASIBLE
    costed: dict[str, Any] = {"cost_cents": cost_cents} if cost_cents is not None else {}
    transition(proposal, lifecycle=states.PROPOSAL_TRANSITIONS, source=states.PROPOSAL_REVIEWABLE,
               target=status, verb="budget.proposal_reviewed", actor=reviewer,
               message=_("Ce projet a été fusionné avec un autre."), code="merged",
               data={"feasible": feasible, "cost_cents": cost_cents}, **costed)
    now = timezone.now()
    review, _created = FeasibilityReview.objects.update_or_create(
        proposal=proposal, defaults={"reviewer": reviewer, "feasible": feasible,
                                     "reason": reason, "cost_cents": cost_cents,
                                     "reviewed_at": now})
    proposal_notify(proposal, kind="budget_proposal_reviewed", key=f"review:{now.timestamp()}",
            subject=_("Étude de faisabilité de « {title} »"),
            body=(_("Bonne nouvelle : votre projet est réalisable ({cost}) et sera soumis au "
                    "vote. Avis des services : {reason}") if feasible else
                  _("Votre projet n'a pas été jugé réalisable. Avis des services : {reason}")),
            params={"cost": format_euros(cost_cents) if cost_cents is not None else "",
                    "reason": reason})
    return review


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal, actor: User) -> Proposal:
    """Merge a duplicate into another project (clerks); its authors become co-authors."""
    policies.ensure_staff(actor)
    policies.ensure_capability(proposal.budget, "merge_proposal")
    if into.budget_id != proposal.budget_id or into.pk == proposal.pk:
        raise DomainError(_("Choisissez un autre projet du même budget."), code="invalid_merge",
                          field="into")
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("budget").get(
        pk=proposal.pk)
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise InvalidTransition(_("Ce projet a été retiré par son auteur."), code="withdrawn")
    if into.status == ProposalStatus.MERGED:
        raise DomainError(_("Ce projet a lui-même été fusionné ; choisissez le projet final."),
                          code="invalid_merge", field="into")
    if into.status == ProposalStatus.WITHDRAWN:
        raise DomainError(_("Ce projet a été retiré par son auteur ; choisissez-en un autre."),
                          code="invalid_merge", field="into")
    transition(proposal, lifecycle=states.PROPOSAL_TRANSITIONS,
               source=states.PROPOSAL_REVIEWABLE, target=ProposalStatus.MERGED,
               verb="budget.proposal_merged", actor=actor,
               message=_("Ce projet est déjà fusionné."), code="already_merged",
               data={"into": into.pk}, merged_into=into)
    people = [u for u in proposal_people(proposal) if u.pk != into.author_id]
    # Merged by the clerks, who tell them: co-authors at once (a pending or declined
    # invitation to the same project becomes an accepted one).
    now = timezone.now()
    ProposalCoAuthor.objects.bulk_create(
        [ProposalCoAuthor(proposal=into, user=u, accepted_at=now) for u in people],
        ignore_conflicts=True)
    into.coauthors.filter(user__in=people, accepted_at__isnull=True).update(
        accepted_at=now, declined_at=None)
    proposal_notify(proposal, kind="budget_proposal_merged", key="merged",
            subject=_("« {title} » a été regroupé avec un projet proche"),
            body=_("Votre projet rejoint « {into} », dont vous devenez co-auteur(e)."),
            params={"into": into.title})
    return proposal
