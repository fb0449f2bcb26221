"""The register of a facility's users (commissions.models.facility): asked for by the person,
confirmed or recorded by a clerk, ended by either; every step audited."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, InvalidTransition
from civic.links import page_url
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from commissions import policies
from commissions.models import Commission, FacilityRegistration

Status = FacilityRegistration.Status


@transaction.atomic
def facility_registration_request(*, commission: Commission, user: User) -> FacilityRegistration:
    """A person asks to be registered as a user of the committee's facility (a clerk confirms)."""
    policies.ensure_facility_committee(commission)
    try:
        with transaction.atomic():
            registration = FacilityRegistration.objects.create(commission=commission, user=user)
    except IntegrityError:
        registration = FacilityRegistration.objects.get(commission=commission, user=user)
        # Only an ended registration may be asked for again.
        if not FacilityRegistration.objects.filter(pk=registration.pk, status=Status.ENDED).update(
                status=Status.PENDING, requested_at=timezone.now(), confirmed_by=None,
                confirmed_at=None, ended_at=None):
            raise Conflict(_("Vous êtes déjà inscrit comme usager de cet équipement, ou votre "
                             "demande attend la confirmation d'un agent."),
                           code="already_requested") from None
        registration.refresh_from_db()
    audit_record(verb="commission.facility_registration_requested", actor=user,
                 target=registration, data={"commission": commission.pk})
    return registration


@transaction.atomic
def facility_registration_confirm(
    *, commission: Commission, user: User, actor: User
) -> FacilityRegistration:
    """A clerk registers a person as a user of the facility, or confirms their request."""
    policies.ensure_staff(actor)
    policies.ensure_facility_committee(commission)
    now = timezone.now()
    on_request = False
    try:
        with transaction.atomic():
            registration = FacilityRegistration.objects.create(
                commission=commission, user=user, status=Status.CONFIRMED, confirmed_by=actor,
                confirmed_at=now)
    except IntegrityError:
        registration = FacilityRegistration.objects.get(commission=commission, user=user)
        on_request = registration.status == Status.PENDING
        if not FacilityRegistration.objects.filter(
                pk=registration.pk, status__in=[Status.PENDING, Status.ENDED]).update(
                status=Status.CONFIRMED, confirmed_by=actor, confirmed_at=now, ended_at=None):
            raise Conflict(_("{name} est déjà inscrit comme usager de cet équipement.").format(
                name=user), code="already_registered", field="user") from None
        registration.refresh_from_db()
    audit_record(verb="commission.facility_registration_confirmed", actor=actor,
                 target=registration, data={"commission": commission.pk, "user": user.pk,
                                            "on_request": on_request})
    notification_enqueue(
        recipients=[user], kind="facility_registration",
        subject=_("Vous êtes inscrit comme usager : {facility}"),
        body=_("Un agent a confirmé votre inscription comme usager de « {facility} ». Vous "
               "pouvez répondre aux consultations de son comité d'usagers."),
        params={"facility": commission.facility or commission.name},
        dedupe_key=f"facility-registration:{registration.pk}:{now.timestamp()}",
        url=page_url("commissions_web:commission", slug=commission.slug))
    return registration


@transaction.atomic
def facility_registration_end(
    *, registration: FacilityRegistration, actor: User
) -> FacilityRegistration:
    """End a registration (the person, or a clerk); a pending request is thereby declined."""
    policies.ensure_can_end_registration(user=actor, registration=registration)
    previous = registration.status
    if not FacilityRegistration.objects.filter(
            pk=registration.pk, status__in=[Status.PENDING, Status.CONFIRMED]).update(
            status=Status.ENDED, ended_at=timezone.now()):
        raise InvalidTransition(_("Cette inscription est déjà terminée."),
                                code="registration_ended")
    registration.refresh_from_db()
    audit_record(verb="commission.facility_registration_ended", actor=actor,
                 target=registration, data={"commission": registration.commission_id,
                                            "was": previous})
    return registration
