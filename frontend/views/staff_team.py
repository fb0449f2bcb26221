"""Staff and roles, for administrators: invite a person with a role, grant and revoke roles."""

from typing import Any

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic import roles, selectors
from civic.http import AuthenticatedHttpRequest
from civic.links import page_url
from civic.services import staff
from frontend.people import PersonField
from frontend.web import administrator_required, form_page

ROLE_CHOICES = [(role.value, roles.ROLE_LABELS[role]) for role in staff.GRANTABLE]


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail"))
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Rôle"), choices=ROLE_CHOICES)


class GrantForm(forms.Form):
    """A role for any active account: found by search in its own form, or the row's person."""

    user = PersonField(label=gettext_lazy("Personne"), queryset=selectors.user_list_active())
    role = forms.ChoiceField(label=gettext_lazy("Rôle"), choices=ROLE_CHOICES)


class RevokeForm(forms.Form):
    user = PersonField(queryset=selectors.staff_list())
    role = forms.ChoiceField(label=gettext_lazy("Rôle"), choices=ROLE_CHOICES)


@administrator_required
def staff_team(request: AuthenticatedHttpRequest) -> HttpResponse:
    actor = request.user

    def invite(data: dict[str, Any]) -> str:
        user = staff.staff_invite(actor=actor, **data)
        return _("%(name)s a le rôle « %(role)s » ; une invitation lui est envoyée s'il "
                 "s'agit d'un nouveau compte.") % {
            "name": user.get_full_name() or user.email,
            "role": roles.ROLE_LABELS[roles.Role(data["role"])]}

    def grant(data: dict[str, Any]) -> str:
        user = staff.staff_role_grant(user=data["user"], role=data["role"], actor=actor)
        return _("Rôle « %(role)s » accordé à %(name)s.") % {
            "role": roles.ROLE_LABELS[roles.Role(data["role"])], "name": user}

    def revoke(data: dict[str, Any]) -> str:
        user = staff.staff_role_revoke(user=data["user"], role=data["role"], actor=actor)
        return _("Rôle « %(role)s » retiré à %(name)s.") % {
            "role": roles.ROLE_LABELS[roles.Role(data["role"])], "name": user}

    members = [{"user": user, "roles": [
        (group.name, roles.ROLE_LABELS[roles.Role(group.name)]) for group in user.groups.all()
        if group.name in {role.value for role in staff.GRANTABLE}]}
        for user in selectors.staff_list()]
    return form_page(
        request, template="frontend/staff/team.html",
        context={"members": members, "role_choices": ROLE_CHOICES},
        forms_={"invite": InviteForm, "grant": GrantForm, "revoke": RevokeForm},
        actions={"invite": invite, "grant": grant, "revoke": revoke},
        success_url=page_url("frontend:staff_team"))
