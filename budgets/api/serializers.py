"""Output serializers shared by the budgets API views (inputs are nested in each view)."""

from typing import Any

from rest_framework import serializers

from budgets.ballot_input import choices_from_pairs
from budgets.errors import InvalidBallot
from budgets.models import (
    BudgetChapter,
    BudgetDebate,
    BudgetLine,
    Implementation,
    Milestone,
    ParticipatoryBudget,
    Proposal,
    Tally,
    TallyOutcome,
)
from civic.limits import MAX_POINTS
from civic.models import Comment, Neighbourhood


class BallotChoiceSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(min_value=1)
    points = serializers.IntegerField(min_value=0, max_value=MAX_POINTS, default=1)


class BallotChoicesField(serializers.ListField):
    """A ballot's choices, `[{"proposal": id, "points": n}]`, read by `budgets.ballot_input`.

    The one input of ballots in the API (casting, paper entries), with the same bounds and
    messages as the voting page and the counter; the charter's own limits are the service's.
    """

    child = BallotChoiceSerializer()

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty", True)
        super().__init__(**kwargs)

    # The validated value is the ballot's {proposal id: points}, not the list it is read from.
    def to_internal_value(self, data: Any) -> dict[int, int]:  # type: ignore[override]
        items = super().to_internal_value(data)
        try:
            return choices_from_pairs((item["proposal"], item["points"]) for item in items)
        except InvalidBallot as exc:
            raise serializers.ValidationError(str(exc.message), code=exc.code) from None


class BudgetSerializer(serializers.ModelSerializer):
    neighbourhood = serializers.SlugRelatedField[Neighbourhood](slug_field="code", read_only=True,
                                                 allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ParticipatoryBudget
        fields = [
            "id", "year", "neighbourhood", "title", "description", "envelope_cents", "status",
            "status_label", "submission_opens_at", "review_starts_at", "voting_opens_at",
            "voting_closes_at", "min_age", "residence", "require_verified", "ballot_kind",
            "min_projects", "max_projects", "min_share_percent", "points_total",
            "max_points_per_project", "rule", "min_score_threshold",
            "voting_requires_closed_debate", "unspent_use",
        ]
        read_only_fields = fields


class ReviewSerializer(serializers.Serializer):
    feasible = serializers.BooleanField()
    reason = serializers.CharField()
    cost_cents = serializers.IntegerField(allow_null=True)
    reviewed_at = serializers.DateTimeField()


class ProposalSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_short_name", read_only=True)
    review = serializers.SerializerMethodField()
    photo = serializers.FileField(read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = ["id", "budget", "title", "description", "location", "photo",
                  "estimated_cost_cents", "cost_cents", "status", "merged_into", "is_selected",
                  "author", "review", "created_at"]
        read_only_fields = fields

    def get_review(self, proposal: Proposal) -> dict | None:
        review = getattr(proposal, "review", None)
        return ReviewSerializer(review).data if review else None


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_short_name")
    body = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "status", "hidden_reason", "created_at"]

    def get_body(self, comment: Comment) -> str:
        return comment.body if comment.status == Comment.Status.VISIBLE else ""


class TallySerializer(serializers.ModelSerializer):
    class Meta:
        model = Tally
        fields = ["id", "status", "progress", "rule", "fingerprint", "ballot_count",
                  "created_at", "started_at", "finished_at", "duration_ms", "error"]


class OutcomeSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="proposal.title")

    class Meta:
        model = TallyOutcome
        fields = ["proposal", "title", "score", "supporters", "cost_cents", "selected", "step",
                  "explanation", "details"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "happened_on", "note", "photo"]


class ImplementationSerializer(serializers.ModelSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Implementation
        fields = ["proposal", "status", "progress_percent", "note", "updated_at", "milestones"]


class DebateSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetDebate
        fields = ["id", "year", "title", "introduction", "status", "opens_at", "closes_at",
                  "opened_at", "closed_at"]


class LineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "article", "label", "amount_cents"]


class ChapterSerializer(serializers.ModelSerializer):
    lines = LineSerializer(many=True, read_only=True)
    total_cents = serializers.IntegerField(read_only=True)

    class Meta:
        model = BudgetChapter
        fields = ["id", "code", "label", "total_cents", "lines"]
