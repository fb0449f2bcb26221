"""Staff and roles: administrators invite staff and grant or revoke roles, each audited."""

import pytest

from civic import roles
from civic.errors import Conflict, DomainError, NotPermitted
from civic.models import AuditEntry, Notification, User
from civic.services.staff import staff_invite, staff_role_grant, staff_role_revoke

pytestmark = pytest.mark.django_db


def test_an_invited_clerk_gets_her_role_and_a_link_to_choose_her_password(administrator):
    # when the administrator invites a new clerk
    user = staff_invite(email="Ines.Roche@Ales.fr", first_name="Inès", last_name="Roche",
                        role="clerk", actor=administrator)
    # then the account holds the role, has no password yet, and the invitation waits in the
    # outbox with a link to choose one
    assert user.email == "ines.roche@ales.fr" and not user.has_usable_password()
    assert roles.is_staff_member(User.objects.get(pk=user.pk))
    mail = Notification.objects.get(recipient=user, kind="staff_invitation")
    assert "/mot-de-passe/nouveau/" in mail.body and "agent" in mail.body
    assert AuditEntry.objects.get(verb="staff.invited").data == {"role": "clerk"}


def test_inviting_a_known_address_grants_the_role_without_a_second_account(administrator,
                                                                          resident):
    staff_invite(email=resident.user.email, first_name="X", last_name="Y", role="moderator",
                 actor=administrator)
    assert User.objects.filter(email=resident.user.email).count() == 1
    assert roles.has_role(User.objects.get(pk=resident.user.pk), roles.Role.MODERATOR)


def test_only_an_administrator_hands_out_roles(clerk, resident):
    with pytest.raises(NotPermitted):
        staff_invite(email="x@ales.fr", first_name="X", last_name="Y", role="clerk", actor=clerk)
    with pytest.raises(NotPermitted):
        staff_role_grant(user=resident.user, role="administrator", actor=clerk)


def test_grant_and_revoke_are_audited_and_refuse_what_makes_no_sense(administrator, clerk):
    with pytest.raises(DomainError) as unknown:
        staff_role_grant(user=clerk, role="resident", actor=administrator)
    assert unknown.value.field == "role"
    with pytest.raises(Conflict):
        staff_role_grant(user=clerk, role="clerk", actor=administrator)
    staff_role_grant(user=clerk, role="moderator", actor=administrator)
    staff_role_revoke(user=clerk, role="clerk", actor=administrator)
    clerk = User.objects.get(pk=clerk.pk)
    assert roles.roles_of(clerk) == {roles.Role.MODERATOR}
    assert list(AuditEntry.objects.filter(verb__startswith="staff.role").values_list(
        "verb", "data")) == [("staff.role_granted", {"role": "moderator"}),
                             ("staff.role_revoked", {"role": "clerk"})]
    with pytest.raises(Conflict):
        staff_role_revoke(user=clerk, role="clerk", actor=administrator)
    with pytest.raises(DomainError) as own:
        staff_role_revoke(user=administrator, role="administrator", actor=administrator)
    assert own.value.code == "own_administrator"
