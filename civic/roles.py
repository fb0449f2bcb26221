"""Roles are Django groups; this module is the one place that names and checks them."""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civic.models import User


class Role(StrEnum):
    RESIDENT = "resident"
    CLERK = "clerk"
    COUNCILLOR = "councillor"
    MODERATOR = "moderator"
    ADMINISTRATOR = "administrator"


ROLE_LABELS = {
    Role.RESIDENT: _("habitant"),
    Role.CLERK: _("agent"),
    Role.COUNCILLOR: _("élu"),
    Role.MODERATOR: _("modérateur"),
    Role.ADMINISTRATOR: _("administrateur"),
}

# Roles that may act for the town (run processes, review, record decisions).
STAFF_ROLES = frozenset({Role.CLERK, Role.ADMINISTRATOR})


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles a user holds; cached on the instance for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_decidons_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(Role.ADMINISTRATOR)
        if hasattr(user, "resident"):
            names.add(Role.RESIDENT)
        cached = frozenset(Role(n) for n in names if n in Role._value2member_map_)
        user._decidons_roles = cached
    return cached


def has_role(user: User | AnonymousUser, *wanted: Role) -> bool:
    return bool(roles_of(user) & set(wanted))


def is_staff_member(user: User | AnonymousUser) -> bool:
    """Clerks and administrators run the platform's processes."""
    return has_role(user, *STAFF_ROLES)


# Roles with a staff home (espace agents): each sees the queues of the jobs it does.
BACK_OFFICE_ROLES = frozenset({Role.CLERK, Role.MODERATOR, Role.COUNCILLOR, Role.ADMINISTRATOR})
# Who hides and un-hides comments.
MODERATION_ROLES = frozenset({Role.MODERATOR, Role.ADMINISTRATOR})


def holds_app_powers(user: User | AnonymousUser) -> bool:
    """Whether an app gives this account staff powers outside the roles (a body's chair or
    secretary runs its meetings): each app's `policies.STAFF_POWERS(user)`, asked once per
    request. Such an account has a staff home and gives a second factor, as staff do."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_decidons_app_powers", None)
    if cached is None:
        from civic.plugins import app_attributes

        cached = any(holds(user) for _app, holds in app_attributes("policies", "STAFF_POWERS"))
        user._decidons_app_powers = cached
    return cached


def is_back_office(user: User | AnonymousUser) -> bool:
    """Clerks, moderators, councillors and administrators have a staff home, and so does
    whoever runs a body (its chair or secretary)."""
    return has_role(user, *BACK_OFFICE_ROLES) or holds_app_powers(user)


def is_moderator(user: User | AnonymousUser) -> bool:
    return has_role(user, *MODERATION_ROLES)


def is_supervisor(user: User | AnonymousUser) -> bool:
    """Who oversees the clerks' work at the counter (four eyes): the administrators, who may
    also open every counter page the supervisors' page links to."""
    return has_role(user, Role.ADMINISTRATOR)


def grant_role(user: User, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if hasattr(user, "_decidons_roles"):
        del user._decidons_roles


def revoke_role(user: User, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role.value))
    if hasattr(user, "_decidons_roles"):
        del user._decidons_roles


def users_with_role(role: Role) -> QuerySet[User]:
    """Active accounts holding `role` (administrators also stand in for clerks)."""
    names = [role.value]
    if role == Role.CLERK:
        names.append(Role.ADMINISTRATOR.value)
    return User.objects.filter(is_active=True, groups__name__in=names).distinct()
