"""Person pickers: staff choose a person by searching, never from a list of every account.

A `PersonField` renders a search box, a « Chercher » button and, once a search was made, the
matching *eligible* people (at most `RESULTS_MAX`) as radio buttons. Without JavaScript the
button posts the form to its own page, which shows it again with the results and every other
field as typed (`search_requested`); site.js does the same request in the background as one
types and swaps the results in. Each picker passes its own eligibility queryset: a person
outside it is never offered, and a posted id outside it (a tampered form) is refused next to
the field, like any other invalid input (400).
"""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from civic.api.throttling import action_allowed
from civic.models import User
from civic.services.assisted import has_real_email
from frontend.limits import too_many_requests

RESULTS_MAX = 20
TERM_MIN = 2
TERM_MAX = 100
# Names of the search box and of its button: the field's own name plus these.
TERM_SUFFIX = "__q"
BUTTON_SUFFIX = "__search"
# Searches count against their own rate (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES).
SEARCH_SCOPE = "person_search"


def people_matching(eligible: QuerySet[User], term: str) -> tuple[list[User], bool]:
    """The eligible people whose name or e-mail holds every word of `term`, by name, at most
    RESULTS_MAX; and whether more would match (the clerk then types more of the name)."""
    words = term.split()[:5]
    if len("".join(words)) < TERM_MIN:
        return [], False
    found = eligible
    for word in words:
        found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                             | Q(email__icontains=word))
    people = list(found.order_by("last_name", "first_name", "pk")[:RESULTS_MAX + 1])
    return people[:RESULTS_MAX], len(people) > RESULTS_MAX


def email_masked(email: str) -> str:
    """Enough of an address to tell two namesakes apart, not enough to copy it."""
    if not has_real_email(email) or "@" not in email:
        return str(_("sans e-mail"))
    local, domain = email.rsplit("@", 1)
    shown = local[0] + "…" + (local[-1] if len(local) > 2 else "")
    return f"{shown}@{domain}"


def person_label(user: User) -> str:
    return user.get_full_name() or str(_("(sans nom)"))


class PersonWidget(forms.Widget):
    template_name = "frontend/widgets/person_picker.html"
    # Filled by PersonBoundField just before rendering: the search and what it found.
    picker: dict[str, Any] = {}

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the server says which person is missing, next to the field

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["picker"] = {**self.picker, "term_name": name + TERM_SUFFIX,
                             "button_name": name + BUTTON_SUFFIX,
                             "selected": str(value or "")}
        return context


class PersonBoundField(BoundField):
    def search_term(self) -> str:
        if not self.form.is_bound:
            return ""
        return str(self.form.data.get(self.html_name + TERM_SUFFIX, "")).strip()[:TERM_MAX]

    def build_widget_attrs(self, attrs: dict[str, Any],
                           widget: forms.Widget | None = None) -> dict[str, Any]:
        # Called by as_widget just before rendering: the search, and the people it found.
        field = self.field
        assert isinstance(field, PersonField)
        term = self.search_term()
        people, more = people_matching(field.eligible(), term)
        chosen = field.eligible_person(self.value())
        if chosen is not None and chosen not in people:
            people.insert(0, chosen)  # the person already chosen stays offered, and checked
        field.widget.picker = {
            "term": term, "searched": bool(term), "too_short": 0 < len(term) < TERM_MIN,
            "more": more, "results_max": RESULTS_MAX, "empty_label": field.empty_label,
            "people": [{"pk": str(p.pk), "name": person_label(p),
                        "email": email_masked(p.email)} for p in people]}
        return super().build_widget_attrs(attrs, widget)


class PersonField(forms.Field):
    """One person among `queryset` (the eligible ones), chosen through a search; cleans to the
    User. `empty_label` offers "nobody" as a choice (an optional role that can be removed)."""

    widget = PersonWidget
    default_error_messages = {
        "required": _("Choisissez une personne : tapez une partie de son nom ou de son adresse "
                      "e-mail, puis « Chercher »."),
        "not_eligible": _("Cette personne ne peut pas être choisie ici."),
    }

    def __init__(self, *, queryset: QuerySet[User] | None = None, empty_label: Any = None,
                 **kwargs: Any) -> None:
        self.queryset = queryset
        self.empty_label = empty_label
        super().__init__(**kwargs)

    def eligible(self) -> QuerySet[User]:
        return self.queryset if self.queryset is not None else User.objects.none()

    def eligible_person(self, value: Any) -> User | None:
        if isinstance(value, User):
            value = value.pk
        try:
            pk = int(value)
        except (TypeError, ValueError):
            return None
        return self.eligible().filter(pk=pk).first()

    def prepare_value(self, value: Any) -> Any:
        return value.pk if isinstance(value, User) else value

    def clean(self, value: Any) -> User | None:
        if value in (None, ""):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        person = self.eligible_person(value)
        if person is None:
            raise forms.ValidationError(self.error_messages["not_eligible"],
                                        code="not_eligible")
        return person

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return PersonBoundField(form, self, field_name)


def set_eligible(form: forms.BaseForm, name: str, queryset: QuerySet[User]) -> None:
    field = form.fields[name]
    assert isinstance(field, PersonField)
    field.queryset = queryset


def search_requested(form: forms.BaseForm) -> bool:
    """Whether the form was posted by a picker's « Chercher » button: then it is shown again,
    with its input and the results, and without errors (nothing was meant to be saved)."""
    if not form.is_bound or not any(
            form.add_prefix(name) + BUTTON_SUFFIX in form.data
            for name, field in form.fields.items() if isinstance(field, PersonField)):
        return False
    vars(form)["_errors"] = ErrorDict()
    form.cleaned_data = {}
    return True


def search_refused(request: HttpRequest) -> HttpResponse | None:
    """The 429 page once the staff member's searches are spent, else None."""
    allowed, wait = action_allowed(request, SEARCH_SCOPE)
    return None if allowed else too_many_requests(request, wait)
