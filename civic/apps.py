from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = "Cœur civique"

    def ready(self) -> None:
        # Signal receivers: wrong passwords per address, tokens dropped on password change.
        from civic import access  # noqa: F401
        from civic.services import tokens  # noqa: F401


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site writes every change to the audit log."""

    # Named in INSTALLED_APPS in place of django.contrib.admin; never the civic app's config.
    default = False
    default_site = "civic.audited_admin.AuditedAdminSite"
