"""The audit log's published heads: anyone may keep them and check later that the history
before them was not rewritten (`manage.py audit_verify --heads FILE`)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic import selectors
from civic.models import AuditCheckpoint

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
