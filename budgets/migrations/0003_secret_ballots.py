"""Secret ballots (docs/ballot-secrecy.md).

Ballots move from rows naming their voter to rows carrying only a keyed tag (votes still open)
or nothing at all (votes closed); receipts become random codes in a table of their own; paper
ballots keep keyed digests of each clerk's typing instead of the first clerk's choices.
"""

import secrets
import uuid
from collections import Counter, defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
OPEN_PAPER = ("pending",)
PAST_VOTING = ("tally", "results", "implementation")


def _code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))


def _content(choices: dict[int, int]) -> str:
    return ",".join(f"{pid}:{pts}" for pid, pts in sorted(choices.items()))


def _move_ballots(apps, schema_editor):
    from civic.secrecy import content_digest, key_fingerprint, person_tag

    Budget = apps.get_model("budgets", "ParticipatoryBudget")
    Legacy = apps.get_model("budgets", "Ballot")
    LegacyChoice = apps.get_model("budgets", "BallotChoice")
    Ballot = apps.get_model("budgets", "SecretBallot")
    Receipt = apps.get_model("budgets", "SecretBallotReceipt")
    Resident = apps.get_model("civic", "Resident")
    Entry = apps.get_model("budgets", "PaperBallotEntry")
    Keying = apps.get_model("budgets", "PaperBallotKeying")
    rng = secrets.SystemRandom()

    for budget in Budget.objects.all():
        choices: dict[int, dict[int, int]] = defaultdict(dict)
        for ballot_id, proposal_id, points in LegacyChoice.objects.filter(
                budget_id=budget.pk).values_list("ballot_id", "proposal_id", "points"):
            choices[ballot_id][proposal_id] = points
        voters = dict(Legacy.objects.filter(budget_id=budget.pk).values_list("id", "voter_id"))
        if not voters:
            continue
        sealed = budget.status in PAST_VOTING
        rows = list(voters.items())
        rng.shuffle(rows)
        ballots, receipts, codes = [], [], set()
        for ballot_id, voter_id in rows:
            tag = None if sealed else person_tag(scope=f"ballot:{budget.pk}", person_id=voter_id)
            ballots.append(Ballot(budget_id=budget.pk, voter_tag=tag,
                                  content=_content(choices[ballot_id])))
            code = _code()
            while code in codes:
                code = _code()
            codes.add(code)
            holder = None if sealed else person_tag(scope=f"receipt:{budget.pk}",
                                                    person_id=voter_id)
            receipts.append(Receipt(budget_id=budget.pk, holder_tag=holder, code=code,
                                    issued=True))
        rng.shuffle(receipts)
        Ballot.objects.bulk_create(ballots, batch_size=2000)
        Receipt.objects.bulk_create(receipts, batch_size=2000)
        if sealed:
            hoods = dict(Resident.objects.filter(user_id__in=voters.values()).values_list(
                "user_id", "neighbourhood_id"))
            turnout = Counter(str(hoods.get(v) or "") for v in voters.values())
            Budget.objects.filter(pk=budget.pk).update(turnout=dict(turnout))
        else:
            Budget.objects.filter(pk=budget.pk).update(secrecy_key_fingerprint=key_fingerprint())

    for entry in Entry.objects.all():
        typed = {int(pid): int(pts) for pid, pts in entry.first_choices.items()}
        confirmed = entry.status == "confirmed"
        digest = "" if entry.status not in OPEN_PAPER else content_digest(
            scope=f"paper:{entry.pk}", content=_content(typed))
        Keying.objects.create(entry_id=entry.pk, clerk_id=entry.first_clerk_id,
                              entered_at=entry.first_entered_at, digest=digest, agreed=confirmed)
        if confirmed and entry.second_clerk_id:
            Keying.objects.create(entry_id=entry.pk, clerk_id=entry.second_clerk_id,
                                  entered_at=entry.confirmed_at or entry.first_entered_at,
                                  agreed=True)


def _room_to_fill_in_place(apps, schema_editor):
    """Half of each page left free, so filling a slot rewrites it on its own page (PostgreSQL
    puts an updated row on the same page when it fits) instead of at the end of the table,
    where the order of the rows would again follow the order of voting."""
    if schema_editor.connection.vendor == "postgresql":
        for table in ("budgets_ballot", "budgets_ballotreceipt"):
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = 50)")


