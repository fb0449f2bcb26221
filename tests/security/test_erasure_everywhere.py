"""Erasure removes the name everywhere it is shown, the public draw by lot included; the
export lists every role the person holds, a commission's chair included (issue 12)."""

import pytest
from django.test import Client
from django.urls import reverse

from civic.services.personal_data import account_erase, personal_data_of
from civic.tests.factories import ResidentFactory
from commissions import conftest as commission_fixtures
from commissions.services.sortitions import sortition_run
from commissions.tests.factories import ApplicationFactory, MemberCallFactory
from tests.security.test_hardening import PASSWORD

pytestmark = pytest.mark.django_db

# The commissions module's fixtures (a commission chaired by a councillor, its residents'
# college), used here outside that module.
commission = commission_fixtures.commission
residents_college = commission_fixtures.residents_college


def test_an_erased_volunteer_is_no_longer_named_in_the_published_draw(clerk, residents_college):
    # given a published draw among volunteers, one of them named Ysolde Vautrin
    call = MemberCallFactory(seat_group=residents_college, closed=True)
    volunteer = ResidentFactory(user__first_name="Ysolde", user__last_name="Vautrin")
    ApplicationFactory(call=call, applicant=volunteer.user)
    ApplicationFactory.create_batch(3, call=call)
    sortition = sortition_run(call=call, actor=clerk, seed="ab" * 32)
    page_url = reverse("commissions_web:sortition", args=[sortition.pk])
    assert "Vautrin" in Client().get(page_url).text
    # when she erases her account
    account_erase(user=volunteer.user, password=PASSWORD)
    # then neither the page nor the API names her, and the draw still replays
    assert "Vautrin" not in Client().get(page_url).text
    api = Client().get(f"/api/v1/sortitions/{sortition.pk}/")
    assert api.status_code == 200 and "Vautrin" not in api.content.decode()
    sortition.refresh_from_db()
    assert len(sortition.candidates) == 4


def test_the_export_lists_a_chairs_role(commission, councillor):
    data = personal_data_of(user=councillor)
    chaired = data["sections"]["commissions"]["chaired_commissions"]
    assert chaired == [{"commission": commission.name, "role": "chair"}]
