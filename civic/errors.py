"""Domain errors raised by services. Web views show `message`; the API maps them to 400/409."""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the operation. `code` is stable English snake_case."""

    code = "domain_error"
    status_code = 400
    default_message = _("Cette opération n'est pas possible.")

    def __init__(self, message: Any = None, *, code: str | None = None, field: str | None = None,
                 **extra: Any) -> None:
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.field = field
        self.extra = extra
        super().__init__(str(self.message))


class NotEligible(DomainError):
    code = "not_eligible"
    status_code = 403
    default_message = _("Vous ne remplissez pas les conditions pour participer.")


class NotPermitted(DomainError):
    code = "permission_denied"
    status_code = 403
    default_message = _("Vous n'avez pas le droit d'effectuer cette action.")


class InvalidTransition(DomainError):
    """The object is not in a state that allows this step (already done, or too late)."""

    code = "invalid_transition"
    status_code = 409
    default_message = _("Cette étape n'est pas possible dans l'état actuel.")


class Conflict(DomainError):
    code = "conflict"
    status_code = 409
    default_message = _("Cette opération entre en conflit avec l'état actuel.")
