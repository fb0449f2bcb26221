"""Every change made through Django's admin is written to the audit chain, in its transaction."""

import json

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from budgets.models import BudgetChapter, BudgetLine
from budgets.tests.factories import ChapterFactory, LineFactory
from civic.audited_admin import AUDITED_ACTIONS, AuditedAdminMixin
from civic.models import AuditEntry, Comment, CommentReport, Neighbourhood, Resident, User
from civic.services.audit import audit_chain_verify
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

# Registered by django-axes: its records of failed log-ins and its one housekeeping action
# (removing expired lock-outs) are the security log itself, not the town's data.
NOT_THE_TOWNS_DATA = {"axes"}


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True, first_name="Sam", last_name="Super")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _value(field, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, (dict,)):
        return json.dumps(value)
    return str(value)


def _form_data(response) -> dict:
    """The data the admin's change form would post back unchanged, inlines included."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = _value(form.fields[name], form[name].value())
        if value != "" or not isinstance(form[name].value(), bool):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        for sub in formset.initial_forms:
            for name in sub.fields:
                data[sub.add_prefix(name)] = _value(sub.fields[name], sub[name].value())
    return data


def _entries(verb: str, target) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb=verb, target_type=target._meta.label_lower,
                                          target_id=str(target.pk)))


def test_every_registered_model_admin_writes_the_audit_chain():
    # given every model admin registered on the site, whichever app registered it
    registry = admin.site._registry
    # then each one writes its adds, changes and deletions to the audit chain, and offers no
    # bulk action that would bypass it
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    checked = []
    for model, model_admin in registry.items():
        if model._meta.app_label in NOT_THE_TOWNS_DATA:
            continue
        assert isinstance(model_admin, AuditedAdminMixin), model._meta.label
        actions = set(model_admin.get_actions(request))
        assert actions <= AUDITED_ACTIONS, (model._meta.label, actions - AUDITED_ACTIONS)
        checked.append(model._meta.app_label)
    assert {"civic", "budgets", "petitions", "commissions", "auth"} <= set(checked)


def test_an_admin_change_writes_an_entry_naming_the_changed_fields(admin_client, superuser):
    # given a neighbourhood shown in the admin
    quarter = NeighbourhoodFactory(code="rochebelle", name="Rochebelle", population=3000)
    url = reverse("admin:civic_neighbourhood_change", args=[quarter.pk])
    data = _form_data(admin_client.get(url))
    # when the administrator changes its population
    data["population"] = "3250"
    response = admin_client.post(url, data)
    # then the change is saved and recorded, by whom and which field, in an intact chain
    assert response.status_code == 302
    quarter.refresh_from_db()
    assert quarter.population == 3250
    [entry] = _entries("admin.change", quarter)
    assert entry.actor == superuser
    assert entry.data["fields"] == ["population"]
    assert audit_chain_verify().ok


def test_an_admin_addition_writes_an_entry(admin_client, superuser):
    # when the administrator adds a neighbourhood through the admin
    response = admin_client.post(reverse("admin:civic_neighbourhood_add"), {
        "code": "tamaris", "name": "Tamaris", "population": "4100", "outline": "null"})
    # then it exists and its addition is recorded with the fields that were filled in
    assert response.status_code == 302
    quarter = Neighbourhood.objects.get(code="tamaris")
    [entry] = _entries("admin.add", quarter)
    assert entry.actor == superuser
    assert {"code", "name", "population"} <= set(entry.data["fields"])


def test_an_admin_deletion_writes_an_entry_before_the_row_goes(admin_client, superuser):
    # given a neighbourhood
    quarter = NeighbourhoodFactory(code="pres-saint-jean", name="Prés-Saint-Jean")
    pk = quarter.pk
    # when the administrator confirms its deletion
    response = admin_client.post(reverse("admin:civic_neighbourhood_delete", args=[pk]),
                                 {"post": "yes"})
    # then it is gone and the entry names it
    assert response.status_code == 302
    assert not Neighbourhood.objects.filter(pk=pk).exists()
    [entry] = AuditEntry.objects.filter(verb="admin.delete")
    assert (entry.target_type, entry.target_id, entry.actor) == ("civic.neighbourhood", str(pk),
                                                                superuser)
    assert audit_chain_verify().ok


def test_the_bulk_delete_action_writes_one_entry_per_object_with_what_went_with_it(
        admin_client, superuser):
    # given a debate's three budget chapters, one with two lines
    chapters = ChapterFactory.create_batch(3)
    LineFactory.create_batch(2, chapter=chapters[0])
    # when the administrator deletes two of them with the list's bulk action
    response = admin_client.post(reverse("admin:budgets_budgetchapter_changelist"), {
        "action": "delete_selected", "post": "yes",
        "_selected_action": [chapters[0].pk, chapters[1].pk]})
    # then both are gone, each with its own entry, the cascade counted
    assert response.status_code == 302
    assert list(BudgetChapter.objects.all()) == [chapters[2]]
    entries = AuditEntry.objects.filter(verb="admin.delete").order_by("pk")
    assert [e.target_id for e in entries] == [str(chapters[0].pk), str(chapters[1].pk)]
    assert entries[0].data["cascade"] == {"budgets.budgetline": 2}
    assert entries[1].data["cascade"] == {}
    assert all(e.actor == superuser for e in entries)


def test_inline_changes_are_recorded_with_the_parent(admin_client):
    # given a chapter with two budget lines, shown with its lines inline
    line = LineFactory(amount_cents=5000)
    chapter = line.chapter
    dropped = LineFactory(chapter=chapter)
    url = reverse("admin:budgets_budgetchapter_change", args=[chapter.pk])
    data = _form_data(admin_client.get(url))
    # when one line's amount is changed and the other line deleted through the inline
    data["lines-0-amount_cents"] = "7000"
    data["lines-1-DELETE"] = "on"
    response = admin_client.post(url, data)
    # then the parent's entry says which inline rows changed (and which fields) or went
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount_cents == 7000
    assert not BudgetLine.objects.filter(pk=dropped.pk).exists()
    [entry] = _entries("admin.change", chapter)
    assert entry.data["fields"] == []
    assert entry.data["inlines"] == [{"model": "budgets.budgetline", "added": [],
                                      "changed": {str(line.pk): ["amount_cents"]},
                                      "deleted": [str(dropped.pk)]}]


def test_personal_values_changed_in_the_admin_are_named_but_never_copied(admin_client):
    # given a resident
    resident = ResidentFactory()
    url = reverse("admin:civic_resident_change", args=[resident.pk])
    data = _form_data(admin_client.get(url))
    # when the administrator corrects the postal address
    data["postal_address"] = "7 impasse des Secrets, 30100 Alès"
    response = admin_client.post(url, data)
    # then the entry names the field, and its value is nowhere in the log
    assert response.status_code == 302
    [entry] = _entries("admin.change", resident)
    assert entry.data["fields"] == ["postal_address"]
    assert "Secrets" not in json.dumps(entry.data) + entry.actor_label
    assert Resident.objects.get(pk=resident.pk).postal_address.startswith("7 impasse")


def test_a_password_set_in_the_admin_is_recorded_without_the_password(admin_client, superuser):
    # given an account
    user = UserFactory()
    # when the administrator sets a new password for it
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Nouveau-mot-de-passe-77", "password2": "Nouveau-mot-de-passe-77",
         "usable_password": "true"})
    # then the change is recorded, naming the password field, never its value
    assert response.status_code == 302
    [entry] = _entries("admin.change", user)
    assert entry.actor == superuser
    assert entry.data["fields"] == ["password"]
    assert "Nouveau-mot-de-passe" not in json.dumps(entry.data)


def test_an_account_cannot_be_deleted_from_the_admin_only_erased(admin_client):
    # given an account: erasure is a service that keeps what it counted and its audit entries
    user = UserFactory()
    # when the administrator opens its deletion page
    response = admin_client.get(reverse("admin:civic_user_delete", args=[user.pk]))
    # then deletion is not offered
    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_admin_runs_each_post_in_one_transaction_and_each_read_outside_one(rf, superuser):
    # given an admin view that notes whether it runs inside a transaction
    seen = {}

    def view(request):
        seen[request.method] = connection.in_atomic_block
        return HttpResponse()

    wrapped = admin.site.admin_view(view)
    # when the administrator reads it, then posts to it (a bulk action, the password form)
    for method in ("get", "post"):
        request = getattr(rf, method)("/admin/")
        request.user = superuser
        superuser.is_verified = lambda: True  # as OTPMiddleware marks a session that gave a code
        request._dont_enforce_csrf_checks = True
        wrapped(request)
    # then the post, with every audit entry it writes, is one transaction; the read is not
    assert seen == {"GET": False, "POST": True}


def test_rows_the_admin_does_not_show_are_not_counted_in_a_deletion(admin_client):
    # given a comment and a report about it (reports have no admin page)
    quarter = NeighbourhoodFactory()
    comment = Comment.objects.create(
        target_type=ContentType.objects.get_for_model(quarter), target_id=quarter.pk,
        author=UserFactory(), body="Trop de voitures rue d'Avéjan.")
    CommentReport.objects.create(comment=comment, reporter=UserFactory(), reason="Hors sujet")
    # when the administrator deletes the comment
    response = admin_client.post(reverse("admin:civic_comment_delete", args=[comment.pk]),
                                 {"post": "yes"})
    # then the entry names the comment, and says nothing of what the admin keeps out of sight
    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(verb="admin.delete")
    assert entry.target_id == str(comment.pk)
    assert entry.data == {"cascade": {}}
