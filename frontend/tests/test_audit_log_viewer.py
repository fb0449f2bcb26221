"""The full audit log for supervisors: filtered, paginated, with the chain check."""

import pytest
from django.urls import reverse

from civic.models import AuditEntry
from civic.services.audit import audit_record

pytestmark = pytest.mark.django_db

LOG = reverse("frontend:audit_log")


def test_an_administrator_filters_the_log_and_checks_the_chain(client, administrator, clerk):
    audit_record(verb="comment.hidden", actor=administrator, data={"reason": "Injure"})
    audit_record(verb="commission.meeting_cancelled", actor=clerk, data={"reason": "Salle"})
    client.force_login(administrator)
    # every entry, newest first
    everything = client.get(LOG)
    assert list(everything.context["page_obj"]) == list(AuditEntry.objects.order_by("-pk"))
    # by verb prefix and by actor
    by_verb = client.get(LOG, {"verb": "commission."})
    assert [e.verb for e in by_verb.context["page_obj"]] == ["commission.meeting_cancelled"]
    by_actor = client.get(LOG, {"actor": clerk.email})
    assert [e.verb for e in by_actor.context["page_obj"]] == ["commission.meeting_cancelled"]
    # the chain check reports an intact chain
    checked = client.get(LOG, {"verifier": "1"}).content.decode()
    assert "Chaîne intacte : 2 entrées vérifiées." in checked


def test_a_bad_date_is_answered_next_to_the_field(client, administrator):
    client.force_login(administrator)
    response = client.get(LOG, {"start": "32/13/2026"})
    assert response.status_code == 400
    assert "Saisissez une date valide" in response.content.decode()


@pytest.mark.parametrize("persona", ["clerk", "moderator", "councillor"])
def test_only_administrators_read_the_full_log(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LOG).status_code == 403
