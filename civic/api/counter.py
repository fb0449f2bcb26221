"""API for the counter: clerks register a resident, with or without an e-mail address."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.fields import CodeRelatedField
from civic.api.permissions import IsStaffMember
from civic.api.views import ResidentOutputSerializer
from civic.models import Neighbourhood
from civic.services.assisted import resident_register_at_counter


class ResidentRegisterApi(APIView):
    """Register a resident at the counter (audited as assisted); `email` may be left out."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        first_name = serializers.CharField(max_length=150)
        last_name = serializers.CharField(max_length=150)
        email = serializers.EmailField(required=False, allow_blank=True)
        date_of_birth = serializers.DateField()
        neighbourhood = CodeRelatedField(slug_field="code", queryset=Neighbourhood.objects.all())
        postal_address = serializers.CharField(required=False, allow_blank=True, max_length=500)

    @extend_schema(request=InputSerializer, responses={201: ResidentOutputSerializer})
    def post(self, request) -> Response:  # type: ignore[no-untyped-def]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resident = resident_register_at_counter(clerk=request.user, **data.validated_data)
        return Response(ResidentOutputSerializer(resident).data, status=status.HTTP_201_CREATED)
