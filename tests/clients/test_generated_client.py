"""An API client as a third party would build it: `openapi-python-client` generates a Python
package from the served schema, and that package alone drives a live server through a
resident's everyday journey (log in, list budgets, vote, sign an initiative, read meetings)."""

import importlib
import json
import re
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.tests.factories import ResidentFactory
from commissions.tests.factories import MeetingFactory
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "decidons_client"
# No post-generation hooks: the package must work as generated, not after a formatter.
CONFIG = f"post_hooks: []\nproject_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\n"


class Generated:
    """The generated package, and its modules found as a client's developer would: by the
    operation's method and path in the schema (whatever the operation ids become)."""

    def __init__(self, package: ModuleType, schema: dict) -> None:
        self.package = package
        self.schema = schema
        self.models = importlib.import_module(f"{PACKAGE}.models")

    def operation(self, method: str, path: str) -> ModuleType:
        operation = self.schema["paths"][path][method.lower()]
        module = re.sub(r"\W+", "_", operation["operationId"]).lower()
        tag = re.sub(r"\W+", "_", operation["tags"][0]).lower()
        return importlib.import_module(f"{PACKAGE}.api.{tag}.{module}")

    @staticmethod
    def body_type(module: ModuleType) -> type:
        """The class of an operation's JSON body, from its function's signature."""
        hint = typing.get_type_hints(module.sync_detailed)["body"]
        return next(arg for arg in typing.get_args(hint) or (hint,)
                    if arg.__name__ != "Unset")


@pytest.fixture
def generated(live_server, tmp_path):
    """The package generated from the live server's schema, importable for this test."""
    schema = tmp_path / "schema.json"
    schema.write_bytes(httpx.get(f"{live_server.url}/api/schema/?format=json").content)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG)
    generator = Path(sys.executable).with_name("openapi-python-client")
    run = subprocess.run(
        [str(generator), "generate", "--path", str(schema), "--meta", "none",
         "--output-path", str(tmp_path / PACKAGE), "--config", str(config)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield Generated(importlib.import_module(PACKAGE), json.loads(schema.read_text()))
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def test_every_module_of_the_generated_client_imports(generated):
    # given
    api = Path(generated.package.__file__).parent / "api"
    modules = [f"{PACKAGE}.{path.relative_to(api.parent).with_suffix('').as_posix()}"
               .replace("/", ".") for path in api.rglob("*.py") if path.stem != "__init__"]
    # when
    failures = {}
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 — reported below, one line per module
            failures[name] = repr(exc)
    # then
    assert len(modules) > 100
    assert failures == {}


def test_a_generated_client_logs_in_lists_budgets_votes_signs_and_reads_meetings(
        generated, live_server):
    # given a resident, a budget open for voting, an initiative collecting signatures and
    # a public meeting
    resident = ResidentFactory()
    budget = BudgetFactory(neighbourhood=resident.neighbourhood, voting=True,
                           title="BP Centre-ville")
    garden = ProposalFactory(budget=budget, feasible=True, title="Jardin partagé")
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Une piste cyclable rue d'Avéjan")
    meeting = MeetingFactory(title="Conseil de quartier de mars")
    token_obtain = generated.operation("POST", "/api/v1/auth/token/")
    budget_list = generated.operation("GET", "/api/v1/budgets/")
    ballot_cast = generated.operation("POST", "/api/v1/budgets/{id}/ballot/cast/")
    signature_add = generated.operation("POST", "/api/v1/initiatives/{id}/sign/")
    meeting_list = generated.operation("GET", "/api/v1/meetings/")
    models = generated.models
    anonymous = generated.package.Client(base_url=live_server.url)

    # when the client logs in with the resident's e-mail and password
    login = token_obtain.sync_detailed(client=anonymous, body=generated.body_type(token_obtain)(
        username=resident.user.email, password="motdepasse-solide-42"))
    # then it gets a token, and uses it from now on
    assert login.status_code == 200, login.content
    client = generated.package.AuthenticatedClient(base_url=live_server.url,
                                                   token=login.parsed.token, prefix="Token")

    # when it lists the budgets
    listed = budget_list.sync(client=client, status=models.BudgetStatusEnum("voting"))
    # then the open budget is there, typed
    assert [(b.id, b.title) for b in listed.results] == [(budget.pk, "BP Centre-ville")]

    # when it casts a ballot
    cast = ballot_cast.sync_detailed(budget.pk, client=client, body=generated.body_type(
        ballot_cast)(choices=[models.BallotChoiceRequest(proposal=garden.pk)]))
    # then it gets a receipt, found in the published list
    assert cast.status_code == 200, cast.content
    receipts = httpx.get(f"{live_server.url}/api/v1/budgets/{budget.pk}/receipts/").json()
    assert receipts["receipts"] == [cast.parsed.receipt]

    # when it signs the initiative
    signed = signature_add.sync_detailed(initiative.pk, client=client,
                                         body=generated.body_type(signature_add)(show_name=True))
    # then the signature is recorded under the resident's name
    assert signed.status_code == 201, signed.content
    assert signed.parsed.show_name is True
    initiative.refresh_from_db()
    assert initiative.signature_count == 1

    # when it reads the meetings
    meetings = meeting_list.sync(client=client)
    # then the public meeting is listed with its title and date
    assert [(m.id, m.title) for m in meetings.results] == [(meeting.pk, meeting.title)]
    assert meetings.results[0].starts_at == meeting.starts_at
