from django.urls import path

from civic.api import counter, personal_data, views
from civic.api.health import HealthApi

urlpatterns = [
    path("health/", HealthApi.as_view(), name="health"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
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
    path("comments/", views.CommentListCreateApi.as_view(), name="comment-list"),
    path("comments/<int:pk>/report/", views.CommentReportApi.as_view(), name="comment-report"),
    path("comments/<int:pk>/hide/", views.CommentHideApi.as_view(), name="comment-hide"),
]
