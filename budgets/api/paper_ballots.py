"""API for the counter's paper ballots (clerks only): two entries by two clerks, or cancel.

The first entry's choices are never returned, so the second clerk types the form blind.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import paper_selectors, selectors
from budgets.models import PaperBallotEntry
from budgets.services import paper_ballots
from civic.api.pagination import PageNumberPagination
from civic.api.permissions import IsStaffMember
from civic.models import Resident


class PaperBallotOutputSerializer(serializers.ModelSerializer):
    voter_name = serializers.CharField(source="voter.get_full_name")
    first_clerk = serializers.CharField(source="first_clerk.get_full_name")
    second_clerk = serializers.CharField(source="second_clerk.get_full_name", default=None)

    class Meta:
        model = PaperBallotEntry
        fields = ["id", "budget", "voter", "voter_name", "status", "form_reference",
                  "first_clerk", "first_entered_at", "second_clerk", "confirmed_at",
                  "mismatches", "receipt", "cancelled_at", "cancel_reason"]


class PaperChoiceSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    points = serializers.IntegerField(min_value=1, max_value=1000, default=1)


def _choices(items: list[dict[str, int]]) -> dict[int, int]:
    choices: dict[int, int] = {}
    for item in items:
        if item["proposal"] in choices:
            raise serializers.ValidationError({"choices": ["Un projet figure deux fois."]})
        choices[item["proposal"]] = item["points"]
    return choices


class PaperBallotFirstEntryApi(APIView):
    """First entry of a resident's paper ballot; it counts only after a second clerk's entry."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        resident = serializers.IntegerField()
        choices = PaperChoiceSerializer(many=True, allow_empty=True)
        form_reference = serializers.CharField(max_length=40, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: PaperBallotOutputSerializer})
    def post(self, request, pk: int) -> Response:  # type: ignore[no-untyped-def]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        budget = selectors.budget_get(pk=pk)
        resident = get_object_or_404(Resident.objects.select_related("user"),
                                     pk=data.validated_data["resident"])
        entry = paper_ballots.paper_ballot_enter_first(
            budget=budget, voter=resident.user, clerk=request.user,
            choices=_choices(data.validated_data["choices"]),
            form_reference=data.validated_data.get("form_reference", ""))
        return Response(PaperBallotOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class PaperBallotPendingListApi(APIView):
    """Paper ballots waiting for their second entry (without the first entry's choices)."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(responses=inline_serializer("PaginatedPaperBallotList", {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": PaperBallotOutputSerializer(many=True),
    }))
    def get(self, request) -> Response:  # type: ignore[no-untyped-def]
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(paper_selectors.paper_ballot_list_pending(), request)
        return paginator.get_paginated_response(
            PaperBallotOutputSerializer(page, many=True).data)


class PaperBallotSecondEntryApi(APIView):
    """Second entry by another clerk: identical entries cast the ballot; else 409 with details."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        choices = PaperChoiceSerializer(many=True, allow_empty=True)

    @extend_schema(request=InputSerializer, responses=PaperBallotOutputSerializer)
    def post(self, request, pk: int) -> Response:  # type: ignore[no-untyped-def]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = paper_ballots.paper_ballot_enter_second(
            entry=paper_selectors.paper_ballot_get(pk=pk), clerk=request.user,
            choices=_choices(data.validated_data["choices"]))
        return Response(PaperBallotOutputSerializer(entry).data)


class PaperBallotCancelApi(APIView):
    """Cancel a paper ballot still waiting for its second entry."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses=PaperBallotOutputSerializer)
    def post(self, request, pk: int) -> Response:  # type: ignore[no-untyped-def]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = paper_ballots.paper_ballot_cancel(
            entry=paper_selectors.paper_ballot_get(pk=pk), clerk=request.user,
            reason=data.validated_data["reason"])
        return Response(PaperBallotOutputSerializer(entry).data)
