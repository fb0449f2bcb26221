"""Person pickers (frontend/people.py): staff find a person by typing part of a name or an
e-mail address, among the people a picker may offer; without JavaScript the « Chercher »
button shows the same form again with the results; a person outside the picker is refused
next to the field."""

import pytest
from django.urls import reverse
from django.utils import timezone

from civic import roles
from civic.models import User
from civic.tests.factories import ResidentFactory, staff_user
from commissions.models import Commission, Membership
from commissions.tests.factories import CommissionFactory, SeatGroupFactory
from frontend.people import RESULTS_MAX, email_masked, people_matching

pytestmark = pytest.mark.django_db
MOTIVATION = "Usager du centre social depuis dix ans, venu au guichet."


def _resident(first, last, email, **kwargs):
    return ResidentFactory(user__first_name=first, user__last_name=last, user__email=email,
                           **kwargs).user


def test_people_matching_offers_only_the_eligible_people_whose_name_holds_every_word():
    # given two residents named Dupont, one of whom the queryset leaves out, and a Durand
    jeanne = _resident("Jeanne", "Dupont", "jeanne.dupont@exemple.fr")
    paul = _resident("Paul", "Dupont", "paul.dupont@exemple.fr")
    _resident("Jeanne", "Durand", "jd@exemple.fr")
    eligible = User.objects.exclude(pk=paul.pk)
    # when a clerk types part of the name, or of the first name and name, or of the address
    by_name, _more = people_matching(eligible, "dupo")
    by_words, _more = people_matching(eligible, "jea dup")
    by_email, _more = people_matching(eligible, "jeanne.dupont@")
    too_short, _more = people_matching(eligible, "d")
    # then only the eligible matches are offered, and one letter finds nobody
    assert by_name == [jeanne] and by_words == [jeanne] and by_email == [jeanne]
    assert too_short == []


def test_people_matching_offers_at_most_the_cap_and_says_there_are_more():
    # given more Martins than a picker shows
    for n in range(RESULTS_MAX + 3):
        _resident(f"Prénom{n}", "Martin", f"martin{n}@exemple.fr")
    # when a clerk searches for them, then for one of them
    people, more = people_matching(User.objects.all(), "martin")
    one, none_more = people_matching(User.objects.all(), "martin Prénom7")
    # then the list stops at the cap and says there are more; a precise search finds one
    assert len(people) == RESULTS_MAX and more
    assert [user.first_name for user in one] == ["Prénom7"] and not none_more


def test_an_address_is_shown_masked():
    assert email_masked("jeanne.dupont@exemple.fr") == "j…t@exemple.fr"
    assert email_masked("x-1@decidons.invalid") == "sans e-mail"


@pytest.fixture
def residents_seats(council):
    return SeatGroupFactory(commission=CommissionFactory(council=council), kind="residents")


def test_a_clerk_finds_a_verified_resident_without_javascript_and_appoints_her(
        client, clerk, residents_seats):
    # given a verified resident and an unverified namesake
    verified = _resident("Jeanne", "Lefebvre", "jeanne.l@exemple.fr")
    unverified = _resident("Jean", "Lefebvre", "jean.l@exemple.fr", unverified=True)
    page = reverse("commissions_web:staff_appoint", args=[residents_seats.pk])
    client.force_login(clerk)
    # when the clerk types part of the name and presses « Chercher »
    found = client.post(page, {"member__q": "lefeb", "member__search": "1"})
    html = found.content.decode()
    # then the same form comes back with the verified resident only, masked, and nothing done
    assert found.status_code == 200
    assert f'value="{verified.pk}"' in html and f'value="{unverified.pk}"' not in html
    assert "Jeanne Lefebvre" in html and "j…l@exemple.fr" in html
    assert "jeanne.l@exemple.fr" not in html
    assert 'value="lefeb"' in html
    assert not Membership.objects.exists()
    # and when she chooses her and submits, she sits in the residents' seats
    done = client.post(page, {"member__q": "lefeb", "member": verified.pk})
    assert done.status_code == 302
    assert Membership.objects.get(seat_group=residents_seats).member == verified


