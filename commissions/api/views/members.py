"""Calls for members, applications, draws by lot, appointments, resignations, vacancies."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.http import AuthenticatedRequest
from civic.models import User
from commissions import selectors
from commissions.api.serializers import (
    ApplicationSerializer,
    MemberCallSerializer,
    MembershipSerializer,
    SortitionSerializer,
)
from commissions.models import Application, MemberCall
from commissions.services import calls, members, sortitions


class MemberCallListApi(generics.ListAPIView):
    """Calls for members open to applications."""

    serializer_class = MemberCallSerializer

    def get_queryset(self) -> QuerySet[MemberCall]:
        return selectors.member_call_list_open()


class MemberCallDetailApi(APIView):
    @extend_schema(responses=MemberCallSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(MemberCallSerializer(selectors.member_call_get(pk=pk)).data)


class MemberCallOpenApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(required=False, default="", allow_blank=True)
        closes_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: MemberCallSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = calls.member_call_open(seat_group=selectors.seat_group_get_for_action(pk=pk),
                                      actor=request.user, **data.validated_data)
        return Response(MemberCallSerializer(call).data, status=status.HTTP_201_CREATED)


class ApplicationSubmitApi(APIView):
    """Apply for a seat with a short motivation (eligibility per the body's rules)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        motivation = serializers.CharField(max_length=2000)
        association = serializers.CharField(max_length=200, required=False, default="",
                                            allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: ApplicationSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = calls.application_submit(call=selectors.member_call_get_for_action(pk=pk),
                                               applicant=request.user, **data.validated_data)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationWithdrawApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=ApplicationSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        application = calls.application_withdraw(
            application=selectors.application_get_for_action(pk=pk), actor=request.user)
        return Response(ApplicationSerializer(application).data)


class MemberCallCloseApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=MemberCallSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        call = calls.member_call_close(call=selectors.member_call_get_for_action(pk=pk),
                                       actor=request.user)
        return Response(MemberCallSerializer(call).data)


class MemberCallCompleteApi(APIView):
    """Finish a call whose seats were appointed, without a draw."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=MemberCallSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        call = calls.member_call_complete(call=selectors.member_call_get_for_action(pk=pk),
                                          actor=request.user)
        return Response(MemberCallSerializer(call).data)


class SortitionRunApi(APIView):
    """Draw lots among eligible volunteers of a closed call; seed, list and ranking published."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: SortitionSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        sortition = sortitions.sortition_run(call=selectors.member_call_get_for_action(pk=pk),
                                             actor=request.user)
        return Response(SortitionSerializer(sortition).data, status=status.HTTP_201_CREATED)


class SortitionDetailApi(APIView):
    """A published draw: anyone can replay `method` with `seed` over `candidates`."""

    @extend_schema(responses=SortitionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(SortitionSerializer(selectors.sortition_get(pk=pk)).data)


class MembershipAppointApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        member = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
        application = serializers.PrimaryKeyRelatedField(
            queryset=Application.objects.all(), required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: MembershipSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = members.membership_appoint(
            seat_group=selectors.seat_group_get_for_action(pk=pk), actor=request.user,
            **data.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class VacancyRefillApi(APIView):
    """Seat the next eligible person of the last draw's reserve list."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: MembershipSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        membership = members.vacancy_refill(seat_group=selectors.seat_group_get_for_action(pk=pk),
                                            actor=request.user)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class MembershipResignApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300, required=False, default="",
                                       allow_blank=True)

    @extend_schema(request=InputSerializer, responses=MembershipSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = members.membership_resign(
            membership=selectors.membership_get_for_action(pk=pk), actor=request.user,
            **data.validated_data)
        return Response(MembershipSerializer(membership).data)
