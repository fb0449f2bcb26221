"""Report a comment to the moderators, from the page it is on."""

from collections.abc import Sequence

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.models import BudgetLine
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import Comment
from civic.services.comments import comment_report
from frontend.web import form_error_from


class ReportForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Pourquoi ce commentaire pose-t-il problème ?"),
                             max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


def comment_page_urls(comments: Sequence[Comment]) -> list[str]:
    """The page each comment is shown on (the resident comes back there; moderators read the
    comment in its context there); the debates of budget lines are read in one query."""
    line_debates = dict(BudgetLine.objects.filter(pk__in=[
        c.target_id for c in comments if _kind(c) == "budgets.budgetline"]).values_list(
        "pk", "chapter__debate_id"))
    return [_page_url(comment, line_debates) for comment in comments]


def comment_page_url(comment: Comment) -> str:
    return comment_page_urls([comment])[0]


def _kind(comment: Comment) -> str:
    return f"{comment.target_type.app_label}.{comment.target_type.model}"


def _page_url(comment: Comment, line_debates: dict[int, int]) -> str:
    label = _kind(comment)
    if label == "budgets.proposal":
        return reverse("budgets_web:proposal", args=[comment.target_id]) + "#comments-title"
    if label == "petitions.citizeninitiative":
        return reverse("petitions_web:detail", args=[comment.target_id]) + "#comments-title"
    if label == "budgets.budgetline" and comment.target_id in line_debates:
        return reverse("budgets_web:debate", args=[line_debates[comment.target_id]]) + (
            f"#ligne-{comment.target_id}")
    return reverse("frontend:home")


@login_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the comment and a reason to give; POST: report it, back to its page."""
    comment = get_object_or_404(Comment.objects.select_related("author", "target_type"), pk=pk,
                                status=Comment.Status.VISIBLE)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_report(comment=comment, reporter=request.user,
                           reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Merci : le commentaire est signalé aux modérateurs, "
                                        "qui vont le relire."))
            return redirect(comment_page_url(comment))
    return render(request, "frontend/comment_report.html",
                  {"comment": comment, "form": form, "back_url": comment_page_url(comment)},
                  status=400 if form.errors else 200)
