import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from budgets.models import Ballot, Implementation, ParticipatoryBudget, Proposal
from budgets.tests.factories import BudgetFactory, DebateFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 140, 60)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_clerk_creates_a_budget_and_a_second_one_for_the_same_neighbourhood_conflicts(
        clerk, neighbourhood):
    # given
    body = {"year": 2026, "neighbourhood": neighbourhood.code, "title": "BP Centre-ville 2026",
            "envelope_cents": 15_000_000, "ballot_kind": "knapsack", "rule": "mes-completed"}
    # when
    created = api(clerk).post("/api/v1/budgets/create/", body, format="json")
    again = api(clerk).post("/api/v1/budgets/create/", body, format="json")
    # then
    assert created.status_code == 201 and created.json()["status"] == "preparation"
    assert again.status_code == 409 and again.json()["code"] == "budget_exists"
    assert ParticipatoryBudget.objects.count() == 1


def test_a_resident_cannot_create_a_budget(resident):
    # when
    response = api(resident.user).post("/api/v1/budgets/create/", {}, format="json")
    # then
    assert response.status_code == 403


def test_ballot_cast_api_returns_a_receipt_found_in_the_published_list(resident, voting_budget,
                                                                       projects):
    # given
    client = api(resident.user)
    # when
    cast = client.post(f"/api/v1/budgets/{voting_budget.pk}/ballot/cast/",
                       {"choices": [{"proposal": projects[0].pk}]}, format="json")
    receipt = cast.json()["receipt"]
    listed = api().get(f"/api/v1/budgets/{voting_budget.pk}/receipts/")
    checked = api().get(f"/api/v1/budgets/{voting_budget.pk}/receipts/{receipt}/")
    mine = client.get(f"/api/v1/budgets/{voting_budget.pk}/ballot/")
    # then
    assert cast.status_code == 200
    assert listed.json() == {"count": 1, "receipts": [receipt]}
    assert checked.json()["found"] is True
    assert cast.json()["choices"] == [{"proposal": projects[0].pk, "points": 1}]
    assert mine.json() == {"receipt": receipt, "voted": True}


def test_bad_ballots_get_a_code_and_a_french_message_per_field(resident, voting_budget,
                                                               projects):
    # given
    client = api(resident.user)
    url = f"/api/v1/budgets/{voting_budget.pk}/ballot/cast/"
    # when
    too_many = client.post(url, {"choices": [{"proposal": p.pk} for p in projects]
                                 + [{"proposal": 424242}]}, format="json")
    unknown = client.post(url, {"choices": [{"proposal": 424242}]}, format="json")
    twice = client.post(url, {"choices": [{"proposal": projects[0].pk}] * 2}, format="json")
    # then
    assert too_many.status_code == 400 and too_many.json()["code"] == "too_many_projects"
    assert "au plus 3 projets" in too_many.json()["fields"]["choices"][0]
    assert unknown.json()["code"] == "unknown_project"
    assert twice.json()["code"] == "invalid"
    assert not Ballot.objects.exists()


def test_an_ineligible_voter_gets_403_with_the_reason(unverified_resident, voting_budget,
                                                      projects):
    # when
    response = api(unverified_resident.user).post(
        f"/api/v1/budgets/{voting_budget.pk}/ballot/cast/",
        {"choices": [{"proposal": projects[0].pk}]}, format="json")
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_verified"


def test_voting_after_close_is_a_409(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, results=True)
    project = ProposalFactory(budget=budget, feasible=True)
    # when
    response = api(resident.user).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/",
                                       {"choices": [{"proposal": project.pk}]}, format="json")
    # then
    assert response.status_code == 409 and response.json()["code"] == "voting_closed"


def test_a_single_clerk_cannot_record_a_paper_ballot_through_the_cast_route(
        clerk, resident, voting_budget, projects):
    # when a clerk names a resident on the ordinary cast route (no second clerk to agree)
    response = api(clerk).post(f"/api/v1/budgets/{voting_budget.pk}/ballot/cast/",
                               {"choices": [{"proposal": projects[1].pk}],
                                "voter_email": resident.user.email}, format="json")
    # then it is refused, pointing to the double entry, and no ballot exists for anyone
    assert response.status_code == 400
    assert "paper-ballots" in response.json()["fields"]["voter_email"][0]
    assert not Ballot.objects.exists()


