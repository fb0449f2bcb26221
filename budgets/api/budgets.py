"""API: participatory budgets, their phases, proposals and feasibility review."""

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import selectors
from budgets.api.serializers import BudgetSerializer, CommentSerializer, ProposalSerializer
from budgets.models import BallotKind, ParticipatoryBudget, Proposal, WinnerRule
from budgets.models.proposal import ProposalStatus
from budgets.services import budgets as budget_services
from budgets.services import proposals as proposal_services
from budgets.states import BudgetStatus
from civic.api.fields import CodeRelatedField, TownDateTimeField
from civic.api.parsers import JSONParser
from civic.api.permissions import IsStaffMember
from civic.eligibility import ResidenceScope
from civic.http import AuthenticatedRequest
from civic.limits import MAX_CENTS, MAX_PEOPLE, MAX_POINTS, MAX_PROJECTS
from civic.models import Neighbourhood
from civic.services.comments import comment_create


class BudgetFilter(django_filters.FilterSet):
    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code")
    status = django_filters.ChoiceFilter(choices=BudgetStatus.choices)

    class Meta:
        model = ParticipatoryBudget
        fields = ["year", "neighbourhood", "status"]


class BudgetListApi(generics.ListAPIView):
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilter

    def get_queryset(self) -> QuerySet[ParticipatoryBudget]:
        return selectors.budget_list()


