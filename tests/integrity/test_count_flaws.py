"""The flaws of the count found by an attacker and a clerk, each replayed as they found it.

1. Double entry was not blind; 3. ballots could be tied to voters; 8. the API capped points
below the charter. Each test goes through the API or the pages only, as the people who found
the flaw did (the other flaws of the same review have their tests beside their code:
identity, deadlines, council decisions, consultations, audit chain).
"""

import pytest
from django.apps import apps
from django.db import models

from budgets.services.budgets import budget_transition
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import AuditEntry, Notification, User
from civic.roles import Role
from civic.tests.factories import ResidentFactory, staff_user
from tests.reliability.support import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, max_projects=None,
                           title="Budget des Prés")
    for title in ("Bancs au square", "Fontaine", "Piste cyclable"):
        ProposalFactory(budget=budget, feasible=True, title=title, cost_cents=1_000_000,
                        estimated_cost_cents=1_000_000)
    return budget


def _ids(budget):
    return {p.title: p.pk for p in budget.proposals.all()}


def _first_entry(clerk, budget, resident, *titles, reference="F-1"):
    return api_as(clerk).post(f"/api/v1/budgets/{budget.pk}/paper-ballots/", {
        "resident": resident.pk, "form_reference": reference,
        "choices": [{"proposal": _ids(budget)[t]} for t in titles]}, format="json")


def _next_entry(clerk, entry_id, budget, *titles):
    return api_as(clerk).post(f"/api/v1/paper-ballots/{entry_id}/second-entry/", {
        "choices": [{"proposal": _ids(budget)[t]} for t in titles]}, format="json")


# --- 1. Double entry ------------------------------------------------------------------------


def test_flaw_1_a_disagreeing_second_entry_learns_nothing_of_the_first(budget, resident, clerk):
    # given a first entry ticking the fountain
    second = staff_user(Role.CLERK)
    entry = _first_entry(clerk, budget, resident, "Fontaine").json()["id"]
    # when a second clerk types the bench instead
    refused = _next_entry(second, entry, budget, "Bancs au square")
    # then the refusal says only that they differ: no project, no box, nothing to retype
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "Fontaine" not in text and "coché" not in text


def test_flaw_1_the_clerk_who_disagreed_cannot_settle_it_alone(budget, resident, clerk):
    # given a disagreement
    second = staff_user(Role.CLERK)
    entry = _first_entry(clerk, budget, resident, "Fontaine").json()["id"]
    _next_entry(second, entry, budget, "Bancs au square")
    # when the same second clerk types it again, now matching
    again = _next_entry(second, entry, budget, "Fontaine")
    # then it is refused: another clerk's entry must decide
    assert again.status_code == 403
    third = _next_entry(staff_user(Role.CLERK), entry, budget, "Fontaine")
    assert third.status_code == 200 and third.json()["status"] == "confirmed"


def test_flaw_1_paper_ballot_audit_entries_keep_no_choices_and_no_receipt(budget, resident,
                                                                         clerk):
    # given a disagreement, then a confirmation by a third clerk
    entry = _first_entry(clerk, budget, resident, "Fontaine").json()["id"]
    _next_entry(staff_user(Role.CLERK), entry, budget, "Bancs au square")
    _next_entry(staff_user(Role.CLERK), entry, budget, "Fontaine")
    # when the audit log is read
    logged = AuditEntry.objects.filter(verb__startswith="budget.paper_ballot")
    # then it tells who typed and when, never what, nor the receipt
    assert logged.count() == 3
    for item in logged:
        assert "Fontaine" not in str(item.data) and "Bancs" not in str(item.data)
        assert not {"differences", "receipt", "choices"} & set(item.data)


def test_flaw_1_a_paper_ballot_does_not_silently_replace_an_online_ballot(budget, resident,
                                                                          clerk):
    # given the resident voted online
    api_as(resident.user).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
        "choices": [{"proposal": _ids(budget)["Piste cyclable"]}]}, format="json")
    # when a clerk types a paper form for her
    warned = _first_entry(clerk, budget, resident, "Fontaine")
    # then the clerk is warned first, and must confirm with the resident
    assert warned.status_code == 409
    assert warned.json()["code"] == "online_ballot_exists"
    assert "replace_online" in warned.json()["fields"]


def test_flaw_1_a_reused_form_number_is_flagged(budget, resident, clerk, neighbourhood):
    # given a form typed for one resident
    _first_entry(clerk, budget, resident, "Fontaine", reference="F-7")
    other = ResidentFactory(neighbourhood=neighbourhood)
    # when the same form number is typed for another resident
    warned = _first_entry(clerk, budget, other, "Fontaine", reference="F-7")
    # then the clerk is warned
    assert warned.status_code == 409 and warned.json()["code"] == "form_reference_used"