def test_a_tampered_choice_outside_the_picker_is_refused_next_to_the_field(
        client, clerk, residents_seats):
    # given an unverified resident, whom the residents' seats do not offer
    unverified = _resident("Jean", "Lefebvre", "jean.l@exemple.fr", unverified=True)
    page = reverse("commissions_web:staff_appoint", args=[residents_seats.pk])
    client.force_login(clerk)
    # when a form is posted with their id anyway, or with a made-up one, or none
    tampered = client.post(page, {"member": unverified.pk})
    made_up = client.post(page, {"member": "abc"})
    empty = client.post(page, {"member__q": "lefeb"})
    # then each is a 400 with the reason next to the field, and nobody is appointed
    assert tampered.status_code == made_up.status_code == empty.status_code == 400
    assert tampered.context["form"].errors["member"] == [
        "Cette personne ne peut pas être choisie ici."]
    assert "tapez une partie de son nom" in empty.content.decode()
    assert not Membership.objects.exists()


def test_a_person_already_sitting_is_not_offered_again(client, clerk, residents_seats):
    member = _resident("Jeanne", "Lefebvre", "jeanne.l@exemple.fr")
    Membership.objects.create(seat_group=residents_seats, commission=residents_seats.commission,
                              member=member, source="appointed", started_on="2026-04-01")
    client.force_login(clerk)
    found = client.post(reverse("commissions_web:staff_appoint", args=[residents_seats.pk]),
                        {"member__q": "lefeb", "member__search": "1"})
    assert f'value="{member.pk}"' not in found.content.decode()
    assert "Personne ne correspond" in found.content.decode()


def test_the_councillors_seats_offer_only_councillors(client, clerk, council):
    seats = SeatGroupFactory(commission=CommissionFactory(council=council), kind="councillors")
    elected = staff_user("councillor", first_name="Élise", last_name="Roux")
    resident = _resident("Émile", "Roux", "emile.roux@exemple.fr")
    client.force_login(clerk)
    html = client.post(reverse("commissions_web:staff_appoint", args=[seats.pk]),
                       {"member__q": "roux", "member__search": "1"}).content.decode()
    assert f'value="{elected.pk}"' in html and f'value="{resident.pk}"' not in html


def test_a_search_keeps_what_the_clerk_typed_in_the_other_fields(client, clerk, councillor,
                                                                  council):
    # given the page creating a body, half filled in
    client.force_login(clerk)
    page = reverse("commissions_web:staff_create")
    data = {"kind": "extra_municipal", "name": "Sports et loisirs", "mandate_start": "2026-05-01",
            "mandate_end": "2032-03-31"}
    # when the clerk searches for the chair
    found = client.post(page, {**data, "chair__q": "élue", "chair__search": "1"})
    html = found.content.decode()
    # then the form comes back with the name typed and the councillor offered, no error
    assert found.status_code == 200 and not found.context["form"].errors
    assert 'value="Sports et loisirs"' in html and f'value="{councillor.pk}"' in html
    assert not Commission.objects.exists()
    # and choosing her creates the body
    assert client.post(page, {**data, "chair": councillor.pk}).status_code == 302
    assert Commission.objects.get().chair == councillor


def test_an_administrator_grants_a_role_to_a_resident_found_by_search(client, administrator):
    # given a resident who has no role
    resident = _resident("Nadia", "Benali", "nadia.b@exemple.fr")
    team = reverse("frontend:staff_team")
    client.force_login(administrator)
    # when the administrator searches for her on the roles page, then grants her moderation
    found = client.post(team + "?do=grant", {"grant-user__q": "benali",
                                             "grant-user__search": "1",
                                             "grant-role": "moderator"})
    done = client.post(team + "?do=grant", {"grant-user": resident.pk,
                                            "grant-role": "moderator"}, follow=True)
    # then she was offered, and now moderates
    assert found.status_code == 200 and f'value="{resident.pk}"' in found.content.decode()
    assert "Rôle « modérateur » accordé à Nadia Benali." in done.content.decode()
    assert roles.has_role(User.objects.get(pk=resident.pk), roles.Role.MODERATOR)


def test_revoking_a_role_from_someone_outside_the_staff_is_a_400(client, administrator):
    resident = _resident("Nadia", "Benali", "nadia.b@exemple.fr")
    client.force_login(administrator)
    response = client.post(reverse("frontend:staff_team") + "?do=revoke",
                           {"revoke-user": resident.pk, "revoke-role": "moderator"})
    assert response.status_code == 400
    assert "Cette personne ne peut pas être choisie ici." in response.content.decode()


