"""Shared by the counter's pages: clerks only."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from civic import roles


def clerks_only(request: HttpRequest) -> None:
    if not roles.is_staff_member(request.user):
        raise PermissionDenied(_("Réservé aux agents de la ville."))