class Migration(migrations.Migration):

    dependencies = [
        ("budgets", "0002_paper_ballot_entry"),
        ("civic", "0004_notification_preferences"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The new tables are made under other names first, so the old ones (and their index
        # names) are gone before they take the names "Ballot" and "BallotReceipt".
        migrations.CreateModel(
            name="SecretBallot",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True,
                                        serialize=False)),
                ("voter_tag", models.CharField(blank=True, max_length=64, null=True)),
                ("content", models.TextField(blank=True)),
                ("budget", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name="ballots",
                                             to="budgets.participatorybudget")),
            ],
            options={
                "verbose_name": "bulletin",
                "verbose_name_plural": "bulletins",
                "indexes": [models.Index(condition=models.Q(("content", "")),
                                         fields=["budget", "id"], name="ballot_free_slot_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("budget", "voter_tag"),
                                            name="ballot_one_per_voter_tag"),
                ],
            },
        ),
        migrations.CreateModel(
            name="SecretBallotReceipt",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True,
                                        serialize=False)),
                ("holder_tag", models.CharField(blank=True, max_length=64, null=True)),
                ("code", models.CharField(max_length=16, verbose_name="reçu")),
                ("issued", models.BooleanField(default=False)),
                ("budget", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name="receipts",
                                             to="budgets.participatorybudget")),
            ],
            options={
                "verbose_name": "reçu de vote",
                "verbose_name_plural": "reçus de vote",
                "indexes": [models.Index(condition=models.Q(("issued", False)),
                                         fields=["budget", "id"],
                                         name="ballot_receipt_free_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("budget", "holder_tag"),
                                            name="ballot_receipt_one_per_voter_tag"),
                    models.UniqueConstraint(fields=("budget", "code"),
                                            name="ballot_receipt_code_unique"),
                ],
            },
        ),
        migrations.AddField(
            model_name="participatorybudget",
            name="secrecy_key_fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name="participatorybudget",
            name="turnout",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.CreateModel(
            name="PaperBallotKeying",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("entered_at", models.DateTimeField(verbose_name="saisi le")),
                ("digest", models.CharField(blank=True, max_length=64)),
                ("agreed", models.BooleanField(default=False, verbose_name="concordante")),
                ("clerk", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to=settings.AUTH_USER_MODEL)),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="keyings",
                                            to="budgets.paperballotentry")),
            ],
            options={
                "verbose_name": "saisie d'un bulletin papier",
                "verbose_name_plural": "saisies de bulletins papier",
                "ordering": ["entered_at", "pk"],
                "constraints": [models.UniqueConstraint(fields=("entry", "clerk"),
                                                        name="paper_keying_one_per_clerk")],
            },
        ),
        migrations.AddField(
            model_name="paperballotentry",
            name="replaces_online",
            field=models.BooleanField(default=False, verbose_name="remplace un vote déjà compté"),
        ),
        migrations.RunPython(_move_ballots, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="paperballotentry",
            name="paper_ballot_one_pending_per_voter",
        ),
        migrations.AddConstraint(
            model_name="paperballotentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["pending", "disputed"])),
                fields=("budget", "voter"), name="paper_ballot_one_open_per_voter"),
        ),
        migrations.AlterField(
            model_name="paperballotentry",
            name="status",
            field=models.CharField(
                choices=[("pending", "en attente d'une seconde saisie"),
                         ("disputed", "saisies discordantes : une autre saisie départagera"),
                         ("confirmed", "confirmé"), ("cancelled", "annulé")],
                default="pending", max_length=10),
        ),
        migrations.RemoveField(model_name="paperballotentry", name="first_choices"),
        migrations.RemoveField(model_name="paperballotentry", name="ballot"),
        migrations.RemoveField(model_name="paperballotentry", name="receipt"),
        migrations.DeleteModel(name="BallotChoice"),
        migrations.DeleteModel(name="Ballot"),
        migrations.RenameModel("SecretBallot", "Ballot"),
        migrations.RenameModel("SecretBallotReceipt", "BallotReceipt"),
        migrations.RunPython(_room_to_fill_in_place, migrations.RunPython.noop),
    ]
