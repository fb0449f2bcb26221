"""Bad input through the API and the forms: a 4xx with a clear message, never a 500, and what
is stored as text is shown escaped on its page."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commissions.models import Consultation, MeetingDocument
from commissions.services.consultations import question_add
from commissions.tests.factories import ConsultationFactory
from tests.security.world import PDF, build_world

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"


@pytest.fixture
def world(db):
    return build_world()


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _comment_url() -> str:
    return reverse("api:comment-list")


def _comment(world, body):
    return {"target": f"budgets.proposal:{world.voting_proposals[0].pk}", "body": body}


def _initiative(title="Un marché le dimanche", reasons="Pour animer le centre.",
                operative_text="Le conseil crée un marché."):
    return {"title": title, "reasons": reasons, "operative_text": operative_text}


def _post_raw(client: Client, url: str, data: bytes | str):
    return client.generic("POST", url, data, content_type="application/json")


def test_a_json_body_over_the_upload_limit_is_refused_with_413_in_the_shared_format(world):
    # given
    client = _client(world.users["same"])
    body = json.dumps(_comment(world, "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)))
    # when
    response = _post_raw(client, _comment_url(), body)
    # then
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert response.json()["message"]


def test_malformed_json_is_a_400_parse_error(world):
    # given
    client = _client(world.users["same"])
    # when
    response = _post_raw(client, reverse("api:initiative-list"), '{"title": "Un marché",')
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("body", [b'{"title": "\xff\xfe march\xe9"}', b"\xc3\x28"])
def test_a_body_that_is_not_valid_utf8_is_a_400_parse_error(world, body):
    # given
    client = _client(world.users["same"])
    # when
    response = _post_raw(client, reverse("api:initiative-list"), body)
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_lone_surrogate_in_a_text_is_refused_next_to_its_field(world):
    # given: valid JSON whose string decodes to an unpaired UTF-16 half
    client = _client(world.users["same"])
    body = '{"title": "March\\ud800", "reasons": "Motifs.", "operative_text": "Texte."}'
    # when
    response = _post_raw(client, reverse("api:initiative-list"), body)
    # then
    assert response.status_code == 400
    assert "title" in response.json()["fields"]


def test_wrong_types_are_named_field_by_field(world):
    # given
    client = _client(world.users["same"])
    body = {"title": ["liste"], "reasons": {"objet": 1}, "operative_text": 12}
    # when
    response = client.post(reverse("api:initiative-list"), body, content_type="application/json")
    # then
    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "invalid"
    assert {"title", "reasons"} <= set(payload["fields"])


@pytest.mark.parametrize("field", ["title", "reasons", "operative_text"])
def test_a_huge_string_gets_a_clear_message_next_to_its_field(world, field):
    # given
    client = _client(world.users["same"])
    body = _initiative(**{field: "a" * 200_000})
    # when
    response = client.post(reverse("api:initiative-list"), body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["fields"][field][0]


@pytest.mark.parametrize("field", ["title", "reasons", "operative_text"])
def test_a_nul_byte_in_an_initiative_text_is_refused_next_to_its_field(world, field):
    # given
    client = _client(world.users["same"])
    # when
    response = client.post(reverse("api:initiative-list"), _initiative(**{field: "Texte\x00"}),
                           content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["fields"][field][0]


def test_a_nul_byte_in_a_comment_is_refused_next_to_its_field(world):
    # given
    client = _client(world.users["same"])
    # when
    response = client.post(_comment_url(), _comment(world, "Bonjour\x00"),
                           content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["fields"]["body"][0]


def _shown_escaped(client: Client, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert ESCAPED in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_a_script_in_a_comment_is_stored_as_text_and_shown_escaped(world):
    # given
    client = _client(world.users["same"])
    # when
    response = client.post(_comment_url(), _comment(world, SCRIPT),
                           content_type="application/json")
    # then
    assert response.status_code == 201
    assert response.json()["body"] == SCRIPT
    _shown_escaped(client, reverse("budgets_web:proposal", args=[world.voting_proposals[0].pk]))


def test_a_script_in_an_initiative_text_is_stored_as_text_and_shown_escaped(world):
    # given
    client = _client(world.users["same"])
    body = _initiative(title=SCRIPT, reasons=SCRIPT, operative_text=SCRIPT)
    # when
    response = client.post(reverse("api:initiative-list"), body, content_type="application/json")
    # then
    assert response.status_code == 201
    _shown_escaped(client, reverse("petitions_web:detail", args=[response.json()["id"]]))


def test_a_script_in_a_budget_proposal_is_stored_as_text_and_shown_escaped(world):
    # given
    client = _client(world.users["same"])
    body = {"title": SCRIPT, "description": SCRIPT, "location": SCRIPT,
            "estimated_cost_cents": 150_000}
    # when
    response = client.post(reverse("api:budget-proposal-submit", args=[world.submission.pk]),
                           body, content_type="application/json")
    # then
    assert response.status_code == 201
    _shown_escaped(client, reverse("budgets_web:proposal", args=[response.json()["id"]]))


def test_a_script_in_a_commission_name_is_stored_as_text_and_shown_escaped(world):
    # given
    client = _client(world.users["clerk"])
    body = {"kind": "extra_municipal", "name": SCRIPT, "theme": SCRIPT, "description": SCRIPT,
            "chair": world.users["councillor"].pk, "mandate_start": "2026-04-01",
            "mandate_end": "2032-03-31"}
    # when
    response = client.post(reverse("api:commissions-commission-create"), body,
                           content_type="application/json")
    # then
    assert response.status_code == 201
    _shown_escaped(client, reverse("commissions_web:commission",
                                   args=[response.json()["slug"]]))


def test_a_script_in_a_meeting_title_and_place_is_stored_as_text_and_shown_escaped(world):
    # given
    client = _client(world.users["clerk"])
    body = {"commission": world.commission.slug, "title": SCRIPT, "place": SCRIPT,
            "starts_at": "2030-03-12T18:30:00+01:00"}
    # when
    response = client.post(reverse("api:commissions-meeting-create"), body,
                           content_type="application/json")
    # then
    assert response.status_code == 201
    _shown_escaped(client, reverse("commissions_web:meeting", args=[response.json()["id"]]))


def test_a_script_in_minutes_is_stored_as_text_and_shown_escaped(world):
    # given
    client = _client(world.users["clerk"])
    meeting = world.adopted_opinion.meeting
    # when
    response = client.post(reverse("api:commissions-meeting-minutes-publish", args=[meeting.pk]),
                           {"minutes": SCRIPT}, content_type="application/json")
    # then
    assert response.status_code == 200
    assert response.json()["minutes"] == SCRIPT
    _shown_escaped(client, reverse("commissions_web:meeting", args=[meeting.pk]))


def test_a_script_in_an_uploaded_file_name_and_title_is_stored_harmlessly_and_shown_escaped(
        world):
    # given
    client = _client(world.users["clerk"])
    upload = SimpleUploadedFile(f"{SCRIPT}.pdf", PDF, content_type="application/pdf")
    url = reverse("api:commissions-meeting-document-add", args=[world.public_meeting.pk])
    # when
    response = client.post(url, {"title": SCRIPT, "file": upload})
    # then: the title is kept as text, the file is stored under a name of its own
    assert response.status_code == 201, response.content
    document = MeetingDocument.objects.get(meeting=world.public_meeting, title=SCRIPT)
    assert not set("<>\"") & set(document.file.name or "")
    _shown_escaped(client, reverse("commissions_web:meeting", args=[world.public_meeting.pk]))


def test_a_script_in_a_sign_up_name_is_never_echoed_as_html(world):
    # given: a sign-up form with a script as first and last name and mismatched passwords,
    # so the form is shown again with what was typed
    client = Client(raise_request_exception=False)
    form = {"email": "nouvelle@exemple.fr", "first_name": SCRIPT, "last_name": SCRIPT,
            "neighbourhood": world.a.pk, "date_of_birth": "1990-05-04",
            "postal_address": "3 rue d'Avéjan, Alès", "password1": "motdepasse-solide-42",
            "password2": "autre-mot-de-passe-99", "preferred_language": "fr"}
    # when
    response = client.post(reverse("frontend:signup"), form)
    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_a_script_in_a_consultation_answer_and_question_is_shown_escaped_in_the_results(world):
    # given: a town-wide consultation with a free-text question whose label is markup
    clerk = world.users["clerk"]
    consultation = ConsultationFactory(audience="town")
    question = question_add(consultation=consultation, kind="text", label=SCRIPT, actor=clerk)
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.OPEN)
    url = reverse("api:commissions-consultation-respond", args=[consultation.pk])
    # when
    response = _client(world.users["same"]).post(url, {"answers": {str(question.pk): SCRIPT}},
                                                 content_type="application/json")
    # then, once the consultation is closed (anonymous results wait for the close)
    assert response.status_code == 201
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    _shown_escaped(_client(clerk), reverse("commissions_web:consultation_results",
                                           args=[consultation.pk]))


def test_an_api_url_that_matches_no_route_answers_the_shared_json_404(world):
    # given
    client = _client(world.users["same"])
    # when
    response = client.get("/api/v1/initiatives/pas-un-nombre/")
    # then
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def _budget(**changes):
    return {"year": 2027, "title": "Budget des Cévennes", "envelope_cents": 5_000_000,
            "ballot_kind": "cumulative", "points_total": 10, **changes}


@pytest.mark.parametrize("field", ["envelope_cents", "points_total", "max_points_per_project",
                                   "max_projects", "min_score_threshold"])
def test_an_absurdly_large_number_is_refused_next_to_its_field_by_the_api(world, field):
    # given a clerk creating a budget
    client = _client(world.users["clerk"])
    # when a number far past any real figure (and past the database column) is sent
    response = client.post(reverse("api:budget-create"), _budget(**{field: 462381250395345024}),
                           content_type="application/json")
    # then it is refused next to that field, and no budget was created
    assert response.status_code == 400
    assert response.json()["fields"][field][0]


def test_an_absurdly_large_amount_is_refused_next_to_its_field_on_the_web_form(world):
    # given a clerk on the budget creation form
    client = _client(world.users["clerk"])
    # when the envelope and the points are absurd
    response = client.post(reverse("budgets_web:budget_new"), {
        "year": 2027, "title": "Budget des Cévennes", "envelope_cents": "99999999999999999",
        "ballot_kind": "cumulative", "points_total": "462381250395345024", "min_projects": 0,
        "rule": "greedy", "min_age": 16, "residence": "town"})
    # then the form comes back with a message next to each field
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["envelope_cents"] and form.errors["points_total"]


def test_a_nul_byte_in_a_neighbourhood_code_is_refused_next_to_its_field(world):
    # given a clerk registering a resident at the counter
    client = _client(world.users["clerk"])
    # when the neighbourhood code carries a NUL byte (PostgreSQL refuses those in a query)
    response = client.post(reverse("api:resident-register"), {
        "first_name": "Léa", "last_name": "Martin", "date_of_birth": "1990-04-02",
        "neighbourhood": "centre\x00ville"}, content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["fields"]["neighbourhood"][0]


@pytest.mark.parametrize(("parameter", "value"), [("search", "Mar\x00tin"),
                                                  ("verification_status", "\x00"),
                                                  ("verification_status", "pirate"),
                                                  ("search", "x" * 101)])
def test_a_bad_query_parameter_is_refused_by_name(world, parameter, value):
    # given a clerk searching residents at the counter
    client = _client(world.users["clerk"])
    # when a parameter holds a NUL byte, an unknown status or too long a text
    response = client.get(reverse("api:resident-list"), {parameter: value})
    # then the answer is a 400 naming that parameter, not a server error
    assert response.status_code == 400
    assert response.json()["fields"][parameter][0]


def _nul_code_cases(world):
    """(who, route, body, field): every input that names an object by its code or slug."""
    commission = {"kind": "extra_municipal", "name": "Mobilités", "chair":
                  world.users["councillor"].pk, "mandate_start": "2026-04-01",
                  "mandate_end": "2032-03-31", "neighbourhood": "centre\x00ville"}
    meeting = {"commission": world.commission.slug + "\x00", "title": "Séance", "place": "Mairie",
               "starts_at": "2030-03-12T18:30:00+01:00"}
    return [
        ("same", "api:initiative-list", _initiative() | {"neighbourhood": "\x00"},
         "neighbourhood"),
        ("clerk", "api:budget-create", _budget(neighbourhood="centre\x00ville"), "neighbourhood"),
        ("clerk", "api:commissions-commission-create", commission, "neighbourhood"),
        ("clerk", "api:commissions-meeting-create", meeting, "commission"),
        ("clerk", "api:commissions-consultation-create",
         {"commission": world.commission.slug, "title": "Horaires", "audience": "town",
          "neighbourhood": "\x00", "closes_on": "2030-06-10"}, "neighbourhood"),
        ("clerk", "api:commissions-consultation-create",
         {"commission": "\x00", "title": "Horaires", "audience": "town",
          "closes_on": "2030-06-10"}, "commission"),
    ]


def test_a_nul_byte_in_any_code_or_slug_is_refused_next_to_its_field(world):
    for who, route, body, field in _nul_code_cases(world):
        # given the right account for the form
        client = _client(world.users[who])
        # when the code or slug naming an object holds a NUL byte
        response = client.post(reverse(route), body, content_type="application/json")
        # then it is refused on that field (PostgreSQL would refuse the lookup itself)
        assert response.status_code == 400, (route, response.status_code)
        assert response.json()["fields"][field][0], route


@pytest.mark.parametrize(("field", "value"), [("min_promoters", 10**9),
                                              ("threshold_absolute", 10**12),
                                              ("population_override", 10**12)])
def test_an_absurd_charter_figure_is_refused_next_to_its_field(world, field, value):
    # given an administrator publishing a new version of the initiatives charter
    client = _client(world.users["administrator"])
    # when one of its figures is absurd
    response = client.post(reverse("api:initiative-charter-list"),
                           {"name": "Charte 2027", field: value},
                           content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["fields"][field][0]
