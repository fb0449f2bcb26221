"""API for the counter: clerks register a resident (with or without an e-mail address) and
fold a duplicate account into the resident it duplicates."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.fields import CodeRelatedField
from civic.api.permissions import IsStaffMember
from civic.api.views import ResidentOutputSerializer
from civic.http import AuthenticatedRequest
from civic.identity import validate_birth_date
from civic.models import Neighbourhood, Resident
from civic.services.assisted import resident_register_at_counter
from civic.services.merge import resident_merge


class ResidentRegisterApi(APIView):
    """Register a resident at the counter (audited as assisted); `email` may be left out.

    When a resident with the same names and birth date exists, the answer is a 409
    `namesake_found` naming that record (`extra`); send again with `confirm_namesake` once
    the documents show it is another person.
    """

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        first_name = serializers.CharField(max_length=150)
        last_name = serializers.CharField(max_length=150)
        email = serializers.EmailField(required=False, allow_blank=True)
        date_of_birth = serializers.DateField(validators=[validate_birth_date])
        neighbourhood = CodeRelatedField(slug_field="code", queryset=Neighbourhood.objects.all())
        postal_address = serializers.CharField(required=False, allow_blank=True, max_length=500)
        birthplace = serializers.CharField(required=False, allow_blank=True, max_length=150,
                                           help_text="Lieu de naissance, d'après la pièce "
                                                     "d'identité.")
        confirm_namesake = serializers.BooleanField(
            required=False, default=False,
            help_text="Inscrire malgré un habitant aux mêmes nom, prénom et date de naissance.")

    @extend_schema(request=InputSerializer, responses={201: ResidentOutputSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resident = resident_register_at_counter(clerk=request.user, **data.validated_data)
        return Response(ResidentOutputSerializer(resident).data, status=status.HTTP_201_CREATED)


class ResidentMergeApi(APIView):
    """Fold a duplicate account into the resident it duplicates (clerks; audited).

    The survivor keeps one ballot per budget and one signature per initiative; everything
    else moves to it and the duplicate account is closed.
    """

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        survivor = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
        duplicate = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
        reason = serializers.CharField(max_length=300)

    class OutputSerializer(serializers.Serializer):
        survivor = ResidentOutputSerializer()
        moved = serializers.DictField(child=serializers.DictField(
            child=serializers.IntegerField()))

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        merge = resident_merge(clerk=request.user, **data.validated_data)
        return Response(self.OutputSerializer(
            {"survivor": merge.survivor, "moved": merge.moved}).data)
