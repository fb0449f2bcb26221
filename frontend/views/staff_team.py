"""Staff and roles, for administrators: invite a person with a role, grant and revoke roles,
reset the second factor of someone who lost it (Django's admin is the superuser's alone)."""

from typing import Any

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic import roles, selectors
from civic.http import AuthenticatedHttpRequest
from civic.links import page_url
from civic.second_factor import second_factor_reset
from civic.services import staff
from frontend.people import PersonField
from frontend.web import Confirmation, administrator_required, form_page

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


class SecondFactorResetForm(forms.Form):
    """Whoever gives a second factor (staff, a body's chair or secretary) and lost it."""

    user = PersonField(label=gettext_lazy("Personne"), queryset=selectors.user_list_active())


def _reset_confirmation(data: dict[str, Any]) -> Confirmation:
    return Confirmation(
        title=_("Réinitialiser le second facteur de %(name)s ?") % {"name": data["user"]},
        text=_("Ses applications d'authentification et ses codes de secours cessent de "
               "fonctionner ; à sa prochaine connexion, la personne en enregistre un nouveau. "
               "Faites-le seulement après avoir vérifié son identité (téléphone perdu). "
               "L'opération est inscrite au journal d'audit."),
        submit=_("Réinitialiser"))


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

    def reset_second_factor(data: dict[str, Any]) -> str:
        removed = second_factor_reset(user=data["user"], actor=actor)
        if not removed:
            return _("%(name)s n'avait pas de second facteur : rien à réinitialiser.") % {
                "name": data["user"]}
        return _("Second facteur de %(name)s réinitialisé : il en enregistrera un nouveau à sa "
                 "prochaine connexion.") % {"name": data["user"]}

    members = [{"user": user, "roles": [
        (group.name, roles.ROLE_LABELS[roles.Role(group.name)]) for group in user.groups.all()
        if group.name in {role.value for role in staff.GRANTABLE}]}
        for user in selectors.staff_list()]
    return form_page(
        request, template="frontend/staff/team.html",
        context={"members": members, "role_choices": ROLE_CHOICES},
        forms_={"invite": InviteForm, "grant": GrantForm, "revoke": RevokeForm,
                "second_factor": SecondFactorResetForm},
        actions={"invite": invite, "grant": grant, "revoke": revoke,
                 "second_factor": reset_second_factor},
        confirmations={"second_factor": _reset_confirmation},
        success_url=page_url("frontend:staff_team"))
