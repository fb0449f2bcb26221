"""Personal data (RGPD): a person's copy of their data, erasure, and the retention purge.

Each app contributes through `<app>/personal_data.py`, a module with `export(user) -> dict`
(that person's data, nobody else's), `erase(user) -> dict[str, int]` (remove or anonymise
it, keeping what counts — ballots, signatures — attached to the anonymised account) and,
optionally, `purge(now) -> dict[str, int]` (the retention periods of docs/personal-data.md)
and `erase_blockers(user) -> list[str]` (the open votes, collections or consultations the
person took part in, which postpone the erasure: see `account_erase`).
This module finds the contributors, so a new app only has to add its own file.

The download link is a signed token naming a `DataExport` row; the row is claimed by a
conditional update (unused and not expired → used), so a link works once, for a short time.
"""

from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.errors import Conflict, DomainError
from civic.models import DataExport, User
from civic.plugins import app_modules
from civic.services.audit import audit_record

TOKEN_SALT = "decidons.personal-data.export"
EXPORT_FORMAT = "decidons-personal-data/1"
ERASED_NAME = "Compte effacé"



class ExportLinkGone(DomainError):
    code = "export_link_gone"
    status_code = 410
    default_message = _("Ce lien de téléchargement a déjà servi ou a expiré. "
                        "Demandez un nouvel export depuis votre compte.")


def retention(key: str) -> int:
    """A retention period of docs/personal-data.md (settings.DECIDONS["RETENTION"])."""
    return int(decidons_setting("RETENTION", key))


def contributors() -> list[tuple[str, ModuleType]]:
    """(app label, module) for every installed app that has a `personal_data` module."""
    return app_modules("personal_data")


def is_erased(user: User) -> bool:
    return not user.is_active and user.email.endswith("@efface.invalid")


@transaction.atomic
def data_export_request(*, user: User) -> tuple[DataExport, str]:
    """Prepare a single-use download link for a copy of one's data (RGPD art. 15, 20)."""
    if is_erased(user):
        raise Conflict(_("Ce compte a été effacé."), code="account_erased")
    now = timezone.now()
    export = DataExport.objects.create(
        user=user, created_at=now,
        expires_at=now + timedelta(seconds=retention("DATA_EXPORT_LINK_SECONDS")))
    audit_record(verb="personal_data.export_requested", actor=user, target=user,
                 data={"export": export.pk})
    token = signing.dumps({"id": export.pk, "nonce": str(export.nonce)}, salt=TOKEN_SALT)
    return export, token


def _export_from_token(token: str) -> DataExport:
    try:
        payload = signing.loads(token, salt=TOKEN_SALT,
                                max_age=retention("DATA_EXPORT_LINK_SECONDS"))
    except signing.SignatureExpired as exc:
        raise ExportLinkGone() from exc
    except signing.BadSignature as exc:
        raise ExportLinkGone(_("Ce lien de téléchargement n'est pas valide."),
                             code="export_link_invalid") from exc
    export = DataExport.objects.filter(pk=payload.get("id"), nonce=payload.get("nonce")).first()
    if export is None:
        raise ExportLinkGone()
    return export


@transaction.atomic
def data_export_claim(*, user: User, token: str) -> dict[str, Any]:
    """Use a download link once: returns the person's data; a replay or late use is refused."""
    export = _export_from_token(token)
    if export.user_id != user.pk:
        # Someone else's link (forwarded, guessed): say nothing about it.
        raise ExportLinkGone(_("Ce lien de téléchargement n'est pas valide."),
                             code="export_link_invalid")
    now = timezone.now()
    if not DataExport.objects.filter(pk=export.pk, used_at__isnull=True,
                                     expires_at__gt=now).update(used_at=now):
        raise ExportLinkGone()
    audit_record(verb="personal_data.exported", actor=user, target=user,
                 data={"export": export.pk})
    return personal_data_of(user=user)


def personal_data_of(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about one person, section by app."""
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "user_id": user.pk,
        "sections": {label: module.export(user) for label, module in contributors()},
    }


class ErasurePostponed(Conflict):
    code = "erasure_postponed"


def _ensure_nothing_open(user: User) -> None:
    """Refuse while the person's ballot, signature or answer counts in something still open.

    Erasing the account drops its identity, so the same person could register again, be
    verified again and vote, sign or answer a second time in the same process: one person,
    one voice holds only if the erasure waits for those processes to close (RGPD art. 17(3):
    the erasure may wait what a task in the public interest needs).
    """
    pending = [reason for _label, module in contributors()
               for reason in getattr(module, "erase_blockers", lambda _u: [])(user)]
    if pending:
        raise ErasurePostponed(
            _("Ce compte ne peut pas être effacé tout de suite : il compte dans {items}. "
              "Effacé maintenant, il laisserait la même personne voter ou signer une seconde "
              "fois avec un nouveau compte. L'effacement sera possible dès la clôture.")
            .format(items=" ; ".join(pending)), pending=pending)


@transaction.atomic
def account_erase(*, user: User, password: str | None, actor: User | None = None) -> User:
    """Erase a person's account (RGPD art. 17): personal data goes, what they counted stays.

    Ballots and signatures remain attached to the anonymised account, so every tally and
    signature count is unchanged; the account can no longer log in. The person confirms with
    their password (a clerk acting on a written request passes `actor` instead).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_erased(user):
        raise Conflict(_("Ce compte a déjà été effacé."), code="account_erased")
    if actor is None and not (password and user.check_password(password)):
        raise DomainError(_("Mot de passe incorrect : l'effacement n'a pas été fait."),
                          code="wrong_password", field="password")
    if actor is not None:
        from civic import roles

        if not roles.is_staff_member(actor):
            raise DomainError(_("Seuls les agents effacent un compte à la demande écrite "
                                "d'un habitant."), code="permission_denied")
    _ensure_nothing_open(user)
    counts: dict[str, dict[str, int]] = {}
    # civic goes last: the other apps still find the person's rows through the account.
    ordered = sorted(contributors(), key=lambda item: item[0] == "civic")
    for label, module in ordered:
        counts[label] = module.erase(user)
    audit_record(verb="personal_data.account_erased", actor=actor, target=user,
                 data={"erased": counts, "assisted": actor is not None})
    user.refresh_from_db()
    return user


def personal_data_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Beat job: apply the retention periods of docs/personal-data.md. Safe to run twice."""
    moment = now or timezone.now()
    purged: dict[str, int] = {}
    for label, module in contributors():
        purge = getattr(module, "purge", None)
        if purge is None:
            continue
        with transaction.atomic():
            for key, count in purge(moment).items():
                purged[f"{label}.{key}"] = count
    return purged
