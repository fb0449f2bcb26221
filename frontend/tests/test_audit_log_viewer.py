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


def test_entries_read_in_words_and_a_reversed_period_is_refused(client, administrator):
    audit_record(verb="role.granted", actor=administrator, target=administrator,
                 data={"role": "clerk", "steps": ["a", "b"]})
    client.force_login(administrator)
    page = client.get(LOG).content.decode()
    # the object's kind in words, the details as « key : value » lines, not Python
    assert "{'role'" not in page
    assert "<code>role</code> : clerk" in page
    assert "<code>steps</code> : a, b" in page
    assert f"utilisateur n° {administrator.pk}" in page
    # a period ending before it starts is answered next to the end field
    reversed_period = client.get(LOG, {"start": "2026-12-31", "end": "2026-01-01"})
    assert reversed_period.status_code == 400
    assert "La date de fin doit suivre la date de début." in reversed_period.content.decode()
