"""The audit log's published heads: a public page explaining how to keep and check them, and
an Atom feed of the daily checkpoints (the JSON is at /api/v1/audit/)."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civic import selectors
from civic.models import AuditCheckpoint

# A month of days per page; the feed's items all fit on the first page, so their links to the
# page's rows need no page number.
PAGE_SIZE = 31
FEED_ITEMS = 30


def audit_chain(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.audit_checkpoint_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/audit_chain.html",
                  {"head": selectors.audit_head_get(), "page": page})


class AuditCheckpointFeed(Feed):
    """The head of the audit log at the end of each day, newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Journal d'audit de Décidons : empreintes de fin de journée")
    subtitle = gettext_lazy(
        "Chaque jour, le nombre d'entrées du journal et l'empreinte qui les scelle. Gardez-les : "
        "si une entrée passée était réécrite, l'empreinte publiée pour ce jour changerait.")

    def link(self) -> str:
        return reverse("frontend:audit_chain")

    def items(self) -> list[AuditCheckpoint]:
        return list(selectors.audit_checkpoint_list()[:FEED_ITEMS])

    def item_title(self, item: AuditCheckpoint) -> str:
        return ngettext("Journal d'audit au %(day)s : %(count)s entrée",
                        "Journal d'audit au %(day)s : %(count)s entrées", item.entry_count) % {
            "day": item.day.isoformat(), "count": item.entry_count}

    def item_description(self, item: AuditCheckpoint) -> str:
        return _("Entrée n° %(count)s, empreinte %(hash)s") % {
            "count": item.entry_count, "hash": item.head_hash}

    def item_link(self, item: AuditCheckpoint) -> str:
        return f"{reverse('frontend:audit_chain')}#jour-{item.day.isoformat()}"

    def item_guid(self, item: AuditCheckpoint) -> str:
        return f"decidons-audit-checkpoint-{item.day.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: AuditCheckpoint) -> datetime:
        return item.created_at
