"""Template filters of the budgets pages: money and chart widths."""

from django import template

from budgets.money import format_euros
from budgets.services.explain import explain_outcome

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """12345600 → '123 456 €'."""
    return "" if cents is None else format_euros(int(cents))


@register.filter
def share(value: int | float | None, total: int | float | None) -> str:
    """`value` as a percentage of `total` for SVG widths: always a dot decimal ("42.5"),
    whatever the page's language, because SVG attributes are not localised."""
    if not value or not total:
        return "0"
    return f"{100 * float(value) / float(total):.2f}"


@register.filter
def explained(outcome: object, cumulative: bool) -> str:
    """{{ outcome|explained:cumulative }}: why it won or lost, in the reader's language."""
    return explain_outcome(outcome, cumulative=bool(cumulative))
