import pytest
from rest_framework.test import APIClient

from civic import commentable
from civic.models import Neighbourhood, Notification
from civic.services.notifications import notification_enqueue
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _notify(user, key):
    notification_enqueue(recipients=[user], kind="test", subject="Objet", body="Texte",
                         dedupe_key=key, email=False)
    return Notification.objects.filter(recipient=user, dedupe_key=key).get()


def test_me_without_credentials_answers_401_in_the_shared_error_format(api):
    # when
    response = api.get("/api/v1/me/")
    # then
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["message"]


def test_token_auth_gives_access_to_me_with_roles_and_verification(api, resident):
    # given
    token = api.post("/api/v1/auth/token/", {"username": resident.user.email,
                                             "password": "motdepasse-solide-42"}).json()["token"]
    # when
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()
    # then
    assert me["email"] == resident.user.email
    assert me["roles"] == ["resident"]
    assert me["resident"]["verification_status"] == "verified"
    assert me["resident"]["neighbourhood"]["code"] == "centre-ville"


def test_an_unknown_token_and_a_deactivated_accounts_token_are_refused_with_401(api, resident):
    # given a resident's token, and a forged one
    token = api.post("/api/v1/auth/token/", {"username": resident.user.email,
                                             "password": "motdepasse-solide-42"}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    forged = api.get("/api/v1/me/")
    # when the resident's account is deactivated
    resident.user.is_active = False
    resident.user.save(update_fields=["is_active"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    deactivated = api.get("/api/v1/me/")
    # then both are refused, each with its reason, in the shared error format
    assert (forged.status_code, deactivated.status_code) == (401, 401)
    assert forged.json()["message"] == "Jeton d’accès invalide."
    assert deactivated.json()["message"] == "Compte désactivé ou supprimé."


def test_token_with_wrong_password_is_a_400_with_a_message(api, resident):
    # when
    response = api.post("/api/v1/auth/token/", {"username": resident.user.email, "password": "x"})
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"]["non_field_errors"]


def test_neighbourhoods_are_public_and_paginated(api):
    # given
    for n in range(25):
        NeighbourhoodFactory(code=f"q{n:02}", name=f"Quartier {n:02}")
    # when
    page = api.get("/api/v1/neighbourhoods/").json()
    # then
    assert page["count"] == 25
    assert len(page["results"]) == 20
    assert page["next"].endswith("page=2")


def test_notifications_list_and_mark_read_are_limited_to_the_owner(api, resident):
    # given one notification each for two residents
    mine = _notify(resident.user, "a")
    theirs = _notify(ResidentFactory().user, "b")
    api.force_authenticate(resident.user)
    # when
    listed = api.get("/api/v1/notifications/?unread=true").json()
    foreign = api.post(f"/api/v1/notifications/{theirs.pk}/read/")
    own = api.post(f"/api/v1/notifications/{mine.pk}/read/")
    # then
    assert [n["id"] for n in listed["results"]] == [mine.pk]
    assert foreign.status_code == 404 and foreign.json()["code"] == "not_found"
    assert own.status_code == 204
    assert api.get("/api/v1/notifications/?unread=true").json()["count"] == 0


def test_mark_all_read_reports_how_many(api, resident):
    # given
    _notify(resident.user, "a")
    _notify(resident.user, "b")
    api.force_authenticate(resident.user)
    # when / then
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 2}


@pytest.fixture
def commentable_neighbourhoods():
    commentable.register(Neighbourhood, lambda user, target: None)
    yield
    commentable._REGISTRY.pop("civic.neighbourhood", None)


def test_comment_post_with_missing_body_answers_400_per_field(
    api, resident, neighbourhood, commentable_neighbourhoods
):
    # given
    api.force_authenticate(resident.user)
    # when
    response = api.post("/api/v1/comments/", {"target": f"civic.neighbourhood:{neighbourhood.pk}"})
    # then
    assert response.status_code == 400
    assert response.json()["fields"]["body"] == ["Ce champ est obligatoire."]


def test_comment_with_nul_byte_is_refused_with_a_field_message(
    api, resident, neighbourhood, commentable_neighbourhoods
):
    # given
    api.force_authenticate(resident.user)
    # when
    response = api.post("/api/v1/comments/", {
        "target": f"civic.neighbourhood:{neighbourhood.pk}", "body": "a\x00b"})
    # then
    assert response.status_code == 400
    assert "body" in response.json()["fields"]


def test_comments_hidden_by_a_moderator_show_the_reason_not_the_text(
    api, resident, moderator, neighbourhood, commentable_neighbourhoods
):
    # given a comment
    api.force_authenticate(resident.user)
    target = f"civic.neighbourhood:{neighbourhood.pk}"
    comment = api.post("/api/v1/comments/", {"target": target, "body": "Message"}).json()
    # when a resident tries to hide it, then a moderator does
    refused = api.post(f"/api/v1/comments/{comment['id']}/hide/", {"reason": "Non"})
    api.force_authenticate(moderator)
    api.post(f"/api/v1/comments/{comment['id']}/hide/", {"reason": "Injurieux"})
    # then
    assert refused.status_code == 403
    listed = APIClient().get("/api/v1/comments/", {"target": target}).json()
    assert listed == [{**comment, "body": "", "hidden": True, "hidden_reason": "Injurieux"}]


def test_comment_target_that_is_not_commentable_is_refused(api, resident):
    # given
    api.force_authenticate(resident.user)
    # when
    response = api.post("/api/v1/comments/", {"target": "civic.user:1", "body": "x"})
    # then
    assert response.status_code == 400
    assert response.json()["fields"]["target"]


def test_openapi_schema_documents_the_error_format(api):
    # when
    schema = api.get("/api/schema/?format=json").json()
    # then
    assert "Error" in schema["components"]["schemas"]
    me = schema["paths"]["/api/v1/me/"]["get"]["responses"]
    assert {"200", "401", "403"} <= set(me)
    comment_post = schema["paths"]["/api/v1/comments/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409"} <= set(comment_post)


def test_api_docs_are_served_without_any_cdn(client):
    # when
    html = client.get("/api/docs/").content.decode()
    # then every script and stylesheet is served by the project
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_token_endpoint_is_throttled_with_a_json_429(api, resident, settings):
    # given the auth scope allows 20 attempts a minute
    # when a client keeps guessing passwords
    statuses = [api.post("/api/v1/auth/token/", {"username": resident.user.email,
                                                 "password": f"essai-{n}"}).status_code
                for n in range(21)]
    # then the 21st attempt is refused with the shared error format
    assert statuses[:20] == [400] * 20
    refused = api.post("/api/v1/auth/token/", {"username": resident.user.email, "password": "x"})
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert refused.json()["extra"]["wait"] > 0


def test_role_groups_exist_after_migrations():
    # given / when / then
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "resident", "clerk", "councillor", "moderator", "administrator"}
