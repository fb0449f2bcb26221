"""A council session's agenda, public and printable, whatever brought each item."""

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.models import AgendaItem, CouncilSession
from commissions.tests.factories import OpinionFactory

pytestmark = pytest.mark.django_db


def test_the_agenda_lists_an_opinion_and_a_synthesis_for_anyone(client, council):
    session = CouncilSession.objects.create(council=council, starts_at=timezone.now())
    opinion = OpinionFactory(sent=True, title="Zone 30")
    AgendaItem.objects.create(council=council, session=session, status="scheduled",
                              position=1, title="Avis : Zone 30", source=opinion)
    AgendaItem.objects.create(council=council, session=session, status="scheduled",
                              position=2, title="Synthèse du débat 2026",
                              summary="Avis des habitants par chapitre.")
    AgendaItem.objects.create(council=council, session=session, status="withdrawn",
                              position=3, title="Point retiré")
    html = client.get(reverse("frontend:council_session", args=[session.pk])).content.decode()
    assert html.index("Avis : Zone 30") < html.index("Synthèse du débat 2026")
    assert "avis d'une commission" in html and "Point retiré" not in html
    assert client.get(reverse("frontend:council_session", args=[987654])).status_code == 404