def test_a_secretary_can_be_removed_with_the_nobody_choice(client, clerk, council):
    # given a body with a secretary
    secretary = _resident("Sophie", "Sec", "sophie@exemple.fr")
    commission = CommissionFactory(council=council, secretary=secretary)
    page = reverse("commissions_web:staff_commission", args=[commission.slug])
    client.force_login(clerk)
    # then the page offers her, checked, and « Aucun secrétariat »
    html = client.get(page).content.decode()
    assert f'value="{secretary.pk}" checked' in html and "Aucun secrétariat" in html
    # when the clerk chooses nobody
    client.post(page + "?do=secretary", {"secretary-person": ""})
    # then the body has no secretary any more
    commission.refresh_from_db()
    assert commission.secretary is None


def test_a_clerk_records_an_application_for_a_person_found_by_search(client, clerk,
                                                                     residents_seats):
    from commissions.tests.factories import MemberCallFactory

    call = MemberCallFactory(seat_group=residents_seats)
    person = _resident("Karim", "Haddad", "karim@exemple.fr")
    page = reverse("commissions_web:staff_call", args=[call.pk])
    client.force_login(clerk)
    found = client.post(page + "?do=record", {"record-applicant__q": "hadd",
                                              "record-applicant__search": "1",
                                              "record-motivation": MOTIVATION})
    assert found.status_code == 200 and f'value="{person.pk}"' in found.content.decode()
    assert MOTIVATION in found.content.decode()
    done = client.post(page + "?do=record", {"record-applicant": person.pk,
                                             "record-motivation": MOTIVATION})
    assert done.status_code == 302, done.context["form"].errors
    assert call.applications.get().applicant == person
    # then the same person is not offered again for this call
    again = client.post(page + "?do=record", {"record-applicant": person.pk,
                                              "record-motivation": MOTIVATION})
    assert again.status_code == 400


def test_searches_are_limited_per_staff_member(client, clerk, residents_seats, monkeypatch):
    import time_machine
    from rest_framework.throttling import ScopedRateThrottle

    # given a low search rate (the default lets a clerk type at ease)
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "person_search", "3/min")
    page = reverse("commissions_web:staff_appoint", args=[residents_seats.pk])
    client.force_login(clerk)
    # when the clerk searches four times within a minute
    with time_machine.travel("2026-06-01 10:00:30+02:00", tick=False):
        answers = [client.post(page, {"member__q": f"nom{n}", "member__search": "1"}).status_code
                   for n in range(4)]
    # then the fourth is told to wait
    assert answers == [200, 200, 200, 429]


def test_a_paper_signature_offers_verified_residents_who_have_not_signed(client, clerk):
    from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

    # given an initiative collecting signatures, a verified and an unverified resident
    InitiativeCharterFactory()
    initiative = CitizenInitiativeFactory(collecting=True)
    verified = _resident("Paulette", "Roche", "paulette@exemple.fr")
    unverified = _resident("Paul", "Roche", "paul@exemple.fr", unverified=True)
    page = reverse("petitions_web:signatures", args=[initiative.pk])
    client.force_login(clerk)
    # when the clerk searches for « roche », then records the verified resident's signature
    html = client.post(page, {"signer__q": "roche", "signer__search": "1"}).content.decode()
    done = client.post(page, {"signer": verified.pk})
    again = client.post(page, {"signer__q": "roche", "signer__search": "1"}).content.decode()
    # then only the verified resident was offered, and once she signed, nobody is
    assert f'value="{verified.pk}"' in html and f'value="{unverified.pk}"' not in html
    assert done.status_code == 302
    assert f'value="{verified.pk}"' not in again and "Personne ne correspond" in again


def test_a_confirmed_facility_user_is_not_offered_again(client, clerk, council):
    from commissions.models import FacilityRegistration

    committee = CommissionFactory(council=council, kind="facility_committee", facility="Piscine")
    registered = _resident("Yasmine", "Keller", "yasmine@exemple.fr")
    FacilityRegistration.objects.create(commission=committee, user=registered,
                                        status=FacilityRegistration.Status.CONFIRMED,
                                        confirmed_at=timezone.now())
    newcomer = _resident("Yann", "Keller", "yann@exemple.fr")
    client.force_login(clerk)
    html = client.post(reverse("commissions_web:staff_commission", args=[committee.slug])
                       + "?do=facility_user", {"facility_user-person__q": "keller",
                                               "facility_user-person__search": "1"}
                       ).content.decode()
    assert f'value="{newcomer.pk}"' in html and f'value="{registered.pk}"' not in html
