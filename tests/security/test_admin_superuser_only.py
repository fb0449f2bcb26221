"""Django's admin is switched off for everyone but the superuser (issue 13): the town's staff
work on the staff pages, whatever `is_staff` or their role groups say. Signed out, the admin
sends to the site's log-in page; signed in as anyone but a superuser, it is not found."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from civic import roles
from civic.models import Neighbourhood, User
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, UserFactory, staff_user
from tests.security.test_hardening import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("frontend:login")
ADMIN = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")
# A value for each parameter the admin's routes take (no such object: the gate answers first).
SAMPLE_KWARGS = {"object_id": "1", "id": "1", "content_type_id": "1", "app_label": "civic"}


def _account(kind: str) -> User:
    """Every kind of account that is not a superuser, the most trusted ones included."""
    if kind == "resident":
        return ResidentFactory().user
    if kind == "staff_flag":  # Django's own staff flag, no role
        return UserFactory(is_staff=True)
    if kind == "staff_flag_and_every_role":
        user = UserFactory(is_staff=True)
        for role in roles.Role:
            roles.grant_role(user, role)
        return user
    return staff_user(kind)


NOT_SUPERUSERS = ["resident", "clerk", "councillor", "moderator", "administrator", "staff_flag",
                  "staff_flag_and_every_role"]


def _admin_urls() -> list[str]:
    """Every named route of the admin: the site's own pages and every model's."""
    def walk(resolver, namespace=()):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, (*namespace, entry.namespace) if entry.namespace
                                else namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace[:1] == ("admin",):
                yield f"admin:{entry.name}", set(entry.pattern.regex.groupindex)

    return sorted({reverse(name, kwargs={key: SAMPLE_KWARGS[key] for key in params})
                   for name, params in walk(get_resolver())})


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True, email="super@ales.fr")


@pytest.mark.parametrize("kind", NOT_SUPERUSERS)
def test_every_account_but_the_superuser_finds_no_admin(client, kind):
    # given a signed-in account that is not a superuser (its second factor given, if staff)
    client.force_login(_account(kind))
    # when it opens the admin, or the admin's log-in page
    index, login = client.get(ADMIN), client.get(ADMIN_LOGIN)
    # then both are "not found", and no admin log-in form asks for a password
    assert (index.status_code, login.status_code) == (404, 404)
    assert "password" not in login.text and "Django" not in index.text


def test_no_admin_page_opens_or_writes_for_the_most_trusted_non_superuser(client):
    # given an administrator who also carries Django's staff flag and every role
    user = _account("staff_flag_and_every_role")
    client.force_login(user)
    quarter = NeighbourhoodFactory(code="rochebelle", name="Rochebelle", population=3000)
    urls = _admin_urls()
    # when they open every page of the admin
    answers = {url: client.get(url).status_code for url in urls}
    # and try to change a neighbourhood, or make themselves superuser, through it
    changed = client.post(reverse("admin:civic_neighbourhood_change", args=[quarter.pk]),
                          {"code": "rochebelle", "name": "Piraté", "population": "1"})
    promoted = client.post(reverse("admin:civic_user_change", args=[user.pk]),
                           {"email": user.email, "is_superuser": "on", "is_active": "on"})
    # then every page is "not found" and nothing changed
    assert len(urls) > 100
    assert {url: code for url, code in answers.items() if code != 404} == {}
    assert (changed.status_code, promoted.status_code) == (404, 404)
    assert Neighbourhood.objects.get(pk=quarter.pk).name == "Rochebelle"
    user.refresh_from_db()
    assert not user.is_superuser


def test_signed_out_the_admin_sends_to_the_sites_log_in_page():
    # given a visitor who is not signed in
    browser = Client()
    # when they open the admin, one of its pages, or its log-in page
    answers = [browser.get(url) for url in (ADMIN, reverse("admin:civic_user_changelist"),
                                             ADMIN_LOGIN)]
    # then each sends to the site's log-in page (second factor and lock-out), never the
    # admin's own form, and back to the admin afterwards
    assert [(a.status_code, a["Location"]) for a in answers] == [
        (302, f"{LOGIN}?next=/admin/"), (302, f"{LOGIN}?next=/admin/civic/user/"),
        (302, f"{LOGIN}?next=/admin/")]
    assert browser.post(ADMIN_LOGIN, {"username": "x", "password": "y"}).status_code == 302


def test_the_superuser_opens_the_admin_after_the_second_factor(client, superuser):
    # given the superuser signed in with their password only
    browser = Client()
    assert browser.post(LOGIN, {"username": superuser.email, "password": PASSWORD}
                        ).status_code == 302
    from conftest import verified_device

    verified_device(superuser)
    # when they open the admin, then the code is asked first
    first = browser.get(ADMIN)
    assert first.status_code == 302 and first["Location"].startswith(
        reverse("frontend:second_factor"))
    # when signed in with their second factor, the admin opens, and its log-in page leads to it
    client.force_login(superuser)
    assert client.get(ADMIN).status_code == 200
    assert client.get(reverse("admin:civic_neighbourhood_changelist")).status_code == 200
    login = client.get(ADMIN_LOGIN)
    assert (login.status_code, login["Location"]) == (302, ADMIN)


def test_a_superuser_account_switched_off_finds_no_admin(client, superuser):
    # given a superuser whose account was deactivated during their session
    client.force_login(superuser)
    User.objects.filter(pk=superuser.pk).update(is_active=False)
    # when they open the admin, then they are signed out and sent to log in
    answer = client.get(ADMIN)
    assert answer.status_code == 302 and answer["Location"].startswith(LOGIN)
