"""The charter: the town's rules for initiatives, one new version per edit (administrators)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError
from civic.models import User
from civic.services.audit import audit_record
from civic.text import clean_text
from petitions import policies
from petitions.models import InitiativeCharter

EDITABLE_FIELDS = (
    "min_promoters", "threshold_kind", "threshold_absolute", "threshold_share_percent",
    "population_override", "min_signer_age", "collection_days", "council_days",
    "yearly_signature_limit",
)
DEFAULT_NAME = "Charte des initiatives citoyennes d'Alès"


def charter_current() -> InitiativeCharter:
    """The latest version; the defaults are created on first use if none exists yet."""
    charter = InitiativeCharter.objects.order_by("-version").first()
    if charter is not None:
        return charter
    try:
        with transaction.atomic():
            return InitiativeCharter.objects.create(version=1, name=DEFAULT_NAME)
    except IntegrityError:  # created concurrently by another request
        return InitiativeCharter.objects.get(version=1)


def _check(values: dict[str, Any]) -> None:
    if values["threshold_kind"] not in InitiativeCharter.ThresholdKind.values:
        raise DomainError(_("Type de seuil inconnu."), code="invalid", field="threshold_kind")
    for name in ("min_promoters", "threshold_absolute", "collection_days", "council_days",
                 "yearly_signature_limit"):
        if int(values[name]) < 1:
            raise DomainError(_("Cette valeur doit être au moins 1."), code="invalid",
                              field=name)
    share = float(values["threshold_share_percent"])
    if not 0 < share <= 100:
        raise DomainError(_("La part de la population doit être comprise entre 0 et 100 %."),
                          code="invalid", field="threshold_share_percent")
    if not 0 <= int(values["min_signer_age"]) <= 120:
        raise DomainError(_("Âge minimal invalide."), code="invalid", field="min_signer_age")


@transaction.atomic
def charter_publish(*, actor: User, name: str, **changes: Any) -> InitiativeCharter:
    """Publish a new charter version (administrators); unchanged fields keep their value."""
    policies.ensure_administrator(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Champ inconnu : {name}.").format(name=", ".join(sorted(unknown))),
                          code="invalid")
    current = charter_current()
    values = {field: getattr(current, field) for field in EDITABLE_FIELDS}
    values.update({k: v for k, v in changes.items() if v is not None or k == "population_override"})
    _check(values)
    title = clean_text(name, field="name", max_length=200, multiline=False) or current.name
    version = (InitiativeCharter.objects.aggregate(m=Max("version"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            charter = InitiativeCharter.objects.create(version=version, name=title,
                                                       created_by=actor, **values)
    except IntegrityError:
        raise Conflict(_("Une autre version vient d'être publiée ; rechargez la page."),
                       code="charter_changed") from None
    audit_record(verb="initiative.charter_published", actor=actor, target=charter,
                 data={"version": version, **{k: str(v) for k, v in values.items()}})
    return charter
