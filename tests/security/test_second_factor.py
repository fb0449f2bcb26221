"""Second factor for every staff role and the admin; staff sessions end after 30 minutes
idle (issue 12). Codes are computed here with django-otp's own TOTP."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from civic.models import AuditEntry, User
from civic.tests.factories import staff_user
from tests.security.test_hardening import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("frontend:login")
STAFF_PAGE = "/guichet/"
VERIFY = reverse("frontend:second_factor")
ENROL = reverse("frontend:second_factor_enrol")


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _logged_in_with_password(user: User) -> Client:
    browser = Client()
    assert browser.post(LOGIN, {"username": user.email, "password": PASSWORD}
                        ).status_code == 302
    return browser


@pytest.mark.parametrize("role", ["clerk", "councillor", "moderator", "administrator"])
def test_every_staff_role_is_sent_to_enrol_a_second_factor_at_first_login(role):
    # given a staff member with no second factor yet
    user = staff_user(role, email=f"{role}@ales.fr")
    browser = _logged_in_with_password(user)
    # when they open any page but the enrolment
    answer = browser.get(reverse("frontend:account"))
    # then they are sent to enrol first
    assert answer.status_code == 302 and answer["Location"].startswith(ENROL)


def test_enrolment_with_a_code_gives_recovery_codes_then_staff_pages_open():
    clerk = staff_user("clerk", email="agent@ales.fr")
    browser = _logged_in_with_password(clerk)
    # when the clerk opens the enrolment page, then confirms with a code from their app
    page = browser.get(ENROL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert device.config_url in page.text or "otpauth://" in page.text
    wrong = browser.post(ENROL, {"code": "000000" if _code(device) != "000000" else "111111"})
    done = browser.post(ENROL, {"code": _code(device)})
    # then a wrong code is refused next to the field, the right one gives ten recovery codes
    assert wrong.status_code == 400
    assert done.status_code == 200
    codes = StaticDevice.objects.get(user=clerk).token_set.values_list("token", flat=True)
    assert len(codes) == 10 and all(c in done.text for c in codes)
    assert browser.get(STAFF_PAGE).status_code == 200
    assert AuditEntry.objects.filter(verb="account.second_factor_enrolled",
                                     target_id=str(clerk.pk)).exists()


def _enrolled(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="appli", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="secours", confirmed=True)
    static.token_set.create(token="secours123")
    return device


def test_an_enrolled_clerk_gives_a_code_after_the_password_and_a_recovery_code_works_once():
    clerk = staff_user("clerk", email="agent@ales.fr")
    device = _enrolled(clerk)
    browser = _logged_in_with_password(clerk)
    # when they open a staff page
    asked = browser.get(STAFF_PAGE)
    # then the code is asked first; a wrong one is refused; the right one opens the page
    assert asked.status_code == 302 and asked["Location"].startswith(VERIFY)
    assert browser.get(ENROL).status_code == 302  # no second device without the first
    assert browser.post(VERIFY, {"code": "123"}).status_code == 400
    assert browser.get(STAFF_PAGE).status_code == 302
    # (after a wrong code django-otp makes the next try wait a second, doubling each time)
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        opened = browser.post(f"{VERIFY}?next={STAFF_PAGE}", {"code": _code(device)})
        assert opened.status_code == 302 and opened["Location"] == STAFF_PAGE
        assert browser.get(STAFF_PAGE).status_code == 200
    # and a recovery code opens a new session once, not twice
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        other = _logged_in_with_password(clerk)
        assert other.post(VERIFY, {"code": "secours123"}).status_code == 302
        third = _logged_in_with_password(clerk)
        assert third.post(VERIFY, {"code": "secours123"}).status_code == 400


def test_the_admin_is_behind_the_second_factor():
    admin = User.objects.create_superuser("super@ales.fr", PASSWORD)
    _enrolled(admin)
    browser = _logged_in_with_password(admin)
    answer = browser.get("/admin/")
    assert answer.status_code == 302 and answer["Location"].startswith(VERIFY)


def test_a_resident_is_never_asked_for_a_second_factor(resident):
    browser = _logged_in_with_password(resident.user)
    assert browser.get(reverse("frontend:account")).status_code == 200


def test_staff_sessions_end_after_30_minutes_idle_and_residents_keep_theirs(resident, clerk):
    staff_browser, resident_browser = Client(), Client()
    staff_browser.force_login(clerk)  # the suite's helper logs staff in with a verified device
    resident_browser.force_login(resident.user)
    assert staff_browser.get(STAFF_PAGE).status_code == 200
    assert resident_browser.get(reverse("frontend:account")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert staff_browser.get(STAFF_PAGE).status_code == 200  # active: still in
    with time_machine.travel(timezone.now() + timedelta(minutes=20 + 31)):
        idle = staff_browser.get(STAFF_PAGE)
        kept = resident_browser.get(reverse("frontend:account"))
    assert idle.status_code == 302 and idle["Location"].startswith(LOGIN)
    assert kept.status_code == 200


def test_an_administrator_resets_a_clerks_second_factor_and_it_is_audited():
    administrator = User.objects.create_superuser("admin@ales.fr", PASSWORD)
    clerk = staff_user("clerk", email="agent@ales.fr")
    _enrolled(clerk)
    browser = Client()
    browser.force_login(administrator)
    # when the administrator resets the clerk's factor from the clerk's admin page
    answer = browser.post(reverse("admin:civic_user_changelist"), {
        "action": "reset_second_factor", "_selected_action": [clerk.pk]})
    # then the clerk has no device left, must enrol again, and the log says who did it
    assert answer.status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert not StaticDevice.objects.filter(user=clerk).exists()
    entry = AuditEntry.objects.get(verb="account.second_factor_reset")
    assert (entry.actor_id, entry.target_id) == (administrator.pk, str(clerk.pk))
    again = _logged_in_with_password(clerk)
    assert again.get(STAFF_PAGE)["Location"].startswith(ENROL)


def test_a_clerk_cannot_reset_anyones_second_factor(clerk):
    other = staff_user("clerk", email="agent2@ales.fr")
    _enrolled(other)
    browser = Client()
    browser.force_login(clerk)
    browser.post(reverse("admin:civic_user_changelist"), {
        "action": "reset_second_factor", "_selected_action": [other.pk]})
    assert TOTPDevice.objects.filter(user=other).exists()


def test_a_staff_api_token_needs_the_second_factor(resident):
    clerk = staff_user("clerk", email="agent@ales.fr")
    api = APIClient()
    url = "/api/v1/auth/token/"
    credentials = {"username": clerk.email, "password": PASSWORD}
    # when a clerk with no device, then with one, asks for a token
    not_enrolled = api.post(url, credentials, format="json")
    device = _enrolled(clerk)
    without_code = api.post(url, credentials, format="json")
    with_code = api.post(url, {**credentials, "otp_token": _code(device)}, format="json")
    # then only the password and a code give a token; residents are not asked for one
    assert not_enrolled.status_code == 400 and "otp_token" in not_enrolled.json()["fields"]
    assert without_code.status_code == 400 and "otp_token" in without_code.json()["fields"]
    assert with_code.status_code == 200 and with_code.json()["token"]
    assert api.post(url, {"username": resident.user.email, "password": PASSWORD},
                    format="json").status_code == 200



def test_the_api_refuses_a_staff_session_without_the_second_factor():
    clerk = staff_user("clerk", email="agent@ales.fr")
    _enrolled(clerk)
    browser = _logged_in_with_password(clerk)
    answer = browser.get("/api/v1/me/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "second_factor_required"
