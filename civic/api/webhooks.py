"""Webhooks API: a client registers a URL for some events, reads what was sent, stops it.

How deliveries are signed, retried and ordered: civic/services/webhooks.py, docs/webhooks.md.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic import selectors
from civic.http import signed_in_user
from civic.models import WebhookDelivery, WebhookSubscription
from civic.services import webhooks


class WebhookOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=webhooks.EVENT_NAMES))
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class WebhookCreatedOutputSerializer(WebhookOutputSerializer):
    secret = serializers.CharField(
        help_text="Clé HMAC-SHA256 des signatures (`Decidons-Signature`), montrée cette "
                  "seule fois : gardez-la.")


class WebhookListCreateApi(generics.ListAPIView):
    """The account's webhooks; `POST` registers a URL for some events (`https://` only).

    Each event is posted as JSON, signed in `Decidons-Signature: t=<unix time>,v1=<hex>`:
    the HMAC-SHA256, under the secret answered here once, of `<t>.<body>`. A delivery is
    retried, with a doubling delay, until the receiver answers 2xx; the deliveries of one
    webhook go out in the order the changes happened. `Decidons-Event-Id` is the same at
    every attempt: ignore an id already seen.
    """

    permission_classes = [IsAuthenticated]
    serializer_class = WebhookOutputSerializer

    class InputSerializer(serializers.Serializer):
        url = serializers.URLField(max_length=500)
        events = serializers.ListField(
            child=serializers.ChoiceField(choices=webhooks.EVENT_NAMES), min_length=1,
            max_length=len(webhooks.EVENT_NAMES))

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no account
            return WebhookSubscription.objects.none()
        return selectors.webhook_subscription_list_for_owner(
            owner=signed_in_user(self.request))

    @extend_schema(request=InputSerializer, responses={201: WebhookCreatedOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = webhooks.webhook_subscription_create(owner=signed_in_user(request),
                                                            **data.validated_data)
        return Response(WebhookCreatedOutputSerializer(subscription).data,
                        status=status.HTTP_201_CREATED)


class WebhookDeleteApi(APIView):
    """Stop one of the account's webhooks; events not yet delivered are dropped."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        owner = signed_in_user(request)
        subscription = selectors.webhook_subscription_get_for_owner(owner=owner, pk=pk)
        webhooks.webhook_subscription_delete(subscription=subscription, actor=owner)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveryListApi(generics.ListAPIView):
    """What was sent to one of the account's webhooks, newest first: each event, its
    payload, attempts, status and last error."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        event_id = serializers.UUIDField()
        event = serializers.CharField()
        payload = serializers.JSONField()
        status = serializers.ChoiceField(choices=WebhookDelivery.Status.choices)
        attempts = serializers.IntegerField()
        next_attempt_at = serializers.DateTimeField()
        last_error = serializers.CharField()
        created_at = serializers.DateTimeField()
        delivered_at = serializers.DateTimeField(allow_null=True)

        class Meta:
            ref_name = "WebhookDelivery"

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no URL kwargs
            return WebhookDelivery.objects.none()
        subscription = selectors.webhook_subscription_get_for_owner(
            owner=signed_in_user(self.request), pk=self.kwargs["pk"])
        return selectors.webhook_delivery_list(subscription=subscription)
