"""The two methods only the platform sets (FranceConnect with the roll, a letter code) cannot
be recorded by a clerk: a clerk who checked nothing of the kind would otherwise claim it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civic.errors import InvalidTransition
from civic.services.residents import resident_verify

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["franceconnect", "letter"])
def test_a_clerk_cannot_record_a_verification_only_the_platform_makes(
        clerk, unverified_resident, method):
    # when a clerk verifies a resident with one of the platform's methods, by the service,
    # the API or the counter form
    with pytest.raises(InvalidTransition):
        resident_verify(resident=unverified_resident, method=method, verified_by=clerk)
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post(f"/api/v1/residents/{unverified_resident.pk}/verify/", {"method": method})
    client = api  # the web form, logged in as the same clerk
    client.force_login(clerk)
    page = client.post(reverse("counter:verify", kwargs={"pk": unverified_resident.pk}),
                       {"method": method}, format="multipart")
    # then each refuses it, and the resident stays unverified
    assert answer.status_code == 400 and "method" in answer.json()["fields"]
    assert page.status_code == 302
    unverified_resident.refresh_from_db()
    assert not unverified_resident.is_verified


def test_the_counter_offers_only_the_clerks_methods(client, clerk, unverified_resident):
    client.force_login(clerk)
    page = client.get(reverse("counter:resident", kwargs={"pk": unverified_resident.pk}))
    options = page.context["verify_form"].fields["method"].choices
    assert [value for value, _label in options] == ["counter", "roll", "document"]
