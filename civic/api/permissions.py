"""DRF permission classes; they only ask civic.roles (the one place roles are checked)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from civic import roles


class IsStaffMember(BasePermission):
    """Clerks and administrators."""

    message = _("Réservé aux agents de la ville.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return roles.is_staff_member(request.user)


class IsModerator(BasePermission):
    message = _("Réservé aux modérateurs.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return roles.has_role(request.user, roles.Role.MODERATOR, roles.Role.ADMINISTRATOR)


class IsResident(BasePermission):
    message = _("Réservé aux habitants inscrits.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return hasattr(request.user, "resident") if request.user.is_authenticated else False


class IsSupervisor(BasePermission):
    """Who oversees the clerks (civic.roles.is_supervisor): the audit log's full entries."""

    message = _("Réservé aux superviseurs.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return roles.is_supervisor(request.user)
