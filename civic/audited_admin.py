"""Django's admin, with every change it makes written to the audit log.

The default admin site is `AuditedAdminSite` (civic.apps.AuditedAdminConfig): whatever app
registers a model admin, on whatever class, the site registers a subclass carrying
`AuditedAdminMixin`, so no admin can forget. The mixin hooks the three methods through which
Django's admin reports each change it makes (`log_addition`, `log_change`, `log_deletions`):
the add and change pages, the list's in-place edits, the password form and the bulk delete
action all go through them. The entry records who, which object and the names of the fields
that changed, never their values (a password, an address, a ballot), in the transaction of
the change: the site runs each admin request that may write in one transaction, as Django
does not for the bulk actions or the password form.

The admin is the superuser's tool alone. The town's staff (clerks, moderators, councillors,
administrators) do their work on the staff pages, which go through the services, their rules
and their notices; the admin edits rows directly. So the site lets in only an active
superuser whose session gave its second factor, whatever `is_staff` or role groups say. It
never shows its own log-in form: someone signed out is sent to the site's log-in page (the
one with the second factor and the lock-out), and a signed-in account that is not a
superuser gets the site's "not found" page, which tells nothing of what the admin holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.views import redirect_to_login
from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector
from django.forms import BaseFormSet, Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from civic.http import signed_in_user
from civic.second_factor import session_verified
from civic.services.audit import audit_record

# Bulk actions known to report their changes through `log_*` (Django's delete action calls
# `log_deletions` before deleting). A new action must record its own entries, then be listed
# here (civic/tests/test_admin_audit.py checks every registered admin).
# reset_second_factor: the User list's action, audited by civic.second_factor's service.
AUDITED_ACTIONS = frozenset({"delete_selected", "reset_second_factor"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ChangeMessage(list):
    """Django's change message (the admin's history shows it), with what the audit records."""

    def __init__(self, message: list[Any], *, audit_data: dict[str, Any]) -> None:
        super().__init__(message)
        self.audit_data = audit_data


def _changes(form: Any, formsets: Any) -> dict[str, Any]:
    """Names of the changed fields and inline rows: names and ids only, never values."""
    inlines = []
    for formset in formsets or []:
        deleted = getattr(formset, "audit_deleted_ids", [])
        if not (formset.new_objects or formset.changed_objects or deleted):
            continue
        inlines.append({
            "model": formset.model._meta.label_lower,
            "added": [str(obj.pk) for obj in formset.new_objects],
            "changed": {str(obj.pk): sorted(fields) for obj, fields in formset.changed_objects},
            "deleted": deleted,
        })
    return {"fields": list(form.changed_data), "inlines": inlines}


def _shown_models(site: admin.AdminSite) -> set[type[Model]]:
    """The models the admin shows: registered, or edited inline in a registered one."""
    shown = set(site._registry)
    for model_admin in site._registry.values():
        shown.update(inline.model for inline in model_admin.inlines)
    return shown


def _cascade_of(obj: Model, shown: set[type[Model]]) -> dict[str, int]:
    """How many rows of each model go with `obj` (a budget takes its proposals with it).

    Only models the admin shows are counted: what it keeps out of sight (a ballot's choices,
    an anonymous answer) stays out of the log too, even as a number.
    """
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    counts: Counter[str] = Counter()
    for model, instances in collector.data.items():
        if model in shown:
            counts[model._meta.label_lower] += len(instances)
    for queryset in collector.fast_deletes:
        if queryset.model in shown:
            counts[queryset.model._meta.label_lower] += queryset.count()
    counts[obj._meta.label_lower] -= 1
    return {label: count for label, count in sorted(counts.items()) if count > 0}


if TYPE_CHECKING:
    _MixinBase = admin.ModelAdmin[Model]
else:
    _MixinBase = object


class AuditedAdminMixin(_MixinBase):
    """Writes an `admin.add`, `admin.change` or `admin.delete` entry for each admin change."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: Any) -> None:
        # A deleted inline row has no id any more once the formset is saved: note them first.
        formset.audit_deleted_ids = [str(f.instance.pk) for f in formset.deleted_forms
                                     if f.instance.pk is not None]
        super().save_formset(request, form, formset, change)

    def construct_change_message(
        self, request: HttpRequest, form: Form, formsets: Iterable[BaseFormSet[Any]],
        add: bool = False,
    ) -> ChangeMessage:
        message = super().construct_change_message(
            request, form, formsets, add)
        return ChangeMessage(message, audit_data=_changes(form, formsets))

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> LogEntry:
        audit_record(verb="admin.add", actor=signed_in_user(request), target=obj,
                     data=_data_of(message))
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> LogEntry:
        audit_record(verb="admin.change", actor=signed_in_user(request), target=obj,
                     data=_data_of(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Model]) -> list[LogEntry]:
        # Called before the rows are deleted, in the transaction that deletes them.
        shown = _shown_models(self.admin_site)
        for obj in queryset:
            audit_record(verb="admin.delete", actor=signed_in_user(request), target=obj,
                         data={"cascade": _cascade_of(obj, shown)})
        return super().log_deletions(request, queryset)


def _data_of(message: Any) -> dict[str, Any]:
    # A message built elsewhere than `construct_change_message` may quote values: it is not
    # copied, and the entry still says who changed which object.
    return getattr(message, "audit_data", {"fields": None})


def audited(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """`admin_class`, or a subclass of it that writes the audit log."""
    if issubclass(admin_class, AuditedAdminMixin):
        return admin_class
    return type(admin_class.__name__, (AuditedAdminMixin, admin_class), {
        "__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__,
        "__doc__": admin_class.__doc__})


class AuditedAdminSite(admin.AdminSite):
    def register(
        self, model_or_iterable: type[Model] | Iterable[type[Model]],
        admin_class: type[admin.ModelAdmin] | None = None, **options: Any,
    ) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)

    def admin_view[V: Callable[..., HttpResponseBase]](self, view: V, cacheable: bool = False,
                                                       ) -> V:
        @wraps(view)
        def in_one_transaction(request: HttpRequest, *args: Any, **kwargs: Any,
                               ) -> HttpResponseBase:
            # A change and its audit entry commit together. Reads stay outside: on SQLite a
            # transaction takes the write lock, which a page view has no reason to hold.
            if request.method in SAFE_METHODS:
                return view(request, *args, **kwargs)
            with transaction.atomic():
                return view(request, *args, **kwargs)

        checked = super().admin_view(cast(V, in_one_transaction), cacheable)

        @wraps(view)
        def superuser_only(request: HttpRequest, *args: Any, **kwargs: Any,
                           ) -> HttpResponseBase:
            # Refused before Django's own check, which would send to the admin's log-in form.
            if not self.has_permission(request):
                return self.refusal(request, request.get_full_path())
            return checked(request, *args, **kwargs)

        # wraps() gave the wrapper the view's name and signature.
        return cast(V, superuser_only)

    def has_permission(self, request: HttpRequest) -> bool:
        """An active superuser whose session gave its second factor: nobody else, whatever
        `is_staff` or their roles (clerk, moderator, councillor, administrator) say."""
        user = request.user
        return bool(user.is_active and user.is_superuser and session_verified(user))

    def refusal(self, request: HttpRequest, next_path: str) -> HttpResponse:
        """Signed out: the site's log-in page (second factor, lock-out), then back here.
        Signed in as anyone else: not found, as for any page that is not theirs."""
        if not request.user.is_authenticated:
            return redirect_to_login(next_path)
        raise Http404

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None,
              ) -> HttpResponse:
        # The admin's own password form is never shown: one log-in page for the whole site.
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(index)
        return self.refusal(request, index)
