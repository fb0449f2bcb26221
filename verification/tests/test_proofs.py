"""Proofs of address online: upload, the clerks' queue, the decision told to the resident,
the documents deleted; never served to anyone but clerks."""

import html
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civic import roles
from civic.errors import DomainError, NotPermitted
from civic.models import Notification
from civic.services.residents import SameClerk, resident_register
from civic.tests.factories import NeighbourhoodFactory
from verification.models import AddressProof, FranceConnectLink
from verification.services.proofs import address_proof_review, address_proof_submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture
def ines():
    """Inès, 16, not on the electoral roll, signed up online."""
    return resident_register(email="ines@exemple.fr", password="motdepasse-solide-42",
                             first_name="Inès", last_name="Haddad", neighbourhood=None,
                             date_of_birth=date(2010, 3, 4))


def _submit(resident, **extra):
    quarter = NeighbourhoodFactory(code="tamaris", name="Tamaris")
    return address_proof_submit(
        resident=resident, postal_address="8 rue de Tamaris, 30100 Alès", neighbourhood=quarter,
        address_document=SimpleUploadedFile("facture.pdf", PDF),
        identity_document=SimpleUploadedFile("carte.jpg", JPEG), **extra)


def test_a_clerk_accepts_a_proof_the_resident_is_verified_told_and_the_files_deleted(
        ines, clerk, django_capture_on_commit_callbacks):
    # given Inès sent a proof of address and her identity card
    proof = _submit(ines)
    storage = proof.address_document.storage
    names = [proof.address_document.name, proof.identity_document.name]
    assert all(storage.exists(name) for name in names)
    # when a clerk accepts it
    with django_capture_on_commit_callbacks(execute=True):
        address_proof_review(proof=proof, clerk=clerk, accept=True, birthplace="Alès")
    # then she is verified by document, at the neighbourhood and address she gave
    ines.refresh_from_db()
    assert ines.is_verified and ines.verification_method == "document"
    assert ines.verified_by == clerk
    assert (ines.neighbourhood.code, ines.postal_address) == ("tamaris",
                                                              "8 rue de Tamaris, 30100 Alès")
    # and she is told (in the app and by e-mail, through the outbox)
    told = Notification.objects.filter(recipient=ines.user, kind="address_proof_reviewed")
    assert {n.channel for n in told} == {"in_app", "email"}
    assert told.first().subject == "Votre compte est vérifié"
    # and the documents are gone from the storage and from the row
    assert not any(storage.exists(name) for name in names)
    proof.refresh_from_db()
    assert not proof.address_document and not proof.identity_document


def test_a_refusal_needs_a_reason_which_is_sent_to_the_resident(
        ines, clerk, django_capture_on_commit_callbacks):
    # given a proof
    proof = _submit(ines)
    # when a clerk refuses it without a reason, then with one
    with pytest.raises(DomainError) as refused:
        address_proof_review(proof=proof, clerk=clerk, accept=False)
    assert refused.value.code == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        address_proof_review(proof=proof, clerk=clerk, accept=False,
                             reason="La facture a plus de trois mois.")
    # then she stays unverified and the message gives the reason
    ines.refresh_from_db()
    assert not ines.is_verified
    told = Notification.objects.get(recipient=ines.user, channel="in_app")
    assert "La facture a plus de trois mois." in told.body
    assert not AddressProof.objects.get(pk=proof.pk).address_document


def test_a_file_is_recognised_by_its_content_not_its_name(ines):
    # when a web page named like a PDF is sent
    quarter = NeighbourhoodFactory(code="tamaris")
    with pytest.raises(DomainError) as refused:
        address_proof_submit(
            resident=ines, postal_address="8 rue de Tamaris", neighbourhood=quarter,
            address_document=SimpleUploadedFile("facture.pdf", b"<html><script>x</script>"),
            identity_document=SimpleUploadedFile("carte.jpg", JPEG))
    # then it is refused next to its field, and nothing is stored
    assert (refused.value.code, refused.value.field) == ("file_type_refused", "address_document")
    assert not AddressProof.objects.exists()


