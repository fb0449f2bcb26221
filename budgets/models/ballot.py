"""Secret ballots and their receipts (docs/ballot-secrecy.md).

A `Ballot` row holds what was chosen and a keyed tag standing for the voter; a `BallotReceipt`
row holds a receipt code and another, unrelated tag. Nothing in either names the voter, orders
it in time or joins the two: the ids are random, there is no timestamp, and the rows are
"slots" created in advance in a random order and filled in place, so their physical order in
the table (what a dump or a backup lists) says nothing about the order of voting (PostgreSQL
keeps half of each page of these tables free, so a filled slot stays on its page). When voting
closes the filled rows are rewritten in a new random order and the tags are dropped, after
which nobody, key holder included, can find a voter's ballot again.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Ballot(models.Model):
    """One voter's ballot for one budget, or a free slot waiting for one (`content` empty).

    `content` is the canonical text of the choices, "<proposal id>:<points>" joined by commas
    in ascending proposal id (points are 1 on approval and knapsack ballots), so identical
    ballots are identical strings and the tally groups them in the database. The unique
    constraint on (budget, voter_tag) is what keeps one ballot per voter, whatever the
    concurrency.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="ballots")
    # HMAC of the voter under the secrecy key (civic/secrecy.py); random in a free slot, so
    # that filling it does not grow the row (a grown row may have to move to another page,
    # at the end of the table, in the order of voting); null once voting closed.
    voter_tag = models.CharField(max_length=64, null=True, blank=True)
    content = models.TextField(blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter_tag"],
                                    name="ballot_one_per_voter_tag"),
        ]
        indexes = [
            models.Index(fields=["budget", "id"], condition=Q(content=""),
                         name="ballot_free_slot_idx"),
        ]

    def __str__(self) -> str:
        return str(_("bulletin secret"))


class BallotReceipt(models.Model):
    """A receipt code handed to one voter of one budget, or a free one (`issued` false).

    Kept apart from the ballot, under a tag of another scope: knowing a voter's receipt
    tells which row of this table is theirs, never which ballot.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="receipts")
    holder_tag = models.CharField(max_length=64, null=True, blank=True)
    code = models.CharField(_("reçu"), max_length=16)
    issued = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reçu de vote")
        verbose_name_plural = _("reçus de vote")
        constraints = [
            models.UniqueConstraint(fields=["budget", "holder_tag"],
                                    name="ballot_receipt_one_per_voter_tag"),
            models.UniqueConstraint(fields=["budget", "code"], name="ballot_receipt_code_unique"),
        ]
        indexes = [
            models.Index(fields=["budget", "id"], condition=Q(issued=False),
                         name="ballot_receipt_free_idx"),
        ]

    def __str__(self) -> str:
        return self.code
