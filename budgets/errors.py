"""Domain errors specific to participatory budgets."""

from django.utils.translation import gettext_lazy as _

from civic.errors import DomainError, InvalidTransition


class VotingClosed(InvalidTransition):
    code = "voting_closed"
    default_message = _("Le vote n'est pas ouvert pour ce budget participatif.")


class InvalidBallot(DomainError):
    code = "invalid_ballot"
    default_message = _("Ce bulletin n'est pas valable.")


class PhaseClosed(InvalidTransition):
    code = "phase_closed"
    default_message = _("Cette action n'est pas possible dans la phase actuelle.")
