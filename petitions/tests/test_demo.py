import pytest

from civic import demo as civic_demo
from civic.models import AuditEntry, Comment, CouncilSession, Notification, Resident
from petitions import demo
from petitions.models import CitizenInitiative, InitiativeCharter, Signature

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        CitizenInitiative, Signature, InitiativeCharter, Resident, CouncilSession, Comment,
        Notification, AuditEntry)}


def test_demo_seed_shows_every_state_and_running_it_twice_creates_nothing_new():
    # given the civic demo (neighbourhoods, council, demo accounts)
    civic_demo.seed(lambda _line: None)
    # when the initiatives demo runs twice
    demo.seed(lambda _line: None)
    first = _counts()
    demo.seed(lambda _line: None)
    # then every state of the life cycle is shown, and the second run added nothing
    assert set(CitizenInitiative.objects.values_list("status", flat=True)) == set(
        CitizenInitiative.Status.values)
    assert _counts() == first
    answered = CitizenInitiative.objects.get(status="answered")
    assert answered.signature_count == Signature.objects.filter(
        initiative=answered, status="valid").count() == 25
    expired = CitizenInitiative.objects.get(status="expired")
    assert expired.charter.version < answered.charter.version
