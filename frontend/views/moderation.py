"""Moderation in the site: residents report a comment from the page that shows it; the
moderators' queue of reported comments, hide and un-hide with a reason."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic import selectors
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.links import page_url
from civic.models import Comment
from civic.services import comments
from frontend.web import form_error_from, form_page, moderator_required


class ReportForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Pourquoi ce commentaire pose-t-il problème ?"),
                             max_length=300)


@login_required
def comment_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Report a comment from any page that shows it (works without JavaScript): the form asks
    the reason, then goes back to the page it came from."""
    comment = selectors.comment_get_visible(pk=pk)
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = page_url("frontend:home")
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            comments.comment_report(comment=comment, reporter=request.user,
                                    reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Merci : les modérateurs examineront ce commentaire."))
            return redirect(back)
    return render(request, "frontend/comment_report.html",
                  {"comment": comment, "form": form, "next": back},
                  status=400 if form.errors else 200)


class ModerationForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Motif"), max_length=300)


@moderator_required
def moderation(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user

    def _comment(data: dict[str, Any]) -> Comment:
        return get_object_or_404(Comment, pk=data["comment"])

    def hide(data: dict[str, Any]) -> str:
        comments.comment_hide(comment=_comment(data), moderator=user, reason=data["reason"])
        return _("Le commentaire est masqué ; son auteur en est informé.")

    def unhide(data: dict[str, Any]) -> str:
        comments.comment_unhide(comment=_comment(data), moderator=user, reason=data["reason"])
        return _("Le commentaire est de nouveau visible ; son auteur en est informé.")

    return form_page(
        request, template="frontend/moderation.html",
        context={"reported": selectors.comment_list_reported()[:100],
                 "hidden": selectors.comment_list_hidden()[:50]},
        forms_={"hide": ModerationForm, "unhide": ModerationForm},
        actions={"hide": hide, "unhide": unhide},
        success_url=page_url("frontend:moderation"))
