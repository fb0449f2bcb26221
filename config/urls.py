from typing import Any

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

# Swagger UI and ReDoc (third-party) style their elements from JavaScript: their two pages
# alone allow inline styles. Scripts stay limited to the site's own files everywhere.
DOCS_CSP: dict[str, Any] = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

# Each module owns its API routes (`<app>/api/urls.py`) and web pages (`frontend/<module>/`).
api_v1 = [
    path("", include("civic.api.urls")),
    path("", include("budgets.api.urls")),
    path("", include("petitions.api.urls")),
    path("", include("commissions.api.urls")),
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so the CSP needs no
    # inline script.
    path("api/docs/",
         csp_override(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="schema")),
         name="api-docs"),
    path("api/redoc/", csp_override(DOCS_CSP)(SpectacularRedocView.as_view(url_name="schema")),
         name="api-redoc"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("budgets/", include("frontend.budgets.urls")),
    path("initiatives/", include("frontend.petitions.urls")),
    path("commissions/", include("frontend.commissions.urls")),
    path("guichet/", include("frontend.counter.urls")),
    # FranceConnect, a resident's verification page and the clerks' roll, letters, proofs.
    path("", include("frontend.verification.urls")),
    path("", include("frontend.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "civic.api.errors.not_found"
