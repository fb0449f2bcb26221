from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = "Cœur civique"


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site writes every change to the audit log."""

    # Named in INSTALLED_APPS in place of django.contrib.admin; never the civic app's config.
    default = False
    default_site = "civic.audited_admin.AuditedAdminSite"
