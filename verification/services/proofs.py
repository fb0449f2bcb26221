"""Proofs of address sent online, for residents the roll cannot vouch for (under-18s who vote
on neighbourhood budgets, foreign residents, recent arrivals).

The resident uploads a proof of address and, unless FranceConnect already vouched for their
identity, a copy of an identity document; a clerk reviews it in a queue and accepts
(the resident is verified, method "document", at the neighbourhood the clerk confirms) or
refuses with a reason. The resident is told either way (outbox). The files are deleted as
soon as the review is committed, and after `PROOF_RETENTION_DAYS` when nobody reviewed them.
Only PDF, PNG and JPEG are accepted, recognised by their content, not their name.
"""

import logging
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.conf import decidons_setting
from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.links import page_url
from civic.models import Neighbourhood, Resident, User
from civic.models.user import VerificationMethod
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.services.residents import resident_verify
from civic.text import clean_text
from verification import selectors
from verification.models import AddressProof, FranceConnectLink

logger = logging.getLogger(__name__)

ACCEPTED = {"pdf": "PDF", "png": "PNG", "jpg": "JPEG"}


def document_type(data: bytes) -> str | None:
    """The type the bytes show (PDF, PNG or JPEG), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def _checked(upload: "UploadedFile[Any]", *, field: str) -> str:
    most = decidons_setting("VERIFICATION", "PROOF_MAX_BYTES")
    size = upload.size or 0
    if size == 0:
        raise DomainError(_("Le fichier est vide."), code="empty_file", field=field)
    if size > most:
        raise DomainError(_("Le fichier pèse {size} Mo ; la limite est de {max} Mo.").format(
            size=round(size / 1_048_576, 1), max=round(most / 1_048_576, 1)),
            code="file_too_large", field=field)
    upload.seek(0)
    kind = document_type(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise DomainError(_("Envoyez une photo (JPEG, PNG) ou un PDF."),
                          code="file_type_refused", field=field)
    return kind


def identity_vouched(resident: Resident) -> bool:
    """FranceConnect already vouched for this identity: the address alone is to check."""
    return FranceConnectLink.objects.filter(user_id=resident.user_id).exists()


@transaction.atomic
def address_proof_submit(*, resident: Resident, address_document: "UploadedFile[Any]",
                         identity_document: "UploadedFile[Any] | None", postal_address: str,
                         neighbourhood: Neighbourhood) -> AddressProof:
    """Send a proof of address (and an identity document if needed) for a clerk to review."""
    if resident.is_verified:
        raise InvalidTransition(_("Votre compte est déjà vérifié."), code="already_verified")
    if selectors.address_proof_pending_for(resident=resident) is not None:
        raise Conflict(_("Un justificatif est déjà en attente d'examen."),
                       code="proof_pending")
    if identity_document is None and not identity_vouched(resident):
        raise DomainError(_("Joignez aussi une pièce d'identité (carte, passeport, titre de "
                            "séjour), ou connectez-vous avec FranceConnect."),
                          code="identity_document_required", field="identity_document")
    proof = AddressProof(
        resident=resident, neighbourhood=neighbourhood,
        postal_address=clean_text(postal_address, field="postal_address", max_length=300),
        address_document_type=_checked(address_document, field="address_document"))
    if identity_document is not None:
        proof.identity_document_type = _checked(identity_document, field="identity_document")
    try:
        proof.address_document.save(address_document.name or "justificatif", address_document,
                                    save=False)
        if identity_document is not None:
            proof.identity_document.save(identity_document.name or "identite",
                                         identity_document, save=False)
        proof.save()
        audit_record(verb="address_proof.submitted", actor=resident.user, target=proof,
                     data={"identity_document": identity_document is not None})
    except BaseException:
        # Nothing is recorded: the files written so far must not stay behind.
        _delete_files([proof.address_document.name, proof.identity_document.name])
        raise
    return proof


def _delete_files(names: list[str | None]) -> None:
    storage = AddressProof._meta.get_field("address_document").storage
    for name in names:
        if name:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not delete a reviewed proof file")


def address_proof_discard(proof: AddressProof) -> None:
    """Empty the document columns now and delete the files once the change is committed."""
    names = [proof.address_document.name, proof.identity_document.name]
    AddressProof.objects.filter(pk=proof.pk).update(address_document="", identity_document="")
    transaction.on_commit(lambda: _delete_files(names))


def _notify(proof: AddressProof, *, accepted: bool) -> None:
    body = (_("Un agent a examiné vos justificatifs : votre compte est vérifié. Vous pouvez "
              "maintenant voter et signer. Les documents envoyés ont été supprimés.")
            if accepted else
            _("Un agent a examiné vos justificatifs et n'a pas pu vérifier votre compte : "
              "{reason} Les documents envoyés ont été supprimés ; vous pouvez en envoyer "
              "d'autres ou vous présenter au guichet."))
    notification_enqueue(
        recipients=[proof.resident.user], kind="address_proof_reviewed",
        subject=_("Votre compte est vérifié") if accepted else _("Justificatifs non acceptés"),
        body=body, params={} if accepted else {"reason": proof.refusal_reason},
        dedupe_key=f"address-proof:{proof.pk}", url=page_url("verification:resident"))


@transaction.atomic
def address_proof_review(*, proof: AddressProof, clerk: User, accept: bool, reason: str = "",
                         neighbourhood: Neighbourhood | None = None,
                         birthplace: str | None = None) -> AddressProof:
    """Accept or refuse a proof (clerks). Four eyes: nobody reviews their own proof, and the
    clerk who registered the account at the counter does not verify it (civic rule)."""
    if not roles.is_staff_member(clerk):
        raise NotPermitted(_("Seuls les agents peuvent examiner un justificatif."))
    proof = AddressProof.objects.select_for_update().select_related(
        "resident__user").get(pk=proof.pk)
    if proof.status != AddressProof.Status.PENDING:
        raise InvalidTransition(_("Ce justificatif a déjà été examiné."), code="proof_reviewed")
    if proof.resident.user_id == clerk.pk:
        raise NotPermitted(_("Un autre agent doit examiner vos propres justificatifs."),
                           code="own_proof")
    reason = clean_text(reason, field="reason", max_length=500)
    if not accept and not reason:
        raise DomainError(_("Indiquez le motif du refus : il est envoyé à la personne."),
                          code="reason_required", field="reason")
    if accept:
        where = neighbourhood or proof.neighbourhood
        resident_verify(resident=proof.resident, method=VerificationMethod.DOCUMENT,
                        verified_by=clerk, birthplace=birthplace or None)
        Resident.objects.filter(pk=proof.resident_id).update(
            neighbourhood=where, postal_address=proof.postal_address, lives_in_town=True)
    proof.status = AddressProof.Status.ACCEPTED if accept else AddressProof.Status.REFUSED
    proof.reviewed_by, proof.reviewed_at = clerk, timezone.now()
    proof.refusal_reason = "" if accept else reason
    proof.save(update_fields=["status", "reviewed_by", "reviewed_at", "refusal_reason"])
    address_proof_discard(proof)
    audit_record(verb="address_proof.reviewed", actor=clerk, target=proof,
                 data={"accepted": accept})
    _notify(proof, accepted=accept)
    return proof


@transaction.atomic
def address_proof_expire_unreviewed() -> int:
    """Delete the files of proofs nobody reviewed within the retention period; tell them."""
    days = decidons_setting("VERIFICATION", "PROOF_RETENTION_DAYS")
    limit = timezone.now() - timedelta(days=days)
    count = 0
    for proof in (AddressProof.objects.filter(status=AddressProof.Status.PENDING,
                                              submitted_at__lt=limit)
                  .select_related("resident__user").select_for_update(of=("self",))):
        AddressProof.objects.filter(pk=proof.pk).update(status=AddressProof.Status.EXPIRED)
        address_proof_discard(proof)
        notification_enqueue(
            recipients=[proof.resident.user], kind="address_proof_expired",
            subject=_("Justificatifs supprimés sans examen"),
            body=_("Vos justificatifs n'ont pas pu être examinés à temps et ont été supprimés. "
                   "Envoyez-les à nouveau ou présentez-vous au guichet."),
            dedupe_key=f"address-proof-expired:{proof.pk}",
            url=page_url("verification:resident"))
        count += 1
    return count
