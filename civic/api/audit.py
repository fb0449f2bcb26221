"""The audit log's published heads: anyone may keep them and check later that the history
before them was not rewritten (`manage.py audit_verify --heads FILE`). The entries themselves
name people and what they did: supervisors alone read them and check the chain."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic import selectors
from civic.api.permissions import IsSupervisor
from civic.models import AuditCheckpoint, AuditEntry
from civic.services.audit import KeptHead, audit_chain_verify

COUNT_HELP = "Nombre d'entrées du journal : l'entrée n° `entry_count` est la tête."
HASH_HELP = ("Empreinte (64 caractères hexadécimaux) de l'entrée n° `entry_count`, qui scelle "
             "toutes les entrées précédentes.")


class AuditHeadApi(APIView):
    """The audit log's current head (public). Keep it: a later rewrite of any entry up to it
    changes this hash."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        entry_count = serializers.IntegerField(help_text=COUNT_HELP)
        head_hash = serializers.CharField(help_text=HASH_HELP)
        last_entry_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.audit_head_get()).data)


class AuditCheckpointListApi(generics.ListAPIView):
    """The audit log's head at the end of each day (Europe/Paris), newest first (public).

    Save these pages: `manage.py audit_verify --heads FILE` checks the chain against them.
    """

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        day = serializers.DateField()
        entry_count = serializers.IntegerField(help_text=COUNT_HELP)
        last_entry_id = serializers.IntegerField()
        head_hash = serializers.CharField(help_text=HASH_HELP)

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[AuditCheckpoint]:
        return selectors.audit_checkpoint_list()


class AuditEntryFilter(django_filters.FilterSet):
    verb = django_filters.CharFilter(help_text="Action exacte, e.g. `budget.results_published`.")
    target_type = django_filters.CharFilter(help_text="Modèle visé, e.g. `civic.user`.")
    target_id = django_filters.CharFilter()
    actor = django_filters.NumberFilter(field_name="actor_id")

    class Meta:
        model = AuditEntry
        fields = ["verb", "target_type", "target_id", "actor"]


class AuditEntryListApi(generics.ListAPIView):
    """The audit log's entries, newest first (supervisors): who did what to which object,
    with each entry's seal (`prev_hash`, `entry_hash`)."""

    permission_classes = [IsAuthenticated, IsSupervisor]
    filterset_class = AuditEntryFilter

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        created_at = serializers.DateTimeField()
        actor = serializers.IntegerField(source="actor_id", allow_null=True)
        actor_label = serializers.CharField()
        verb = serializers.CharField()
        target_type = serializers.CharField()
        target_id = serializers.CharField()
        # Named like Serializer.data, which the stubs type as the output: the API's field name.
        data = serializers.JSONField()  # type: ignore[assignment]
        prev_hash = serializers.CharField()
        entry_hash = serializers.CharField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return selectors.audit_entry_list()


class AuditVerifyApi(APIView):
    """Walk the whole audit chain and check the daily checkpoints, and any heads you kept,
    against it (supervisors): answers the first entry that no longer fits, if any. The same
    check as `manage.py audit_verify`; it changes nothing."""

    permission_classes = [IsAuthenticated, IsSupervisor]

    class InputSerializer(serializers.Serializer):
        heads = serializers.ListField(
            child=inline_serializer("KeptAuditHead", {
                "entry_count": serializers.IntegerField(min_value=1, help_text=COUNT_HELP),
                "head_hash": serializers.RegexField(r"^[0-9a-fA-F]{64}$", help_text=HASH_HELP),
            }), required=False, default=list, max_length=1000,
            help_text="Têtes publiées que vous avez gardées (`/audit/head/`).")

    class OutputSerializer(serializers.Serializer):
        ok = serializers.BooleanField()
        checked = serializers.IntegerField(help_text="Entrées vérifiées.")
        first_broken_id = serializers.IntegerField(allow_null=True)
        reason = serializers.CharField(help_text="Ce qui ne va pas (en anglais), vide si ok.")
        references = serializers.IntegerField(
            help_text="Points de contrôle et têtes gardées trouvés conformes.")

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kept = [KeptHead(head["entry_count"], head["head_hash"], f"head #{position} you kept")
                for position, head in enumerate(data.validated_data["heads"], start=1)]
        report = audit_chain_verify(kept_heads=kept)
        return Response(self.OutputSerializer({
            "ok": report.ok, "checked": report.checked,
            "first_broken_id": report.first_broken_id, "reason": report.reason,
            "references": report.references}).data)
