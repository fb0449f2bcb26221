"""The in-app notifications page: read them, mark one or all as read."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from civic.http import AuthenticatedHttpRequest
from civic.models import Notification, User
from civic.services.notifications import notification_mark_read

PAGE_SIZE = 20


def inbox_for(user: User) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first."""
    return Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _mark_read(request)
    page = Paginator(inbox_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/accounts/notifications.html",
                  {"page": page, "groups": _grouped(page.object_list)})


# Notifications are grouped by what they are about, from the prefix of their kind.
GROUPS = {
    "budget": _("Budgets participatifs"),
    "initiative": _("Initiatives citoyennes"),
    "commission": _("Commissions et comités d'usagers"),
    "facility": _("Commissions et comités d'usagers"),
    "council": _("Conseil municipal"),
    "account": _("Mon compte"),
}


def _grouped(notifications: Iterable[Notification]) -> list[dict[str, Any]]:
    """The page's notifications by subject (budgets, initiatives…), in order of the newest."""
    groups: dict[str, dict[str, Any]] = {}
    for notification in notifications:
        label = str(GROUPS.get(notification.kind.split("_")[0], _("Autres messages")))
        group = groups.setdefault(label, {"label": label, "items": [], "unread": 0})
        group["items"].append(notification)
        group["unread"] += notification.read_at is None
    return list(groups.values())


def _mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    if "all" in request.POST:
        notification_mark_read(user=request.user)
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    else:
        try:
            ids = [int(request.POST.get("notification", ""))]
        except ValueError:
            messages.error(request, _("Cette notification n'existe pas."))
            return redirect("frontend:notifications")
        count = notification_mark_read(user=request.user, notification_ids=ids)
        if count:
            messages.success(request, _("Notification marquée comme lue."))
    page = request.POST.get("page", "")
    url = reverse("frontend:notifications")
    return redirect(f"{url}?page={int(page)}" if page.isdigit() else url)