def test_proposal_submit_with_photo_then_review_through_the_api(resident, clerk, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    photo = SimpleUploadedFile("jardin.png", PNG, content_type="image/png")
    # when
    submitted = api(resident.user).post(
        f"/api/v1/budgets/{budget.pk}/proposals/submit/",
        {"title": "Jardin partagé", "description": "Des bacs.", "estimated_cost_cents": 900_000,
         "photo": photo}, format="multipart")
    pk = submitted.json()["id"]
    reviewed = api(clerk).post(f"/api/v1/budget-proposals/{pk}/review/",
                               {"feasible": True, "reason": "Terrain disponible.",
                                "cost_cents": 1_100_000}, format="json")
    # then
    assert submitted.status_code == 201
    assert Proposal.objects.get().photo.name.endswith(".png")
    # (a link a client can follow as is: absolute, as the schema's `uri` format says)
    assert submitted.json()["photo"].startswith("http://testserver/media/")
    assert reviewed.json()["status"] == "feasible"
    assert reviewed.json()["cost_cents"] == 1_100_000


def test_a_photo_that_is_not_an_image_is_refused(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    # when
    response = api(resident.user).post(
        f"/api/v1/budgets/{budget.pk}/proposals/submit/",
        {"title": "Banc", "description": "Un banc.", "estimated_cost_cents": 50_000,
         "photo": fake}, format="multipart")
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_file_type"
    assert "fields" in response.json() and "photo" in response.json()["fields"]


def test_a_photo_with_an_image_header_but_damaged_content_is_refused(resident, neighbourhood):
    # given an 8-byte file that starts like a PNG and holds nothing else
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    broken = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    # when
    response = api(resident.user).post(
        f"/api/v1/budgets/{budget.pk}/proposals/submit/",
        {"title": "Banc", "description": "Un banc.", "estimated_cost_cents": 50_000,
         "photo": broken}, format="multipart")
    # then it is refused on the photo field, and nothing is stored
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_image"
    assert "photo" in response.json()["fields"]
    assert not Proposal.objects.exists()


def test_debate_csv_import_reports_errors_by_line_number(clerk):
    # given
    debate = DebateFactory(year=2030)
    bad = ("Chapitre;Libellé chapitre;Article;Libellé;Montant\n"
           "011;Charges générales;60612;Électricité;1 234,5\n"
           "011;Charges générales;60612;Électricité bis;12\n"
           ";Sans code;6068;Fournitures;-3\n")
    # when
    response = api(clerk).post(
        f"/api/v1/budget-debates/{debate.pk}/import/",
        {"file": SimpleUploadedFile("b.csv", bad.encode())}, format="multipart")
    # then
    assert response.status_code == 400
    errors = response.json()["fields"]["file"]
    assert errors[0].startswith("Ligne 3") and "deux fois" in errors[0]
    assert errors[1].startswith("Ligne 4") and "Chapitre" in errors[1]
    assert "négatif" in errors[1]


def test_openapi_schema_documents_the_budgets_operations(client):
    # when
    response = client.get("/api/schema/")
    # then
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/v1/budgets/{id}/ballot/cast/", "/api/v1/budgets/{id}/ballots.pb",
                 "/api/v1/budget-debates/{id}/import/", "/api/v1/budgets/{id}/tally/run/"):
        assert path in text


def test_a_milestone_photo_comes_back_as_an_absolute_link(clerk, neighbourhood):
    # given a winning project being carried out
    budget = BudgetFactory(neighbourhood=neighbourhood, implementation=True)
    project = ProposalFactory(budget=budget, feasible=True)
    Implementation.objects.create(proposal=project)
    photo = SimpleUploadedFile("chantier.png", PNG, content_type="image/png")
    # when a clerk adds a dated milestone with a photo
    response = api(clerk).post(f"/api/v1/budget-proposals/{project.pk}/milestones/",
                               {"title": "Chantier lancé", "happened_on": "2027-03-02",
                                "photo": photo}, format="multipart")
    # then the photo's link is absolute, in the answer and in the follow-up
    assert response.status_code == 201
    assert response.json()["photo"].startswith("http://testserver/media/budgets/milestones/")
    follow_up = api().get(f"/api/v1/budget-proposals/{project.pk}/implementation/").json()
    assert follow_up["milestones"][0]["photo"] == response.json()["photo"]


def test_the_author_withdraws_her_project_through_the_api_and_only_she_still_reads_it(
        neighbourhood, resident):
    # given her project while the budget takes projects
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    project = ProposalFactory(budget=budget)
    # when someone else tries, then she does
    refused = api(resident.user).post(f"/api/v1/budget-proposals/{project.pk}/withdraw/")
    done = api(project.author).post(f"/api/v1/budget-proposals/{project.pk}/withdraw/")
    # then
    assert refused.status_code == 403
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    listed = api().get(f"/api/v1/budgets/{budget.pk}/proposals/").json()
    assert project.pk not in [p["id"] for p in listed.get("results", listed)]
    assert api().get(f"/api/v1/budget-proposals/{project.pk}/").status_code == 404
    assert api(project.author).get(f"/api/v1/budget-proposals/{project.pk}/").status_code == 200
    again = api(project.author).post(f"/api/v1/budget-proposals/{project.pk}/withdraw/")
    assert again.status_code == 409 and again.json()["code"] == "already_withdrawn"
