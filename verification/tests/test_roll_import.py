"""The electoral roll: `roll_import` and the clerks' upload page."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from civic.models import AuditEntry
from civic.tests.factories import ResidentFactory
from verification.models import RollClaim, RollEntry, RollImport
from verification.services.roll import RollAlreadyClaimed, roll_claim, roll_import
from verification.tests.factories import SAMPLE, roll_file, sample_roll, town_neighbourhoods

pytestmark = pytest.mark.django_db

FATIMA = ("100000001;Benali;;Fatima Zohra;F;12/05/1961;Oran (Algérie);99352;12 rue d'Avéjan;"
          "30100;Alès;centre-ville")
LUCAS = "100000004;Teissier;;Lucas;M;30/06/2006;Alès;30007;2 place Saint-Jean;30100;Alès;rochebelle"


def test_roll_import_command_loads_the_sample_file(capsys):
    # given the town's neighbourhoods
    town_neighbourhoods()
    # when the sample of docs/samples is imported
    call_command("roll_import", str(SAMPLE))
    # then its four electors are on the roll, found under birth and usage names
    assert "4 inscrits ; 4 arrivée(s), 0 départ(s), 0 modification(s)." in capsys.readouterr().out
    elodie = RollEntry.objects.get(elector_id="100000002")
    assert (elodie.birth_prefix, elodie.usage_prefix) == ("martin|elodie|1988-02-03|",
                                                          "durand|elodie|1988-02-03|")
    assert elodie.address == "4 avenue Carnot, bât. B\n30100 Alès"
    assert elodie.neighbourhood.code == "pres-saint-jean"


def test_a_malformed_file_names_each_bad_line_and_changes_nothing(capsys):
    # given the sample imported
    sample_roll()
    before = list(RollEntry.objects.order_by("pk").values_list("elector_id", "address"))
    # when a file with a bad date (line 3), an unknown neighbourhood and a missing field
    # (line 4) and a duplicate id (line 5) is imported
    bad = roll_file(
        FATIMA.replace("12 rue d'Avéjan", "3 rue Neuve"),
        "100000009;Roux;;Jean;M;31/02/1950;Nîmes;30189;7 chemin;30100;Alès;cauvel-royale",
        "100000010;Vidal;;;M;01/01/1950;Nîmes;30189;7 chemin;30100;Alès;la-lune",
        LUCAS.replace("100000004", "100000001"),
    )
    path = SAMPLE.with_name("bad.csv")
    try:
        path.write_bytes(bad)
        with pytest.raises(CommandError, match="3 ligne\\(s\\) en erreur"):
            call_command("roll_import", str(path))
    finally:
        path.unlink()
    # then each bad line is named with its problem, and the roll is as it was
    errors = capsys.readouterr().err
    assert "ligne 3 : date de naissance « 31/02/1950 » : attendu JJ/MM/AAAA." in errors
    assert "ligne 4 : « prenoms » est vide ; quartier « la-lune » inconnu" in errors
    assert "ligne 5 : identifiant 100000001 déjà présent ligne 2." in errors
    assert list(RollEntry.objects.order_by("pk").values_list("elector_id", "address")) == before
    assert RollImport.objects.count() == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"identifiant;nom_naissance\n1;X\n", "ligne 1 : colonne(s) manquante(s) : prenoms"),
    ("identifiant;nom\n".encode("utf-16"), "caractère illisible"),
    (roll_file(FATIMA.replace(";F;", ";X;")), "ligne 2 : sexe « X » : F, M ou vide."),
    (roll_file(FATIMA.replace("30100;Alès", "301;Alès")), "ligne 2 : code postal « 301 »"),
    (roll_file(FATIMA + ";en trop"), "ligne 2 : 13 champs au lieu de 12"),
    (roll_file(FATIMA.replace("12/05/1961", "12/05/2961")), "ligne 2 : date de naissance"),
])
def test_each_kind_of_bad_line_is_named(content, message):
    # given the neighbourhoods
    town_neighbourhoods()
    # when the file is imported
    with pytest.raises(Exception) as refused:
        roll_import(data=content, file_name="liste.csv", imported_by=None)
    # then the message names the line and the problem, and nothing was imported
    assert message in str(refused.value)
    assert not RollEntry.objects.exists()


def test_a_reimport_replaces_the_roll_and_reports_who_left_and_who_arrived(capsys):
    # given the sample imported, and Fatima verified through her entry
    sample_roll()
    fatima = ResidentFactory()
    RollClaim.objects.create(entry=RollEntry.objects.get(elector_id="100000001"),
                             resident=fatima, method="franceconnect")
    lucas_claim = ResidentFactory()
    RollClaim.objects.create(entry=RollEntry.objects.get(elector_id="100000004"),
                             resident=lucas_claim, method="letter")
    # when a new extract comes: Fatima moved within town, the two others left, Lucas stayed,
    # and Yanis arrived
    new = roll_file(
        FATIMA.replace("12 rue d'Avéjan;30100;Alès;centre-ville",
                       "5 rue Pasteur;30100;Alès;rochebelle"),
        LUCAS,
        "100000005;Haddad;;Yanis;M;14/09/2000;Marseille;13055;9 rue Vauban;30100;Alès;centre-ville",
    )
    path = SAMPLE.with_name("nouvelle.csv")
    try:
        path.write_bytes(new)
        call_command("roll_import", str(path))
    finally:
        path.unlink()
    # then the report names who left and who arrived, and the changes are applied
    out = capsys.readouterr().out
    assert "3 inscrits ; 1 arrivée(s), 2 départ(s), 1 modification(s)." in out
    assert "arrivé : HADDAD Yanis (100000005)" in out
    assert "parti : MARTIN (DURAND) Élodie Marie (100000002)" in out
    assert "parti : ROUX Jean-Pierre Marcel (100000003)" in out
    moved = RollEntry.objects.get(elector_id="100000001")
    assert moved.neighbourhood.code == "rochebelle"
    # and the claims of those who stayed survive the import
    assert RollClaim.objects.get(resident=fatima).entry == moved
    assert RollClaim.objects.filter(resident=lucas_claim).exists()
    audit = AuditEntry.objects.filter(verb="roll.imported").order_by("pk").last()
    assert (audit.data["arrived"], audit.data["left"], audit.data["changed"]) == (1, 2, 1)


def test_the_import_reports_verified_residents_whose_entry_left(capsys):
    # given Élodie verified through her entry
    sample_roll()
    elodie = ResidentFactory(user__first_name="Élodie", user__last_name="Martin")
    RollClaim.objects.create(entry=RollEntry.objects.get(elector_id="100000002"),
                             resident=elodie, method="letter")
    # when an extract without her is imported
    report = roll_import(data=roll_file(FATIMA), file_name="liste.csv", imported_by=None)
    # then the report lists her for the clerks; her verification itself is left alone
    assert report.verified_left == [elodie]
    elodie.refresh_from_db()
    assert elodie.is_verified


def test_nobody_can_claim_a_roll_entry_twice():
    # given an entry claimed by one resident
    sample_roll()
    entry = RollEntry.objects.get(elector_id="100000001")
    first, second = ResidentFactory(), ResidentFactory()
    roll_claim(entry=entry, resident=first, method="letter")
    # when another resident claims it, through the service or straight in the database
    with pytest.raises(RollAlreadyClaimed):
        roll_claim(entry=entry, resident=second, method="letter")
    with pytest.raises(IntegrityError), transaction.atomic():
        RollClaim.objects.create(entry=entry, resident=second, method="letter")
    # then the database keeps the first claim only; nor can one resident claim two entries
    with pytest.raises(IntegrityError), transaction.atomic():
        RollClaim.objects.create(entry=RollEntry.objects.get(elector_id="100000002"),
                                 resident=first, method="letter")
    assert list(RollClaim.objects.values_list("resident", flat=True)) == [first.pk]


def test_a_clerk_imports_the_roll_on_the_upload_page(client, clerk):
    # given the neighbourhoods and a clerk
    town_neighbourhoods()
    client.force_login(clerk)
    # when the clerk uploads the sample
    response = client.post(reverse("verification:roll"), {
        "file": SimpleUploadedFile("liste.csv", SAMPLE.read_bytes(), "text/csv")})
    # then the page reports the import, recorded under the clerk's name
    assert response.status_code == 200
    assert "4 inscrits ; 4 arrivée(s), 0 départ(s), 0 modification(s)." in html.unescape(
        response.content.decode())
    assert RollImport.objects.get().imported_by == clerk


def test_the_upload_page_lists_the_bad_lines_and_keeps_the_roll(client, clerk):
    # given the sample imported
    sample_roll()
    client.force_login(clerk)
    # when the clerk uploads a file with a bad line
    response = client.post(reverse("verification:roll"), {"file": SimpleUploadedFile(
        "liste.csv", roll_file(FATIMA.replace("centre-ville", "nulle-part")))})
    # then the page names it and the roll keeps its four electors
    assert response.status_code == 400
    assert "ligne 2 : quartier « nulle-part » inconnu" in html.unescape(response.content.decode())
    assert RollEntry.objects.count() == 4


def test_residents_cannot_open_the_roll_page(client, resident):
    client.force_login(resident.user)
    assert client.get(reverse("verification:roll")).status_code == 403
