"""Demo data of the back office, seeded after every module's own: comments reported to the
moderators, and the council's next session with a commission's opinion and the budget
debate's synthesis on its agenda.

Idempotent like the other demos: each step looks for what it would create first.
"""

from collections.abc import Callable

from budgets.models import BudgetDebate, BudgetLine
from budgets.selectors import debate_agenda_item
from civic.models import AgendaItem, Comment, CommentReport, User
from civic.services.comments import comment_create, comment_report
from civic.services.council import agenda_item_schedule
from commissions.demo_support import council_session, days_from_today
from commissions.models import Opinion
from commissions.services import opinions

# (author, debate line article, comment, [(reporter, reason)])
REPORTED = [
    ("karim@decidons.test", "60612",
     "Tous des incapables à la mairie, qu'ils rendent l'argent au lieu de l'éclairer !",
     [("nadia@decidons.test", "Propos insultants envers les agents."),
      ("sophie@decidons.test", "Injurieux, et sans rapport avec la ligne.")]),
    ("julien@decidons.test", "6574",
     "Visitez mon site de paris en ligne pour gagner plus que cette subvention.",
     [("lucie@decidons.test", "Publicité.")]),
]


def seed(say: Callable[[str], None]) -> None:
    clerk = User.objects.filter(email="agent@decidons.test").first()
    if clerk is None:
        return
    _reports(say)
    _council_session(clerk, say)


def _reports(say: Callable[[str], None]) -> None:
    debate = BudgetDebate.objects.filter(status="open").order_by("-year").first()
    if debate is None:
        return
    for author, article, body, reports in REPORTED:
        line = BudgetLine.objects.filter(chapter__debate=debate, article=article).first()
        if line is None:
            continue
        comment = Comment.objects.filter(author__email=author, body=body).first()
        if comment is None:
            comment = comment_create(target=line, author=User.objects.get(email=author),
                                     body=body)
        for reporter, reason in reports:
            if not CommentReport.objects.filter(comment=comment,
                                                reporter__email=reporter).exists():
                comment_report(comment=comment, reporter=User.objects.get(email=reporter),
                               reason=reason)
    say("  commentaires signalés à la modération")


def _council_session(clerk: User, say: Callable[[str], None]) -> None:
    """The council's next session: a commission's opinion and the debate's synthesis."""
    session = council_session(clerk, days_from_today(21))
    opinion = Opinion.objects.filter(status=Opinion.Status.SENT,
                                     agenda_item__status=AgendaItem.Status.PENDING).first()
    if opinion is not None:
        opinions.opinion_schedule(opinion=opinion, session=session, actor=clerk)
    debate = BudgetDebate.objects.filter(status="closed").order_by("year").first()
    item = debate_agenda_item(debate=debate) if debate else None
    if item is not None and item.status == AgendaItem.Status.PENDING:
        agenda_item_schedule(item=item, session=session, actor=clerk)
    say("  séance du conseil à venir : un avis et une synthèse à l'ordre du jour")
