from django.urls import path

from civic.api import audit, council, counter, personal_data, views
from civic.api.health import HealthApi

urlpatterns = [
    path("health/", HealthApi.as_view(), name="health"),
    path("audit/head/", audit.AuditHeadApi.as_view(), name="audit-head"),
    path("audit/checkpoints/", audit.AuditCheckpointListApi.as_view(),
         name="audit-checkpoint-list"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/tokens/", views.TokenListApi.as_view(), name="auth-token-list"),
    path("auth/tokens/<str:token_id>/", views.TokenRevokeApi.as_view(),
         name="auth-token-revoke"),
    path("me/", views.MeApi.as_view(), name="me"),
    path("me/data-export/", personal_data.DataExportRequestApi.as_view(), name="data-export"),
    path("me/data-export/<str:token>/", personal_data.DataExportDownloadApi.as_view(),
         name="data-export-download"),
    path("me/erase/", personal_data.AccountEraseApi.as_view(), name="account-erase"),
    path("neighbourhoods/", views.NeighbourhoodListApi.as_view(), name="neighbourhood-list"),
    path("notifications/", views.NotificationListApi.as_view(), name="notification-list"),
    path("notifications/read-all/", views.NotificationMarkAllReadApi.as_view(),
         name="notification-read-all"),
    path("notifications/<int:pk>/read/", views.NotificationMarkReadApi.as_view(),
         name="notification-read"),
    path("residents/", views.ResidentListApi.as_view(), name="resident-list"),
    path("residents/register/", counter.ResidentRegisterApi.as_view(), name="resident-register"),
    path("residents/merge/", counter.ResidentMergeApi.as_view(), name="resident-merge"),
    path("residents/<int:pk>/verify/", views.ResidentVerifyApi.as_view(), name="resident-verify"),
    path("council/decisions/<int:pk>/", council.CouncilDecisionDetailApi.as_view(),
         name="council-decision-detail"),
    path("council/decisions/<int:pk>/correct/", council.CouncilDecisionCorrectApi.as_view(),
         name="council-decision-correct"),
    path("comments/", views.CommentListCreateApi.as_view(), name="comment-list"),
    path("comments/<int:pk>/report/", views.CommentReportApi.as_view(), name="comment-report"),
    path("comments/<int:pk>/hide/", views.CommentHideApi.as_view(), name="comment-hide"),
]
