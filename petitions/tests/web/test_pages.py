from datetime import timedelta

import pytest
from django.utils import timezone

from civic.models import CouncilSession
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative
from petitions.tests.factories import CitizenInitiativeFactory, SignatureFactory

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status


def test_browse_page_filters_by_state_and_words_and_hides_drafts(client, charter):
    # given a draft, a collecting and an answered initiative
    CitizenInitiativeFactory(charter=charter, title="Brouillon discret")
    CitizenInitiativeFactory(charter=charter, collecting=True, title="Des fontaines à Rochebelle")
    CitizenInitiativeFactory(charter=charter, answered=True, title="Piste cyclable du Gardon")
    # when a visitor browses, then filters
    everything = client.get("/initiatives/").content.decode()
    collecting = client.get("/initiatives/?status=collecting").content.decode()
    words = client.get("/initiatives/?q=cyclable").content.decode()
    # then
    assert "Brouillon discret" not in everything and "Des fontaines" in everything
    assert "Piste cyclable" not in collecting and "Des fontaines" in collecting
    assert "Piste cyclable" in words and "Des fontaines" not in words


def test_public_page_shows_progress_public_names_and_escapes_user_text(client, charter):
    # given a collecting initiative whose title contains markup, and a signer showing his name
    initiative = CitizenInitiativeFactory(charter=charter, collecting=True,
                                          title="<script>alert(1)</script> Bancs")
    SignatureFactory(initiative=initiative, show_name=True,
                     resident=ResidentFactory(user__first_name="Rachid", user__last_name="Amrani"))
    CitizenInitiative.objects.filter(pk=initiative.pk).update(signature_count=1)
    # when
    page = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    # then
    assert "&lt;script&gt;" in page and "<script>alert(1)" not in page
    assert '<progress class="progress" max="3" value="1"' in page
    assert "Rachid Amrani" in page


def test_a_draft_page_is_hidden_from_visitors(client, draft):
    # given / when / then
    assert client.get(f"/initiatives/{draft.pk}/").status_code == 404


def test_signing_from_the_page_counts_and_refusals_are_shown_without_error_page(
    client, collecting
):
    # given a verified and an unverified resident
    signer, unverified = ResidentFactory(), ResidentFactory(unverified=True)
    # when each signs from the page
    client.force_login(signer.user)
    signed = client.post(f"/initiatives/{collecting.pk}/signer/", {"show_name": "on"},
                         follow=True)
    client.force_login(unverified.user)
    refused = client.post(f"/initiatives/{collecting.pk}/signer/", {}, follow=True)
    # then the first counts, the second is back on the initiative's page with the reason
    collecting.refresh_from_db()
    assert signed.status_code == 200 and collecting.signature_count == 1
    assert refused.redirect_chain == [(f"/initiatives/{collecting.pk}/", 302)]
    assert refused.content.decode().count("pas encore vérifié") == 1


def test_starting_an_initiative_shows_field_errors_then_opens_the_promoter_workshop(
    client, charter, resident
):
    # given a logged-in resident
    client.force_login(resident.user)
    # when the form is sent empty, then complete
    empty = client.post("/initiatives/nouvelle/", {"title": ""})
    made = client.post("/initiatives/nouvelle/", {
        "title": "Gratuité des transports Ales'y pour les moins de 18 ans",
        "reasons": "Les familles modestes renoncent aux activités.",
        "operative_text": "Le conseil municipal demande à Alès Agglomération la gratuité."})
    # then errors are shown next to the fields, and the draft is created
    assert empty.status_code == 400 and "errorlist" in empty.content.decode()
    initiative = CitizenInitiative.objects.get()
    assert made.status_code == 302 and made.url == f"/initiatives/{initiative.pk}/modifier/"
    workshop = client.get(made.url).content.decode()
    assert "Version 1" in workshop


def test_submitting_with_too_few_promoters_explains_why(client, draft, resident):
    # given a draft with only its lead
    client.force_login(resident.user)
    # when / then
    response = client.post(f"/initiatives/{draft.pk}/deposer/", follow=True)
    assert response.redirect_chain == [(f"/initiatives/{draft.pk}/modifier/", 302)]
    assert "porteurs confirmés" in response.content.decode()


def test_staff_pages_are_refused_to_residents(client, resident, collecting):
    # given / when / then
    client.force_login(resident.user)
    for url in ("/initiatives/agents/", f"/initiatives/agents/{collecting.pk}/signatures/",
                f"/initiatives/agents/{collecting.pk}/signatures.csv", "/initiatives/conseil/"):
        assert client.get(url).status_code == 403


