"""The signature list of an initiative, printable for clerks."""

import pytest
from django.urls import reverse

from petitions.tests.factories import CitizenInitiativeFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def test_the_signature_list_prints_numbered_for_clerks(client, clerk):
    initiative = CitizenInitiativeFactory(collecting=True)
    SignatureFactory(initiative=initiative)
    client.force_login(clerk)
    html = client.get(reverse("petitions_web:signatures_print",
                              args=[initiative.pk])).content.decode()
    assert "Liste des signatures" in html and "<td>1</td>" in html
