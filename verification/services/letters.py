"""Letter codes: a resident whose typed identity matches one roll entry asks for a code; a
clerk prints a batch of letters to the roll's addresses; the resident types the code back.

The code exists only on paper: the database keeps an HMAC of it under a key kept outside the
database (civic.secrecy), so neither a database dump nor a clerk reading the tables can use
it. A code works `LETTER_CODE_DAYS` after printing and `LETTER_CODE_MAX_TRIES` times; a
resident may ask `LETTER_MAX_PER_YEAR` letters a year. Reprinting a batch (a jammed printer)
makes new codes and the old ones stop working. Every step is audited; the print names the
clerk who did it.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.conf import decidons_setting
from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.models import Resident, User
from civic.models.user import VerificationMethod
from civic.secrecy import purpose_key
from civic.services.audit import audit_record
from verification import selectors
from verification.models import Letter, LetterBatch
from verification.services.residence import verify_from_roll_entry

# No 0/O, 1/I/L: read off paper and typed by hand.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
_OPEN = [Letter.Status.REQUESTED, Letter.Status.PRINTED]


class WrongCode(DomainError):
    code = "letter_code_wrong"


@dataclass(frozen=True)
class PrintedLetter:
    letter: Letter
    code: str


def _digest(code: str) -> str:
    normalised = "".join(c for c in code.upper() if c.isalnum())
    return hmac.new(purpose_key(purpose="letter-code"), normalised.encode(),
                    hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _ensure_clerk(user: User) -> None:
    if not roles.is_staff_member(user):
        raise NotPermitted(_("Réservé aux agents de la ville."))


def _expire_stale(resident: Resident) -> None:
    Letter.objects.filter(resident=resident, status=Letter.Status.PRINTED,
                          expires_at__lte=timezone.now()).update(status=Letter.Status.EXPIRED)


@transaction.atomic
def letter_request(*, resident: Resident) -> Letter:
    """Ask for a code by post, to the address of the roll entry matching the account."""
    resident = Resident.objects.select_for_update().select_related("user").get(pk=resident.pk)
    if resident.is_verified:
        raise InvalidTransition(_("Votre compte est déjà vérifié."), code="already_verified")
    _expire_stale(resident)
    if selectors.letter_open_for(resident=resident) is not None:
        raise Conflict(_("Un courrier est déjà en préparation ou en route vers vous."),
                       code="letter_pending")
    year_ago = timezone.now() - timedelta(days=365)
    if (Letter.objects.filter(resident=resident, requested_at__gte=year_ago).count()
            >= decidons_setting("VERIFICATION", "LETTER_MAX_PER_YEAR")):
        raise Conflict(_("Vous avez déjà demandé plusieurs courriers cette année. "
                         "Présentez-vous au guichet, ou envoyez un justificatif de domicile."),
                       code="letter_limit")
    entries = list(selectors.roll_entries_for_resident(resident=resident))
    if not entries:
        raise DomainError(_("Nous ne vous trouvons pas sur la liste électorale avec les nom, "
                            "prénom et date de naissance de votre compte. Vérifiez-les, ou "
                            "envoyez un justificatif de domicile."), code="not_on_roll")
    if len(entries) > 1:
        raise Conflict(_("Plusieurs inscriptions de la liste électorale correspondent à votre "
                         "identité : présentez-vous au guichet."), code="roll_ambiguous")
    entry = entries[0]
    if hasattr(entry, "claim"):
        raise Conflict(_("Cette inscription sur la liste électorale est déjà rattachée à un "
                         "compte vérifié. Si ce n'est pas le vôtre, présentez-vous au "
                         "guichet."), code="roll_entry_claimed")
    letter = Letter.objects.create(
        resident=resident, entry=entry, address=entry.address,
        recipient=f"{entry.given_names} {(entry.usage_name or entry.birth_name).upper()}")
    audit_record(verb="letter.requested", actor=resident.user, target=letter,
                 data={"roll_entry": entry.pk})
    return letter


def _print(letters: list[Letter], batch: LetterBatch) -> list[PrintedLetter]:
    now = timezone.now()
    expires = now + timedelta(days=decidons_setting("VERIFICATION", "LETTER_CODE_DAYS"))
    printed = []
    for letter in letters:
        code = _new_code()
        Letter.objects.filter(pk=letter.pk).update(
            status=Letter.Status.PRINTED, batch=batch, code_digest=_digest(code),
            printed_at=now, expires_at=expires, tries=0)
        letter.refresh_from_db()
        printed.append(PrintedLetter(letter=letter, code=code))
    return printed


@transaction.atomic
def letter_batch_print(*, clerk: User) -> tuple[LetterBatch, list[PrintedLetter]]:
    """Print every requested letter (clerks). The codes are returned once, for the print."""
    _ensure_clerk(clerk)
    letters = list(selectors.letter_list_to_print().select_for_update(of=("self",)))
    if not letters:
        raise InvalidTransition(_("Aucun courrier à imprimer."), code="nothing_to_print")
    batch = LetterBatch.objects.create(printed_by=clerk, letters_count=len(letters))
    printed = _print(letters, batch)
    audit_record(verb="letter.batch_printed", actor=clerk, target=batch,
                 data={"letters": [p.letter.pk for p in printed]})
    return batch, printed


@transaction.atomic
def letter_batch_reprint(*, batch: LetterBatch, clerk: User) -> list[PrintedLetter]:
    """Print a batch again with new codes (its earlier codes stop working)."""
    _ensure_clerk(clerk)
    letters = list(batch.letters.filter(status=Letter.Status.PRINTED,
                                        expires_at__gt=timezone.now())
                   .select_for_update().order_by("pk"))
    if not letters:
        raise InvalidTransition(_("Ce lot n'a plus de courrier en attente de code."),
                                code="nothing_to_print")
    printed = _print(letters, batch)
    audit_record(verb="letter.batch_reprinted", actor=clerk, target=batch,
                 data={"letters": [p.letter.pk for p in printed]})
    return printed


def letter_confirm(*, resident: Resident, code: str) -> Resident:
    """Type the code received by post: the resident is verified at the roll's address.

    A wrong code counts as a try in a transaction of its own, so that refusing it does not
    take the count back.
    """
    letter = _letter_to_confirm(resident)
    if not hmac.compare_digest(letter.code_digest, _digest(code)):
        raise _count_wrong_try(letter)
    return _confirm(letter)


def _letter_to_confirm(resident: Resident) -> Letter:
    letter = selectors.letter_open_for(resident=resident)
    if letter is None or letter.status != Letter.Status.PRINTED:
        raise InvalidTransition(_("Aucun code n'attend d'être saisi pour votre compte."),
                                code="no_letter")
    if letter.expires_at is not None and letter.expires_at <= timezone.now():
        Letter.objects.filter(pk=letter.pk, status=Letter.Status.PRINTED).update(
            status=Letter.Status.EXPIRED)
        raise InvalidTransition(_("Ce code a expiré. Demandez un nouveau courrier."),
                                code="letter_expired")
    return letter


@transaction.atomic
def _count_wrong_try(letter: Letter) -> WrongCode:
    """Count the try (committed when this returns) and say what is left."""
    most = decidons_setting("VERIFICATION", "LETTER_CODE_MAX_TRIES")
    Letter.objects.filter(pk=letter.pk, status=Letter.Status.PRINTED).update(
        tries=F("tries") + 1)
    letter.refresh_from_db()
    if letter.tries >= most:
        Letter.objects.filter(pk=letter.pk, status=Letter.Status.PRINTED).update(
            status=Letter.Status.EXHAUSTED)
        audit_record(verb="letter.exhausted", actor=letter.resident.user, target=letter)
        return WrongCode(_("Code erroné, et c'était le dernier essai : ce courrier ne peut plus "
                          "servir. Demandez un nouveau courrier, ou présentez-vous au "
                          "guichet."), field="code")
    return WrongCode(_("Ce code ne correspond pas. Il vous reste {count} essai(s).")
                     .format(count=most - letter.tries), field="code")


@transaction.atomic
def _confirm(letter: Letter) -> Resident:
    if not Letter.objects.filter(pk=letter.pk, status=Letter.Status.PRINTED).update(
            status=Letter.Status.CONFIRMED, confirmed_at=timezone.now()):
        raise InvalidTransition(_("Ce courrier a déjà servi."), code="letter_used")
    if letter.entry is None:
        raise InvalidTransition(_("Votre inscription ne figure plus sur la liste électorale en "
                                  "vigueur : présentez-vous au guichet."), code="roll_entry_gone")
    resident = verify_from_roll_entry(resident=letter.resident, entry=letter.entry,
                                      method=VerificationMethod.LETTER,
                                      evidence={"letter": letter.pk})
    audit_record(verb="letter.confirmed", actor=resident.user, target=letter)
    return resident
