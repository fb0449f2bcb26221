import pytest

from civic.models import Resident

pytestmark = pytest.mark.django_db


def test_clerk_finds_a_resident_by_name_and_verifies_them_at_the_counter(client, clerk,
                                                                         unverified_resident):
    # given
    client.force_login(clerk)
    name = unverified_resident.user.last_name
    # when the clerk searches, then verifies with a document
    page = client.get("/guichet/", {"q": name, "status": "unverified"})
    response = client.post(f"/guichet/habitants/{unverified_resident.pk}/verifier/",
                           {"method": "document", "next": f"/guichet/?q={name}"}, follow=True)
    # then
    assert name in page.content.decode()
    assert response.redirect_chain[-1][0] == f"/guichet/?q={name}"
    assert "est maintenant vérifié" in response.content.decode()
    assert Resident.objects.get(pk=unverified_resident.pk).verification_method == "document"


def test_counter_is_closed_to_residents(client, resident, unverified_resident):
    # given
    client.force_login(resident.user)
    # when / then
    assert client.get("/guichet/").status_code == 403
    assert client.post(f"/guichet/habitants/{unverified_resident.pk}/verifier/",
                       {"method": "counter"}).status_code == 403


def test_counter_asks_anonymous_visitors_to_log_in(client):
    # when
    response = client.get("/guichet/")
    # then
    assert response.status_code == 302
    assert "/connexion/" in response["Location"]


def test_counter_link_is_in_the_menu_for_clerks_only(client, clerk, resident):
    # when / then
    client.force_login(resident.user)
    assert 'href="/guichet/"' not in client.get("/").content.decode()
    client.force_login(clerk)
    assert 'href="/guichet/"' in client.get("/").content.decode()
