from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Budgets participatifs"

    def ready(self) -> None:
        from budgets import policies
        from budgets.models import BudgetLine, Proposal
        from civic import commentable

        commentable.register(Proposal, policies.proposal_comment_policy)
        commentable.register(BudgetLine, policies.budget_line_comment_policy)