def test_clerk_records_a_paper_signature_and_exports_the_csv(client, clerk, collecting):
    # given a resident who signed on paper
    signer = ResidentFactory(user__email="paulette@exemple.fr")
    client.force_login(clerk)
    # when the clerk enters it, then the same person again (no longer offered)
    client.post(f"/initiatives/agents/{collecting.pk}/signatures/", {"signer": signer.user.pk})
    again = client.post(f"/initiatives/agents/{collecting.pk}/signatures/",
                        {"signer": signer.user.pk})
    export = client.get(f"/initiatives/agents/{collecting.pk}/signatures.csv")
    # then it counts once, the second is refused next to the field, the CSV lists it
    collecting.refresh_from_db()
    assert collecting.signature_count == 1
    assert again.status_code == 400
    assert "Cette personne ne peut pas être choisie ici." in again.content.decode()
    assert "paulette@exemple.fr" in export.content.decode("utf-8-sig")


def test_council_screen_lists_overdue_initiatives_and_the_vote_form_rejects_bad_counts(
    client, clerk, charter, council
):
    # given an initiative overdue against the charter's clock, and a planned session
    late = CitizenInitiativeFactory(charter=charter, threshold_reached=True,
                                    schedule_due_by=timezone.localdate() - timedelta(days=2))
    session = CouncilSession.objects.create(council=council,
                                            starts_at=timezone.now() + timedelta(days=3))
    client.force_login(clerk)
    # when the clerk opens the council screen and schedules it
    screen = client.get("/initiatives/conseil/").content.decode()
    client.post(f"/initiatives/conseil/{late.pk}/inscrire/", {"session": session.pk})
    bad = client.post(f"/initiatives/conseil/{late.pk}/vote/", {
        "outcome": "adopted", "votes_for": 2, "votes_against": 30, "abstentions": 0,
        "reference": "DEL-1", "text": "t", "decided_at": "2026-06-01T18:00"})
    # then it was flagged overdue, is scheduled, and the bad vote is refused next to the field
    assert "en retard" in screen
    late.refresh_from_db()
    assert late.status == S.SCHEDULED
    assert bad.status_code == 400 and "plus de voix pour que contre" in bad.content.decode()


def test_charter_page_publishes_a_new_version_for_administrators_only(
    client, charter, administrator, resident
):
    # given the current charter's values
    fields = {"name": "Charte révisée", "min_promoters": 4, "threshold_kind": "absolute",
              "threshold_absolute": 900, "threshold_share_percent": "2",
              "population_override": "", "min_signer_age": 16, "collection_days": 120,
              "council_days": 60, "yearly_signature_limit": 8}
    # when a resident, then an administrator, posts a new version
    client.force_login(resident.user)
    client.post("/initiatives/charte/", fields)
    client.force_login(administrator)
    client.post("/initiatives/charte/", fields)
    # then only the administrator's version was published, and the page shows it
    page = client.get("/initiatives/charte/").content.decode()
    assert "Charte révisée" in page and "900" in page
    assert charter.__class__.objects.filter(name="Charte révisée").count() == 1


def test_vote_form_shows_counts_beyond_the_seats_next_to_the_field(client, clerk, charter):
    # given an initiative on the agenda of a session that opened an hour ago
    initiative = CitizenInitiativeFactory(charter=charter, scheduled=True)
    CouncilSession.objects.filter(pk=initiative.agenda_item.session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1))
    client.force_login(clerk)
    # when the clerk types 40 for, 10 against on a council of 45 seats
    response = client.post(f"/initiatives/conseil/{initiative.pk}/vote/", {
        "outcome": "adopted", "votes_for": 40, "votes_against": 10, "abstentions": 0,
        "reference": "DEL-7", "text": "Adoptée.",
        "decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    # then the form comes back with the error next to the count, and nothing is recorded
    assert response.status_code == 400
    assert "45" in response.context["form"].errors["votes_for"][0]
    assert 'id="id_votes_for_error"' in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == S.SCHEDULED


def test_the_initiative_page_shows_a_rectified_vote_with_its_date_and_reason(
    client, clerk, charter
):
    # given a voted initiative whose decision a clerk rectified
    from civic.services.council import council_decision_correct
    from petitions.selectors import initiative_decision

    initiative = CitizenInitiativeFactory(charter=charter, voted=True)
    decision = initiative_decision(initiative)
    assert decision is not None
    council_decision_correct(decision=decision, actor=clerk,
                             votes_for=31, votes_against=9, reason="Deux voix mal attribuées.")
    # when a visitor opens the initiative
    page = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    # then the corrected vote shows, with when and why it was rectified
    day = timezone.localdate()
    assert "31 pour, 9 contre" in page
    assert f"Rectifiée le {day.day} " in page and "Deux voix mal attribuées." in page