class BudgetDetailApi(APIView):
    @extend_schema(responses=BudgetSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(BudgetSerializer(selectors.budget_get(pk=pk)).data)


class BudgetCreateApi(APIView):
    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        neighbourhood = CodeRelatedField(
            slug_field="code", queryset=Neighbourhood.objects.all(), allow_null=True,
            required=False, help_text="Code du quartier ; vide pour un budget de toute la ville.")
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        envelope_cents = serializers.IntegerField(min_value=1, max_value=MAX_CENTS)
        min_age = serializers.IntegerField(min_value=0, max_value=120, required=False,
                                           allow_null=True)
        residence = serializers.ChoiceField(ResidenceScope.choices, required=False)
        require_verified = serializers.BooleanField(required=False)
        ballot_kind = serializers.ChoiceField(BallotKind.choices, required=False)
        min_projects = serializers.IntegerField(min_value=0, max_value=MAX_PROJECTS,
                                                required=False)
        max_projects = serializers.IntegerField(min_value=1, max_value=MAX_PROJECTS,
                                                required=False, allow_null=True)
        min_share_percent = serializers.IntegerField(min_value=0, max_value=100, required=False,
                                                     allow_null=True)
        points_total = serializers.IntegerField(min_value=1, max_value=MAX_POINTS,
                                                required=False, allow_null=True)
        max_points_per_project = serializers.IntegerField(min_value=1, max_value=MAX_POINTS,
                                                          required=False,
                                                          allow_null=True)
        rule = serializers.ChoiceField(WinnerRule.choices, required=False)
        min_score_threshold = serializers.IntegerField(min_value=0, max_value=MAX_PEOPLE,
                                                       required=False,
                                                       allow_null=True)
        voting_requires_closed_debate = serializers.BooleanField(required=False)
        unspent_use = serializers.CharField(max_length=1000, required=False, allow_blank=True)
        submission_opens_at = TownDateTimeField(required=False, allow_null=True)
        review_starts_at = TownDateTimeField(required=False, allow_null=True)
        voting_opens_at = TownDateTimeField(required=False, allow_null=True)
        voting_closes_at = TownDateTimeField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: BudgetSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("neighbourhood", None)
        budget = budget_services.budget_create(actor=request.user, **values)
        return Response(BudgetSerializer(budget).data, status=status.HTTP_201_CREATED)


class BudgetTransitionApi(APIView):
    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        target = serializers.ChoiceField(BudgetStatus.choices)

    @extend_schema(request=InputSerializer, responses=BudgetSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        budget = budget_services.budget_transition(
            budget=selectors.budget_get(pk=pk), target=data.validated_data["target"],
            actor=request.user)
        return Response(BudgetSerializer(budget).data)


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)


class ProposalListApi(generics.ListAPIView):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter

    def get_queryset(self) -> QuerySet[Proposal]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no URL kwargs
            return Proposal.objects.none()
        return selectors.proposal_list_for_budget(budget=selectors.budget_get(pk=self.kwargs["pk"]))


class ProposalDetailApi(APIView):
    @extend_schema(responses=ProposalSerializer)
    def get(self, request: Request, pk: int) -> Response:
        proposal = selectors.proposal_get(pk=pk)
        if proposal.status == ProposalStatus.WITHDRAWN and proposal.author_id != request.user.pk:
            raise Http404  # a withdrawn project is its author's alone
        body = ProposalSerializer(proposal, context={"request": request}).data
        return Response(body)


class ProposalWithdrawApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=ProposalSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """The author withdraws their project, only before the feasibility study and while
        the budget accepts projects: it leaves the public lists and ballots, its co-authors
        are notified, and it stays visible to its author alone."""
        proposal = proposal_services.proposal_withdraw(proposal=selectors.proposal_get(pk=pk),
                                                       actor=request.user)
        return Response(ProposalSerializer(proposal, context={"request": request}).data)


class ProposalSubmitApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=160)
        description = serializers.CharField(max_length=5000)
        location = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                         default="")
        estimated_cost_cents = serializers.IntegerField(min_value=1, max_value=MAX_CENTS)
        photo = serializers.FileField(required=False, allow_null=True,
                                      help_text="JPEG, PNG ou WebP, 5 Mo au plus.")

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: ProposalSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_services.proposal_submit(
            budget=selectors.budget_get(pk=pk), author=request.user, **data.validated_data)
        body = ProposalSerializer(proposal, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ProposalCoAuthorAddApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "invite"

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    @extend_schema(request=InputSerializer, responses={202: inline_serializer(
        "CoAuthorInvitation", {"detail": serializers.CharField()})})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Invite a co-author by e-mail. The same answer whatever the address (no account,
        not eligible, already invited): only a resident who may co-sign gets the invitation,
        and shows among the authors once they accepted it."""
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = selectors.proposal_get(pk=pk)
        proposal_services.proposal_coauthor_invite(
            proposal=proposal, email=data.validated_data["email"], actor=request.user)
        return Response({"detail": proposal_services.COAUTHOR_INVITED},
                        status=status.HTTP_202_ACCEPTED)


class CoAuthorAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    proposal = serializers.IntegerField(source="proposal_id")
    proposal_title = serializers.CharField(source="proposal.title")
    accepted_at = TownDateTimeField(allow_null=True)
    declined_at = TownDateTimeField(allow_null=True)


class CoAuthorInvitationAcceptApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=CoAuthorAnswerSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Accept an invitation to co-sign a proposal (its invitee only; 404 for anyone
        else). The caller must still be able to take part in the budget, in a phase where
        co-authors may join; they then show among the proposal's authors."""
        link = selectors.coauthor_invitation_get_for_user(pk=pk, user=request.user)
        link = proposal_services.proposal_coauthor_accept(link=link, user=request.user)
        return Response(CoAuthorAnswerSerializer(link).data)


class CoAuthorInvitationDeclineApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=CoAuthorAnswerSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Decline an invitation to co-sign a proposal (its invitee only; 404 for anyone
        else). The author is not told who declined; inviting the same address again does
        nothing."""
        link = selectors.coauthor_invitation_get_for_user(pk=pk, user=request.user)
        link = proposal_services.proposal_coauthor_decline(link=link, user=request.user)
        return Response(CoAuthorAnswerSerializer(link).data)


class ProposalReviewApi(APIView):
    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        feasible = serializers.BooleanField()
        reason = serializers.CharField(max_length=3000)
        cost_cents = serializers.IntegerField(
            min_value=1, max_value=MAX_CENTS, required=False, allow_null=True,
            help_text="Obligatoire pour un projet réalisable ; facultatif sinon.")

    @extend_schema(request=InputSerializer, responses=ProposalSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = selectors.proposal_get(pk=pk)
        proposal_services.proposal_review(proposal=proposal, reviewer=request.user,
                                          **data.validated_data)
        body = ProposalSerializer(selectors.proposal_get(pk=pk), context={"request": request}).data
        return Response(body)


class ProposalMergeApi(APIView):
    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        into = serializers.IntegerField(help_text="Projet qui absorbe celui-ci.")

    @extend_schema(request=InputSerializer, responses=ProposalSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_services.proposal_merge(
            proposal=selectors.proposal_get(pk=pk),
            into=selectors.proposal_get(pk=data.validated_data["into"]), actor=request.user)
        return Response(ProposalSerializer(proposal, context={"request": request}).data)


class ProposalCommentCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=5000)

    @extend_schema(request=InputSerializer, responses={201: CommentSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = comment_create(target=selectors.proposal_get(pk=pk), author=request.user,
                                 body=data.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
