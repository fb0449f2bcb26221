from django.urls import path

from frontend.budgets.views import budgets, debates, proposals, voting

app_name = "budgets_web"

urlpatterns = [
    path("", budgets.index, name="index"),
    path("nouveau/", budgets.budget_new, name="budget_new"),
    path("<int:pk>/", budgets.budget_detail, name="budget"),
    path("<int:pk>/phase/", budgets.budget_phase, name="budget_phase"),
    path("<int:pk>/deposer/", proposals.proposal_new, name="proposal_new"),
    path("<int:pk>/voter/", voting.vote, name="vote"),
    path("<int:pk>/voter/merci/", voting.vote_done, name="vote_done"),
    path("<int:pk>/recus/", voting.receipts, name="receipts"),
    path("<int:pk>/depouillement/", budgets.tally_status, name="tally"),
    path("<int:pk>/depouillement/lancer/", budgets.tally_run, name="tally_run"),
    path("<int:pk>/resultats/", voting.results, name="results"),
    path("<int:pk>/methode/", voting.method, name="method"),
    path("<int:pk>/resultats.csv", voting.results_csv, name="results_csv"),
    path("<int:pk>/bulletins.pb", voting.ballots_pb, name="ballots_pb"),
    path("<int:pk>/realisation/", voting.implementation, name="implementation"),
    path("projets/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("projets/<int:pk>/modifier/", proposals.proposal_edit, name="proposal_edit"),
    path("projets/invitations/<int:pk>/", proposals.coauthor_invitation,
         name="coauthor_invitation"),
    path("projets/<int:pk>/retirer/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("debats/nouveau/", debates.debate_new, name="debate_new"),
    path("debats/<int:pk>/", debates.debate_detail, name="debate"),
    path("debats/<int:pk>/import/", debates.debate_import, name="debate_import"),
    path("debats/<int:pk>/phase/", debates.debate_phase, name="debate_phase"),
    path("debats/<int:pk>/avis/", debates.debate_preferences, name="debate_preferences"),
    path("debats/<int:pk>/synthese/", debates.synthesis, name="synthesis"),
    path("debats/<int:pk>/synthese/imprimer/", debates.synthesis_print, name="synthesis_print"),
    path("debats/<int:pk>/synthese.csv", debates.synthesis_csv, name="synthesis_csv"),
    path("debats/<int:pk>/synthese/conseil/", debates.synthesis_submit,
         name="synthesis_submit"),
    path("lignes/<int:pk>/commenter/", debates.line_comment, name="line_comment"),
]
