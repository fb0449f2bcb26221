"""The audit log for supervisors (administrators): every entry, filtered, and the chain check."""

from typing import Any

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic import selectors
from civic.http import AuthenticatedHttpRequest
from civic.services.audit import audit_chain_verify
from frontend.web import administrator_required


class AuditFilterForm(forms.Form):
    verb = forms.CharField(label=gettext_lazy("Action (ou son début, ex. « comment. »)"),
                           max_length=80, required=False)
    actor = forms.CharField(label=gettext_lazy("Auteur (e-mail ou nom)"), max_length=200,
                            required=False)
    target_type = forms.ChoiceField(label=gettext_lazy("Objet"), required=False)
    start = forms.DateField(label=gettext_lazy("Du"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Au"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext_lazy("Tous"))] + [
            (value, target_label(value)) for value in selectors.audit_target_types()]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("La date de fin doit suivre la date de début."))
        return data


def target_label(value: str) -> str:
    """An audited object's kind in words (« débat budgétaire »), not its model label."""
    try:
        return str(apps.get_model(value)._meta.verbose_name)
    except (LookupError, ValueError):
        return value


def _details(data: Any) -> list[tuple[str, str]]:
    """An entry's data as « key : value » lines, one per key, for reading, not Python."""
    if isinstance(data, dict):
        return [(str(key), value if isinstance(value, str) else _plain(value))
                for key, value in data.items()]
    return [("", _plain(data))] if data not in (None, "", {}) else []


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return " ; ".join(f"{key} : {_plain(item)}" for key, item in value.items())
    if value is None:
        return "—"
    return str(value)


@administrator_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entry_list(**filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    report = audit_chain_verify() if request.GET.get("verifier") else None
    rows = [{"entry": entry, "target": target_label(entry.target_type) if entry.target_type
             else "", "details": _details(entry.data)} for entry in page]
    return render(request, "frontend/staff/audit_log.html", {
        "form": form if form.is_bound else AuditFilterForm(), "page_obj": page, "rows": rows,
        "report": report}, status=400 if form.errors else 200)