def test_an_identity_document_is_needed_unless_franceconnect_vouched(ines):
    quarter = NeighbourhoodFactory(code="tamaris")
    # when Inès sends only a proof of address
    with pytest.raises(DomainError) as refused:
        address_proof_submit(resident=ines, postal_address="8 rue", neighbourhood=quarter,
                             address_document=SimpleUploadedFile("f.pdf", PDF),
                             identity_document=None)
    assert refused.value.code == "identity_document_required"
    # and once FranceConnect vouched for her identity, the proof of address is enough
    FranceConnectLink.objects.create(user=ines.user, sub="x", family_name="Haddad",
                                     given_names="Inès", birthdate=date(2010, 3, 4))
    proof = address_proof_submit(resident=ines, postal_address="8 rue", neighbourhood=quarter,
                                 address_document=SimpleUploadedFile("f.pdf", PDF),
                                 identity_document=None)
    assert proof.status == "pending" and not proof.identity_document


def test_the_clerk_who_registered_an_account_at_the_counter_does_not_verify_it(clerk):
    # given an account the clerk registered at the counter, with a proof sent online
    registered = resident_register(email="r@exemple.fr", password=None, first_name="Rémi",
                                   last_name="Roux", neighbourhood=None,
                                   date_of_birth=date(1980, 1, 1), registered_by=clerk)
    proof = _submit(registered)
    # when that clerk accepts it
    with pytest.raises(SameClerk):
        address_proof_review(proof=proof, clerk=clerk, accept=True)
    # then four eyes hold: the account stays unverified
    registered.refresh_from_db()
    assert not registered.is_verified


def test_a_clerk_cannot_review_their_own_proof():
    # given a clerk who is also a resident of the town and sent a proof
    own = resident_register(email="agent-habitante@exemple.fr", password=None,
                            first_name="Agnès", last_name="Agent", neighbourhood=None,
                            date_of_birth=date(1980, 1, 1))
    roles.grant_role(own.user, roles.Role.CLERK)
    proof = _submit(own)
    # when she reviews it herself
    with pytest.raises(NotPermitted) as refused:
        address_proof_review(proof=proof, clerk=own.user, accept=True)
    # then it is refused: another clerk must
    assert refused.value.code == "own_proof"


def test_documents_are_served_to_clerks_only_and_never_cached(client, ines, clerk):
    # given a pending proof
    proof = _submit(ines)
    url = reverse("verification:proof_document", kwargs={"pk": proof.pk, "kind": "adresse"})
    # then the resident herself, and anonymous visitors, cannot read it
    assert client.get(url).status_code == 302
    client.force_login(ines.user)
    assert client.get(url).status_code == 403
    # and a clerk gets it, as a PDF that is not cached and cannot run as a page
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"].startswith("sandbox")
    # and once reviewed, it is gone
    address_proof_review(proof=proof, clerk=clerk, accept=False, reason="Illisible.")
    assert client.get(url).status_code == 404


def test_the_pages_take_a_proof_from_the_resident_to_the_clerk(client, ines, clerk):
    # given Inès logged in
    NeighbourhoodFactory(code="tamaris", name="Tamaris")
    client.force_login(ines.user)
    # when she sends her documents on the page
    response = client.post(reverse("verification:proof_submit"), {
        "address_document": SimpleUploadedFile("facture.pdf", PDF),
        "identity_document": SimpleUploadedFile("carte.jpg", JPEG),
        "postal_address": "8 rue de Tamaris", "neighbourhood": NeighbourhoodFactory(
            code="tamaris").pk}, follow=True)
    assert "Vos documents sont envoyés" in html.unescape(response.content.decode())
    # then a clerk finds it in the queue and accepts it
    client.force_login(clerk)
    queue = html.unescape(client.get(reverse("verification:proofs")).content.decode())
    assert "Examiner — Inès Haddad" in queue
    proof = AddressProof.objects.get()
    done = client.post(reverse("verification:proof_review", kwargs={"pk": proof.pk}),
                       {"decision": "accept", "neighbourhood": proof.neighbourhood_id},
                       follow=True)
    assert "Décision enregistrée" in html.unescape(done.content.decode())
    ines.refresh_from_db()
    assert ines.is_verified
