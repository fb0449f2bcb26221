import pytest
from django.core.management import call_command

from civic.models import AuditEntry
from commissions.models import (
    Application,
    Commission,
    Consultation,
    Meeting,
    MemberCall,
    Membership,
    Opinion,
    Response,
    Sortition,
)
from commissions.selectors import opinions_overdue
from commissions.sortition import sortition_draw

pytestmark = pytest.mark.django_db

MODELS = [Commission, MemberCall, Application, Sortition, Membership, Meeting, Opinion,
          Consultation, Response, AuditEntry]


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_seed_demo_shows_every_state_and_creates_nothing_the_second_time():
    # given the demo loaded once
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = _counts()
    # when it is loaded again
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    # then nothing new was created
    assert _counts() == first
    # and every state of the life cycle is on show
    assert set(Commission.objects.values_list("kind", flat=True)) == {
        "extra_municipal", "facility_committee", "neighbourhood_council"}
    assert set(MemberCall.objects.values_list("status", flat=True)) == {
        "open", "closed", "completed"}
    assert set(Meeting.objects.values_list("status", flat=True)) == {
        "planned", "held", "cancelled"}
    assert set(Opinion.objects.values_list("status", flat=True)) == {
        "adopted", "sent", "answered"}
    assert set(Consultation.objects.values_list("status", flat=True)) == {
        "draft", "open", "closed"}
    assert opinions_overdue().exists()
    assert Meeting.objects.filter(visibility="closed", documents__isnull=False).exists()
    # and the demo's draw replays from its published seed
    sortition = Sortition.objects.get()
    ids = [row["application_id"] for row in sortition.candidates]
    assert sortition_draw(sortition.seed, ids, sortition.seats) == sortition.selected
