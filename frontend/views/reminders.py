"""Account page: how the resident wants to be told (e-mail, site only, none) and how often."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.http import AuthenticatedHttpRequest
from civic.models import NotificationPreference
from civic.services.preferences import notification_preference_of, notification_preference_set


class PreferenceForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Comment recevoir les messages et les rappels ?"),
        choices=NotificationPreference.Channel.choices, widget=forms.RadioSelect)
    digest = forms.ChoiceField(
        label=gettext_lazy("Si vous choisissez l'e-mail : à quel rythme ?"),
        choices=NotificationPreference.Digest.choices, widget=forms.RadioSelect)


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = notification_preference_of(request.user)
    form = PreferenceForm(request.POST or None,
                          initial={"channel": current.channel, "digest": current.digest})
    if request.method == "POST" and form.is_valid():
        notification_preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Vos choix sont enregistrés."))
        return redirect("frontend:account")
    return render(request, "frontend/accounts/preferences.html", {"form": form},
                  status=400 if form.errors else 200)
