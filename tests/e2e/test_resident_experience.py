"""A resident's walk through the site (issue 14): nothing offered in vain, no act lost,
deadlines and methods in plain words, a page of one's own, and a phone layout."""

import pytest
from playwright.sync_api import expect

from budgets.tests.factories import BudgetFactory
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory
from commissions.models import Commission, Consultation
from commissions.tests.factories import (
    CommissionFactory,
    ConsultationFactory,
    MemberCallFactory,
    SeatGroupFactory,
)
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_forms_are_not_offered_to_residents_who_would_be_refused_and_say_what_to_do(
        page, neighbourhood):
    # given a verified resident of one neighbourhood, an unverified one, and acts open in
    # another neighbourhood
    elsewhere = NeighbourhoodFactory(name="Rochebelle")
    ResidentFactory(neighbourhood=neighbourhood, user__email="lucie@exemple.fr")
    ResidentFactory(neighbourhood=neighbourhood, unverified=True, user__email="paul@exemple.fr")
    other_budget = BudgetFactory(neighbourhood=elsewhere, submission=True)
    own_budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    consultation = ConsultationFactory(
        opened=True, audience=Consultation.Audience.NEIGHBOURHOOD, neighbourhood=elsewhere,
        commission=CommissionFactory(kind=Commission.Kind.NEIGHBOURHOOD_COUNCIL,
                                     neighbourhood=elsewhere))
    call = MemberCallFactory(seat_group=SeatGroupFactory(commission=CommissionFactory(
        kind=Commission.Kind.NEIGHBOURHOOD_COUNCIL, neighbourhood=elsewhere,
        name="Conseil de quartier de Rochebelle")))
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True)
    # when the verified resident opens each act of the other neighbourhood
    login(page, "lucie@exemple.fr")
    for url in (f"/budgets/{other_budget.pk}/deposer/", f"/commissions/consultations/"
                f"{consultation.pk}/", f"/commissions/appels/{call.pk}/"):
        page.goto(url)
        # then no form is offered: the reason and what to do are shown once
        notice = page.locator(".eligibility")
        expect(notice).to_contain_text("Il faut habiter ce quartier pour participer.")
        expect(notice).to_contain_text("Vous pouvez participer dans votre propre quartier.")
        expect(page.get_by_text("Il faut habiter ce quartier pour participer.")).to_have_count(1)
        expect(page.locator("main form[method=post]")).to_have_count(0)
    page.goto(f"/budgets/{own_budget.pk}/deposer/")
    expect(page.get_by_role("button", name="Déposer mon projet")).to_be_visible()
    # when the unverified resident opens the proposal form and the initiative
    page.context.clear_cookies()
    login(page, "paul@exemple.fr")
    page.goto(f"/budgets/{own_budget.pk}/deposer/")
    # then each says the account must be verified, with a link to do it, and no form
    expect(page.locator(".eligibility")).to_contain_text("pas encore vérifié")
    expect(page.get_by_role("link", name="Faire vérifier mon compte")).to_be_visible()
    expect(page.get_by_role("button", name="Déposer mon projet")).to_have_count(0)
    page.goto(f"/initiatives/{initiative.pk}/")
    expect(page.locator(".eligibility")).to_contain_text("pas encore vérifié")
    expect(page.get_by_role("button", name="Signer l'initiative")).to_have_count(0)