# --- 3. Ballot secrecy ----------------------------------------------------------------------


def _close(budget, clerk, capture):
    with capture(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)


def test_flaw_3_knowing_a_receipt_does_not_tell_the_vote(
        budget, neighbourhood, clerk, django_capture_on_commit_callbacks):
    # given twelve residents with six different ballots, each told their receipt
    ids = sorted(_ids(budget).values())
    sets = [[ids[0]], [ids[1]], [ids[2]], [ids[0], ids[1]], [ids[0], ids[2]], [ids[1], ids[2]]]
    told = {}
    for i in range(12):
        voter = ResidentFactory(neighbourhood=neighbourhood).user
        answer = api_as(voter).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
            "choices": [{"proposal": pid} for pid in sets[i % 6]]}, format="json").json()
        told[answer["receipt"]] = sorted(sets[i % 6])
    _close(budget, clerk, django_capture_on_commit_callbacks)
    # when someone lines up the published receipts with the published .pb ballots
    public = api_as(ResidentFactory(neighbourhood=neighbourhood).user)
    receipts = public.get(f"/api/v1/budgets/{budget.pk}/receipts/").json()["receipts"]
    pb = public.get(f"/api/v1/budgets/{budget.pk}/ballots.pb").content.decode()
    rows = pb.split("VOTES\n", 1)[1].splitlines()[1:]
    listed = [sorted(int(p) for p in row.split(";")[1].strip('"').split(",")) for row in rows]
    # then the n-th receipt is not the n-th ballot (beyond chance)
    assert len(receipts) == len(listed) == 12
    assert sum(told[r] == ballot for r, ballot in zip(receipts, listed, strict=True)) < 12


def test_flaw_3_the_voter_gets_nothing_that_proves_their_vote(budget, resident):
    # when the resident votes
    answer = api_as(resident.user).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
        "choices": [{"proposal": _ids(budget)["Fontaine"]}]}, format="json").json()
    # then no salt or date comes back: the receipt proves presence, not content
    assert "salt" not in answer and "cast_at" not in answer
    # and no notification puts the receipt beside the resident's name
    for notice in Notification.objects.filter(recipient=resident.user):
        assert answer["receipt"] not in notice.body + notice.url


def test_flaw_3_no_relation_leads_from_a_ballots_content_to_an_account():
    # given every model of the budgets app that holds a ballot's content
    ballot_models = [m for m in apps.get_app_config("budgets").get_models()
                     if m.__name__ in {"Ballot", "BallotChoice", "BallotReceipt"}]
    # then none refers to an account, directly or through another of them
    seen, todo = set(), list(ballot_models)
    while todo:
        model = todo.pop()
        seen.add(model)
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey):
                assert field.related_model is not User, f"{model.__name__}.{field.name}"
                if field.related_model in ballot_models and field.related_model not in seen:
                    todo.append(field.related_model)


def test_flaw_3_the_admin_has_no_ballot_pages(client, budget, resident):
    # given a ballot and a superuser
    api_as(resident.user).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
        "choices": [{"proposal": _ids(budget)["Fontaine"]}]}, format="json")
    admin = User.objects.create_superuser("super@decidons.test", "motdepasse-solide-42")
    client.force_login(admin)
    # when / then
    assert client.get("/admin/budgets/ballot/").status_code == 404


# --- 8. Points ------------------------------------------------------------------------------


def test_flaw_8_the_api_takes_the_points_the_charter_allows(neighbourhood, resident):
    # given a points ballot of 10,000 points, with no cap per project
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, cumulative=True,
                           points_total=10_000, max_points_per_project=None)
    a, b = (ProposalFactory(budget=budget, feasible=True) for _ in range(2))
    # when the resident gives 6,000 and 4,000 points
    answer = api_as(resident.user).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
        "choices": [{"proposal": a.pk, "points": 6000}, {"proposal": b.pk, "points": 4000}]},
        format="json")
    # then the ballot counts
    assert answer.status_code == 200, answer.content
    assert {c["points"] for c in answer.json()["choices"]} == {6000, 4000}
    # and the bound named by the charter's limits answers on its field
    over = api_as(resident.user).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
        "choices": [{"proposal": a.pk, "points": 10_001}]}, format="json")
    assert over.status_code == 400 and "choices" in over.json()["fields"]


