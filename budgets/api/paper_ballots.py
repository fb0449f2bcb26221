"""API for the counter's paper ballots (clerks only): two entries by two clerks, or cancel.

No answer ever returns what another clerk typed, not even on disagreement: each clerk types
the form blind, and when two typings disagree a further clerk's typing decides. A 409
`confirmation_needed` answer names, in `fields`, a box the clerk must tick (`replace_online`,
`reuse_form_reference`) after checking with the resident.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import paper_selectors, selectors
from budgets.api.serializers import BallotChoicesField
from budgets.models import PaperBallotEntry
from budgets.services import paper_ballots
from civic.api.pagination import PageNumberPagination
from civic.api.permissions import IsStaffMember
from civic.http import AuthenticatedRequest
from civic.models import Resident


class PaperBallotKeyingSerializer(serializers.Serializer):
    clerk = serializers.CharField(source="clerk.get_full_name")
    entered_at = serializers.DateTimeField()
    agreed = serializers.BooleanField()


class PaperBallotOutputSerializer(serializers.ModelSerializer):
    voter_name = serializers.CharField(source="voter.get_full_name")
    first_clerk = serializers.CharField(source="first_clerk.get_full_name")
    second_clerk = serializers.CharField(source="second_clerk.get_full_name", default=None)
    keyings = PaperBallotKeyingSerializer(
        many=True, read_only=True, help_text="Saisies faites : agent et date, jamais leur contenu.")

    class Meta:
        model = PaperBallotEntry
        fields = ["id", "budget", "voter", "voter_name", "status", "form_reference",
                  "first_clerk", "first_entered_at", "second_clerk", "confirmed_at",
                  "mismatches", "replaces_online", "keyings", "cancelled_at", "cancel_reason"]


class PaperBallotFirstEntryApi(APIView):
    """First entry of a resident's paper ballot; it counts only after a second clerk's entry."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        resident = serializers.IntegerField()
        choices = BallotChoicesField()
        form_reference = serializers.CharField(max_length=40, required=False, allow_blank=True)
        replace_online = serializers.BooleanField(
            default=False, help_text="La personne a déjà voté et veut que ce bulletin "
                                     "papier remplace ce vote.")
        reuse_form_reference = serializers.BooleanField(
            default=False, help_text="Ce numéro de formulaire a déjà servi et c'est voulu.")

    @extend_schema(request=InputSerializer, responses={201: PaperBallotOutputSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        budget = selectors.budget_get(pk=pk)
        resident = get_object_or_404(Resident.objects.select_related("user"),
                                     pk=data.validated_data["resident"])
        entry = paper_ballots.paper_ballot_enter_first(
            budget=budget, voter=resident.user, clerk=request.user,
            choices=data.validated_data["choices"],
            form_reference=data.validated_data.get("form_reference", ""),
            replace_online=data.validated_data["replace_online"],
            reuse_form_reference=data.validated_data["reuse_form_reference"])
        return Response(PaperBallotOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class PaperBallotPendingListApi(APIView):
    """Paper ballots waiting for a further typing (never with what was typed)."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(responses=inline_serializer("PaginatedPaperBallotList", {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": PaperBallotOutputSerializer(many=True),
    }))
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(paper_selectors.paper_ballot_list_pending(), request)
        return paginator.get_paginated_response(
            PaperBallotOutputSerializer(page, many=True).data)


class PaperBallotSecondEntryApi(APIView):
    """A further blind typing by another clerk: agreeing with an earlier one casts the ballot;
    otherwise 409 `paper_ballot_mismatch`, which says only that the typings differ."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        choices = BallotChoicesField()
        replace_online = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses=PaperBallotOutputSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = paper_ballots.paper_ballot_enter_second(
            entry=paper_selectors.paper_ballot_get(pk=pk), clerk=request.user,
            choices=data.validated_data["choices"],
            replace_online=data.validated_data["replace_online"])
        return Response(PaperBallotOutputSerializer(entry).data)


class PaperBallotCancelApi(APIView):
    """Cancel a paper ballot not yet counted."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses=PaperBallotOutputSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = paper_ballots.paper_ballot_cancel(
            entry=paper_selectors.paper_ballot_get(pk=pk), clerk=request.user,
            reason=data.validated_data["reason"])
        return Response(PaperBallotOutputSerializer(entry).data)
