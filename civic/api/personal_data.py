"""API of personal data (RGPD): request a copy, download it once, erase one's account."""

import json

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

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
    def post(self, request):  # type: ignore[no-untyped-def]
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
    def get(self, request, token: str):  # type: ignore[no-untyped-def]
        data = personal_data.data_export_claim(user=request.user, token=token)
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{export_filename(request.user.pk)}"')
        response["Cache-Control"] = "no-store"
        return response


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
                    "Confirmez que vous voulez effacer votre compte.")
            return value

    @extend_schema(request=InputSerializer,
                   responses=inline_serializer("AccountErased", {
                       "erased": serializers.BooleanField()}))
    def post(self, request):  # type: ignore[no-untyped-def]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        personal_data.account_erase(user=request.user, password=data.validated_data["password"])
        return Response({"erased": True})
