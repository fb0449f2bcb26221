from django.urls import path

from frontend.verification import clerk, franceconnect, resident

app_name = "verification"

urlpatterns = [
    path("franceconnect/connexion/", franceconnect.start, name="franceconnect_start"),
    path("franceconnect/retour/", franceconnect.callback, name="franceconnect_callback"),
    path("franceconnect/deconnexion/", franceconnect.logged_out,
         name="franceconnect_logged_out"),
    path("compte/verification/", resident.overview, name="resident"),
    path("compte/verification/courrier/", resident.letter_request, name="letter_request"),
    path("compte/verification/code/", resident.letter_confirm, name="letter_confirm"),
    path("compte/verification/justificatif/", resident.proof_submit, name="proof_submit"),
    path("guichet/liste-electorale/", clerk.roll, name="roll"),
    path("guichet/courriers/", clerk.letters, name="letters"),
    path("guichet/courriers/imprimer/", clerk.letters_print, name="letters_print"),
    path("guichet/courriers/lots/<int:pk>/reimprimer/", clerk.letters_reprint,
         name="letters_reprint"),
    path("guichet/justificatifs/", clerk.proofs, name="proofs"),
    path("guichet/justificatifs/<int:pk>/", clerk.proof_review, name="proof_review"),
    path("guichet/justificatifs/<int:pk>/document/<str:kind>/", clerk.proof_document,
         name="proof_document"),
]
