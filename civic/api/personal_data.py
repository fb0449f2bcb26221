"""API of personal data (RGPD): request a copy, download it once, erase one's account."""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.http import AuthenticatedRequest, attachment_response
from civic.services import personal_data


def export_filename(user_id: int) -> str:
    return f"decidons-mes-donnees-{user_id}.json"


class DataExportRequestApi(APIView):
    """Prepare a copy of all one's data: returns a download link usable once, for an hour."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        download_url = serializers.CharField()
        expires_at = serializers.DateTimeField()

    @extend_schema(request=None, responses={201: OutputSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        export, token = personal_data.data_export_request(user=request.user)
        url = reverse("api:data-export-download", kwargs={"token": token})
        return Response(self.OutputSerializer({"download_url": url,
                                               "expires_at": export.expires_at}).data,
                        status=status.HTTP_201_CREATED)


class DataExportDownloadApi(APIView):
    """Download one's data as JSON. The link works once: a replay answers 410."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT),
                              410: OpenApiResponse(description="Lien déjà utilisé ou expiré.")})
    def get(self, request: AuthenticatedRequest, token: str) -> HttpResponse:
        data = personal_data.data_export_claim(user=request.user, token=token)
        return attachment_response(json.dumps(data, ensure_ascii=False, indent=2),
                                   filename=export_filename(request.user.pk), private=True,
                                   content_type="application/json; charset=utf-8")


class AccountEraseApi(APIView):
    """Erase one's account: personal data goes, ballots and signatures stay anonymised."""

    permission_classes = [IsAuthenticated]
    # Every attempt counts, so a stolen session cannot try passwords (settings: "erase").
    throttle_scope = "erase"

    class InputSerializer(serializers.Serializer):
        password = serializers.CharField(trim_whitespace=False,
                                         help_text="Mot de passe du compte, pour confirmer.")
        confirm = serializers.BooleanField(help_text="Doit valoir true.")

        def validate_confirm(self, value: bool) -> bool:
            if not value:
                raise serializers.ValidationError(
                    _("Confirmez que vous voulez effacer votre compte."))
            return value

    @extend_schema(request=InputSerializer,
                   responses=inline_serializer("AccountErased", {
                       "erased": serializers.BooleanField()}))
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        personal_data.account_erase(user=request.user, password=data.validated_data["password"])
        return Response({"erased": True})
