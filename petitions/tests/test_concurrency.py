"""200 residents signing at once on PostgreSQL: the counter and the threshold event are exact."""

import threading

import pytest
from django.db import connection

from civic.models import AuditEntry, Notification
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory
from petitions.models import CitizenInitiative, Signature
from petitions.services.signatures import signature_add
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

SIGNERS = 200
# The server allows 100 connections, shared with other test runs: every signer has its own
# thread and its own connection, but at most this many are open at the same moment.
MAX_OPEN_CONNECTIONS = 30


@pytest.mark.django_db(transaction=True)
def test_200_residents_signing_at_once_count_exactly_200_and_reach_the_threshold_once(
    postgres_only,
):
    # given an initiative needing exactly 200 signatures and 200 eligible residents
    charter = InitiativeCharterFactory(threshold_absolute=SIGNERS, yearly_signature_limit=5)
    initiative = CitizenInitiativeFactory(charter=charter, collecting=True,
                                          signature_threshold=SIGNERS)
    neighbourhood = NeighbourhoodFactory()
    residents = [ResidentFactory(neighbourhood=neighbourhood) for _ in range(SIGNERS)]
    start = threading.Barrier(SIGNERS)
    gate = threading.BoundedSemaphore(MAX_OPEN_CONNECTIONS)
    errors: list[BaseException] = []

    def sign(resident):  # runs in its own thread, with its own database connection
        start.wait()
        with gate:
            try:
                signature_add(initiative=initiative, resident=resident)
            except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
                errors.append(exc)
            finally:
                connection.close()

    # when they all sign at once
    threads = [threading.Thread(target=sign, args=(r,)) for r in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every signature counts, and the threshold was crossed by exactly one of them
    assert errors == []
    initiative.refresh_from_db()
    assert initiative.signature_count == SIGNERS
    assert Signature.objects.filter(initiative=initiative, status="valid").count() == SIGNERS
    assert initiative.status == CitizenInitiative.Status.THRESHOLD_REACHED
    assert initiative.transitions.filter(to_status="threshold_reached").count() == 1
    assert AuditEntry.objects.filter(verb="initiative.threshold_reached").count() == 1
    reached = Notification.objects.filter(kind="initiative_threshold_reached", channel="email")
    assert reached.values("dedupe_key").distinct().count() == 1
    assert reached.count() == SIGNERS + 1  # every signer and the lead promoter, once each
