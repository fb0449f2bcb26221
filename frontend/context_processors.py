"""What the base layout needs on every page: navigation, account menu, language switch."""

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from civic.models import User

# (URL name, label). Each module's index is resolved at request time: a module whose pages
# are not mounted yet is simply left out of the menu instead of breaking every page.
NAV_ITEMS = [
    ("frontend:home", _("Accueil")),
    ("budgets_web:index", _("Budgets participatifs")),
    ("petitions_web:index", _("Initiatives citoyennes")),
    ("commissions_web:index", _("Commissions")),
]
# Shown to clerks and administrators only.
STAFF_NAV_ITEMS = [("counter:index", _("Guichet"))]
# Shown to every role with a staff home (clerks, moderators, councillors, administrators).
BACK_OFFICE_NAV_ITEMS = [("frontend:staff_home", _("Espace agents"))]


def url_if_exists(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _nav_links(path: str, staff: bool, back_office: bool = False) -> list[dict[str, object]]:
    links = []
    items = (NAV_ITEMS + (BACK_OFFICE_NAV_ITEMS if back_office else [])
             + (STAFF_NAV_ITEMS if staff else []))
    for name, label in items:
        url = url_if_exists(name)
        if not url:
            continue
        current = path == url if url == "/" else path.startswith(url)
        links.append({"name": name, "url": url, "label": label, "current": current})
    return links


def _unread_count(user: "User") -> Callable[[], int]:
    from civic.models import Notification

    # Templates call it only where the count is shown, and at most once per page.
    return cache(lambda: Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).count())


def navigation(request: HttpRequest) -> dict[str, object]:
    from civic import roles

    user = request.user
    return {
        "nav_roles": roles.roles_of(user) if user.is_authenticated else frozenset(),
        "nav_links": _nav_links(request.path, staff=roles.is_staff_member(user),
                                back_office=roles.is_back_office(user)),
        "unread_notifications": _unread_count(user) if user.is_authenticated else 0,
        "current_path": request.get_full_path(),
    }
