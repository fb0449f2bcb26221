"""API of the civic core: auth token, me, neighbourhoods, notifications, comments."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic import commentable, roles, second_factor, selectors
from civic.api.filters import query_boolean
from civic.api.permissions import IsModerator, IsStaffMember
from civic.api.throttling import ScopedRateThrottle
from civic.errors import DomainError
from civic.http import AuthenticatedRequest, signed_in_user
from civic.models import Comment, Neighbourhood, Notification, Resident
from civic.models.user import CLERK_VERIFICATION_METHODS, VerificationStatus
from civic.services import comments, notifications, residents, tokens


class TokenObtainApi(APIView):
    """Exchange an account's credentials for a new API token (for API clients): `username` is
    the account's e-mail address. Send the token as `Authorization: Token <token>`.

    Each call issues a new token, valid for REST_KNOX["TOKEN_TTL"] (`expiry`); the server
    keeps only its digest. List and revoke them at `auth/tokens/`; a password change or reset
    revokes them all."""

    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        username = serializers.EmailField(help_text="Adresse e-mail du compte.")
        password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
        otp_token = serializers.CharField(
            required=False, help_text="Comptes d'agents, d'élus, de modérateurs et "
            "d'administrateurs seulement : le code de leur second facteur (application ou code "
            "de secours).")

    @extend_schema(
        request=InputSerializer,
        responses=inline_serializer("Token", {
            "token": serializers.CharField(),
            "expiry": serializers.DateTimeField(help_text="Fin de validité du jeton.")}),
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if second_factor.needs_second_factor(user):
            # A staff token never skips the second factor (civic/second_factor.py).
            if not second_factor.has_device(user):
                raise serializers.ValidationError({"otp_token": [_(
                    "Activez d'abord le second facteur de ce compte en vous connectant sur le "
                    "site.")]})
            sent = request.data if isinstance(request.data, dict) else {}
            if second_factor.verify_code(user, str(sent.get("otp_token", ""))) is None:
                raise serializers.ValidationError({"otp_token": [_(
                    "Code du second facteur manquant ou incorrect.")]})
        instance, secret = tokens.token_issue(user=user)
        return Response({"token": secret, "expiry": instance.expiry})


class TokenOutputSerializer(serializers.Serializer):
    id = serializers.CharField(source="token_key",
                               help_text="Début du jeton, pour le reconnaître ; pas le jeton.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField()

    def get_current(self, token: AuthToken) -> bool:
        return token == self.context["request"].auth


class TokenListApi(generics.ListAPIView):
    """The API tokens of the authenticated account (never their secret)."""

    permission_classes = [IsAuthenticated]
    serializer_class = TokenOutputSerializer

    def get_queryset(self) -> QuerySet[AuthToken]:
        if getattr(self, "swagger_fake_view", False):
            return AuthToken.objects.none()
        return selectors.token_list_for_user(user=signed_in_user(self.request))


class TokenRevokeApi(APIView):
    """Revoke one of one's API tokens (named by its `id`)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request: AuthenticatedRequest, token_id: str) -> Response:
        token = selectors.token_get_for_user(user=request.user, token_key=token_id)
        tokens.token_revoke(token=token, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NeighbourhoodOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField()
    outline = serializers.JSONField(allow_null=True)


class MeApi(APIView):
    """The authenticated account: profile, roles and verification state."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        email = serializers.EmailField()
        first_name = serializers.CharField()
        last_name = serializers.CharField()
        preferred_language = serializers.CharField()
        roles = serializers.ListField(child=serializers.CharField())
        resident = inline_serializer("MeResident", {
            "neighbourhood": NeighbourhoodOutputSerializer(allow_null=True),
            "date_of_birth": serializers.DateField(allow_null=True),
            "verification_status": serializers.CharField(),
            "verification_method": serializers.CharField(),
            "verified_at": serializers.DateTimeField(allow_null=True),
        }, allow_null=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        resident = getattr(user, "resident", None)
        data = {
            "id": user.pk, "email": user.email, "first_name": user.first_name,
            "last_name": user.last_name, "preferred_language": user.preferred_language,
            "roles": sorted(r.value for r in roles.roles_of(user)),
            "resident": None if resident is None else {
                "neighbourhood": resident.neighbourhood,
                "date_of_birth": resident.date_of_birth,
                "verification_status": resident.verification_status,
                "verification_method": resident.verification_method,
                "verified_at": resident.verified_at,
            },
        }
        return Response(self.OutputSerializer(data).data)


class NeighbourhoodListApi(generics.ListAPIView):
    """Alès' neighbourhoods (conseils de quartier), public."""

    serializer_class = NeighbourhoodOutputSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Neighbourhood]:
        return selectors.neighbourhood_list()


class NotificationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


@extend_schema(parameters=[OpenApiParameter("unread", bool, description="Non lues seulement")])
class NotificationListApi(generics.ListAPIView):
    """The authenticated user's in-app notifications, newest first."""

    serializer_class = NotificationOutputSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        unread = query_boolean(self.request, "unread")
        return selectors.notification_list_for_user(user=signed_in_user(self.request),
                                                    unread_only=unread)