# --- Found since, trying the demo as an administrator and as a clerk ------------------------


def test_no_page_or_api_answer_shows_a_stored_ballot_back(client, budget, resident):
    # given a resident who voted
    voter = api_as(resident.user)
    cast = voter.post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
        "choices": [{"proposal": _ids(budget)["Fontaine"]}]}, format="json")
    # when whoever holds her session or token asks for her ballot
    mine = voter.get(f"/api/v1/budgets/{budget.pk}/ballot/")
    client.force_login(resident.user)
    form = client.get(f"/budgets/{budget.pk}/voter/")
    done = client.get(f"/budgets/{budget.pk}/voter/merci/")
    export = voter.post("/api/v1/me/data-export/").json()
    data = client.get(export["download_url"]).content.decode() if "download_url" in export \
        else ""
    # then they learn that she voted and her receipt, never what she chose
    assert cast.json()["choices"] == [{"proposal": _ids(budget)["Fontaine"], "points": 1}]
    assert mine.json() == {"receipt": cast.json()["receipt"], "voted": True}
    assert "checked" not in form.content.decode()
    assert "Fontaine" not in done.content.decode()
    assert cast.json()["receipt"] in done.content.decode()
    assert '"choices"' not in data
    # and no cache keeps the answers that carry her choices
    for answer in (cast, mine, form, done):
        assert "no-store" in answer["Cache-Control"]


def test_the_admin_cannot_show_or_make_an_api_token_for_someone_else(client):
    # given a superuser
    client.force_login(User.objects.create_superuser("super@decidons.test",
                                                     "motdepasse-solide-42"))
    # when / then
    assert client.get("/admin/knox/authtoken/").status_code == 404
    assert client.get("/admin/knox/authtoken/add/").status_code == 404


def test_a_reused_form_number_written_differently_is_flagged_and_confirmed_on_the_page(
        client, budget, resident, clerk, neighbourhood):
    # given a form P-0200 typed for one resident
    _first_entry(clerk, budget, resident, "Fontaine", reference="P-0200")
    other = ResidentFactory(neighbourhood=neighbourhood)
    client.force_login(clerk)
    url = f"/guichet/habitants/{other.pk}/bulletin/{budget.pk}/"
    ticks = {f"project_{_ids(budget)['Fontaine']}": "on", "form_reference": "p 0200"}
    # when the same number, written otherwise, is typed for another resident
    warned = client.post(url, ticks)
    # then the page asks for the confirmation box, and takes the entry once it is ticked
    assert warned.status_code == 400
    assert 'name="reuse_form_reference"' in warned.content.decode()
    assert client.post(url, {**ticks, "reuse_form_reference": "on"}).status_code == 302


def test_an_anonymous_consultations_results_wait_for_its_close_even_for_clerks(clerk):
    # given an open anonymous consultation, and a named one
    from commissions.tests.factories import ConsultationFactory

    anonymous = ConsultationFactory(opened=True, anonymous=True)
    named = ConsultationFactory(opened=True, anonymous=False, title="Horaires, avis signés")
    staff = api_as(clerk)
    # when a clerk reads their results while they are open
    hidden = staff.get(f"/api/v1/consultations/{anonymous.pk}/results/")
    live = staff.get(f"/api/v1/consultations/{named.pk}/results/")
    # then the anonymous one says nothing yet: read before and after one person answers,
    # results would show that person's answer
    assert hidden.status_code == 403 and hidden.json()["code"] == "results_not_published"
    assert live.status_code == 200


def test_an_account_cannot_be_erased_while_its_ballot_counts_in_an_open_vote(
        budget, resident, clerk, django_capture_on_commit_callbacks):
    # given a resident who voted (erased, her identity would be free for a second account)
    resident.user.set_password("motdepasse-solide-42")
    resident.user.save()
    voter = api_as(resident.user)
    voter.post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
        "choices": [{"proposal": _ids(budget)["Fontaine"]}]}, format="json")
    erase = {"password": "motdepasse-solide-42", "confirm": True}
    # when she asks for her account to be erased while the vote is open
    postponed = voter.post("/api/v1/me/erase/", erase, format="json")
    # then the erasure waits for the close, and says why
    assert postponed.status_code == 409
    assert postponed.json()["code"] == "erasure_postponed"
    assert "Budget des Prés" in postponed.json()["message"]
    resident.user.refresh_from_db()
    assert resident.user.is_active
    # and once the vote is closed, it is done
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    assert voter.post("/api/v1/me/erase/", erase, format="json").status_code == 200
