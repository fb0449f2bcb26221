"""The register of a facility's users: a person asks, a clerk confirms or records, either ends."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.permissions import IsStaffMember
from civic.http import AuthenticatedRequest
from civic.models import User
from commissions import selectors
from commissions.api.serializers import FacilityRegistrationSerializer
from commissions.models import FacilityRegistration
from commissions.services import facility_users


class FacilityRegistrationListApi(generics.ListAPIView):
    """The facility's registered users and pending requests (clerks)."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    serializer_class = FacilityRegistrationSerializer
    filterset_fields = ["status"]

    def get_queryset(self) -> QuerySet[FacilityRegistration]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no URL kwargs
            return FacilityRegistration.objects.none()
        commission = selectors.commission_get_for_action(slug=self.kwargs["slug"])
        return selectors.facility_registration_list_for_staff(commission=commission)


class FacilityRegistrationRequestApi(APIView):
    """Ask to be registered as a user of the committee's facility; a clerk confirms."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: FacilityRegistrationSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        registration = facility_users.facility_registration_request(
            commission=selectors.commission_get_for_action(slug=slug), user=request.user)
        return Response(FacilityRegistrationSerializer(registration).data,
                        status=status.HTTP_201_CREATED)


class FacilityRegistrationConfirmApi(APIView):
    """Register a person as a user of the facility, or confirm their request (clerks)."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))

    @extend_schema(request=InputSerializer, responses={201: FacilityRegistrationSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = facility_users.facility_registration_confirm(
            commission=selectors.commission_get_for_action(slug=slug), actor=request.user,
            **data.validated_data)
        return Response(FacilityRegistrationSerializer(registration).data,
                        status=status.HTTP_201_CREATED)


class FacilityRegistrationEndApi(APIView):
    """End a registration, or decline a request (the person registered, or a clerk)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=FacilityRegistrationSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        registration = facility_users.facility_registration_end(
            registration=selectors.facility_registration_get(user=request.user, pk=pk),
            actor=request.user)
        return Response(FacilityRegistrationSerializer(registration).data)