class NotificationMarkReadApi(APIView):
    """Mark one of the user's notifications read."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        notification = get_object_or_404(
            selectors.notification_list_for_user(user=request.user), pk=pk
        )
        notifications.notification_mark_read(user=request.user, notification_ids=[notification.pk])
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationMarkAllReadApi(APIView):
    """Mark all the user's notifications read."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=inline_serializer("MarkedRead", {
        "marked": serializers.IntegerField()}))
    def post(self, request: AuthenticatedRequest) -> Response:
        return Response({"marked": notifications.notification_mark_read(user=request.user)})


class CommentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.get_full_name")
    body = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField()
    hidden_reason = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_body(self, comment: Comment) -> str:
        return "" if comment.status == Comment.Status.HIDDEN else comment.body

    def get_hidden(self, comment: Comment) -> bool:
        return comment.status == Comment.Status.HIDDEN


def _target_from(target: str) -> Model:
    """Resolve `app_label.model:pk` to a registered commentable object (404 otherwise)."""
    label, _sep, pk = target.partition(":")
    if label not in commentable.registered_labels() or not pk.isdigit():
        raise DomainError(_("Cible de commentaire inconnue."), code="invalid_target",
                          field="target")
    app_label, model = label.split(".")
    content_type = get_object_or_404(ContentType, app_label=app_label, model=model)
    model_class = content_type.model_class()
    if model_class is None:  # a registered label whose model is no longer installed
        raise Http404
    return get_object_or_404(model_class, pk=int(pk))


class CommentListCreateApi(APIView):
    """Comments on one object (`target=app.model:id`); verified residents may post."""

    throttle_scope = "comment"

    class InputSerializer(serializers.Serializer):
        target = serializers.CharField(help_text=(
            "`app_label.model:id` of an object that takes comments, e.g. `app.proposal:12`"))
        body = serializers.CharField(max_length=5000)

    @extend_schema(parameters=[OpenApiParameter("target", str, required=True)],
                   responses=CommentOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        target = _target_from(request.query_params.get("target", ""))
        qs = selectors.comment_list_for_target(target=target, include_hidden=True)
        return Response(CommentOutputSerializer(qs, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: CommentOutputSerializer})
    def post(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            self.permission_denied(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = _target_from(data.validated_data["target"])
        comment = comments.comment_create(target=target, author=request.user,
                                          body=data.validated_data["body"])
        return Response(CommentOutputSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentReportApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "report"

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = get_object_or_404(Comment, pk=pk, status=Comment.Status.VISIBLE)
        comments.comment_report(comment=comment, reporter=request.user,
                                reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentHideApi(APIView):
    """Hide a comment with a reason (moderators)."""

    permission_classes = [IsAuthenticated, IsModerator]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses=CommentOutputSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = get_object_or_404(Comment, pk=pk)
        comment = comments.comment_hide(comment=comment, moderator=request.user,
                                        reason=data.validated_data["reason"])
        return Response(CommentOutputSerializer(comment).data)


class ResidentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(source="user.email")
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    neighbourhood = serializers.CharField(source="neighbourhood.code", allow_null=True)
    date_of_birth = serializers.DateField(allow_null=True)
    verification_status = serializers.CharField()
    verification_method = serializers.CharField()
    verified_at = serializers.DateTimeField(allow_null=True)
    birthplace = serializers.CharField()
    registered_by = serializers.IntegerField(source="registered_by_id", allow_null=True)
    possible_duplicate_of = serializers.IntegerField(source="possible_duplicate_of_id",
                                                     allow_null=True)
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)


class ResidentFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                   help_text="Nom, e-mail ou adresse")
    verification_status = serializers.ChoiceField(VerificationStatus.choices, required=False)
    possible_duplicate = serializers.BooleanField(
        required=False, default=False,
        help_text="Seulement les comptes signalés comme doublons possibles")


@extend_schema(parameters=[ResidentFilterSerializer])
class ResidentListApi(generics.ListAPIView):
    """Residents, for clerks at the counter."""

    serializer_class = ResidentOutputSerializer
    permission_classes = [IsAuthenticated, IsStaffMember]

    def get_queryset(self) -> QuerySet[Resident]:
        # Validated like a body: an unknown status or a NUL byte is a 400 on its parameter.
        params = ResidentFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        if params.validated_data["possible_duplicate"]:
            return selectors.resident_list_possible_duplicates()
        return selectors.resident_list_for_clerk(
            search=params.validated_data.get("search", ""),
            status=params.validated_data.get("verification_status", ""))


class ResidentVerifyApi(APIView):
    """Record that a clerk checked a resident's identity and address.

    Refused (403 `same_clerk`) to the clerk who registered the account, and (409
    `identity_duplicate`) when another verified resident has the same identity.
    """

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        method = serializers.ChoiceField(
            choices=[(m.value, m.label) for m in CLERK_VERIFICATION_METHODS])
        birthplace = serializers.CharField(
            required=False, allow_blank=True, max_length=150,
            help_text="Lieu de naissance lu sur la pièce d'identité (distingue deux homonymes).")

    @extend_schema(request=InputSerializer, responses=ResidentOutputSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resident = get_object_or_404(Resident.objects.select_related("user"), pk=pk)
        resident = residents.resident_verify(
            resident=resident, method=data.validated_data["method"], verified_by=request.user,
            birthplace=data.validated_data.get("birthplace"),
        )
        return Response(ResidentOutputSerializer(resident).data)
