"""The moderators' queue of reported comments, hide and un-hide with a reason (residents
report a comment from the page that shows it: `frontend.views.comments`)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic import selectors
from civic.http import AuthenticatedHttpRequest
from civic.links import page_url
from civic.models import Comment
from civic.services import comments
from frontend.views.comments import comment_page_urls
from frontend.web import form_page, moderator_required


class ModerationForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Motif"), max_length=300)


def _with_pages(comments_: Iterable[Comment]) -> list[tuple[Comment, str]]:
    """Each comment with the page that shows it, so the moderator reads it in context."""
    listed = list(comments_)
    return list(zip(listed, comment_page_urls(listed), strict=True))


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
        context={"reported": _with_pages(selectors.comment_list_reported()[:100]),
                 "hidden": _with_pages(selectors.comment_list_hidden()[:50])},
        forms_={"hide": ModerationForm, "unhide": ModerationForm},
        actions={"hide": hide, "unhide": unhide},
        success_url=page_url("frontend:moderation"))
