from django.urls import path

from frontend.counter import ballots, identity, residents, supervision, views

app_name = "counter"

urlpatterns = [
    path("", views.index, name="index"),
    path("habitants/nouveau/", residents.register, name="register"),
    path("habitants/<int:pk>/", residents.resident_detail, name="resident"),
    path("habitants/<int:pk>/verifier/", views.verify, name="verify"),
    path("habitants/<int:pk>/lieu-de-naissance/", views.birthplace, name="birthplace"),
    path("doublons/", identity.duplicates, name="duplicates"),
    path("fusion/", identity.merge, name="merge"),
    path("supervision/", supervision.supervision, name="supervision"),
    path("habitants/<int:pk>/signature/", residents.sign, name="sign"),
    path("habitants/<int:pk>/bulletin/<int:budget_pk>/", ballots.first_entry,
         name="ballot_first"),
    path("bulletins/", ballots.ballot_list, name="ballot_list"),
    path("bulletins/<int:pk>/", ballots.second_entry, name="ballot_second"),
    path("bulletins/<int:pk>/annuler/", ballots.cancel, name="ballot_cancel"),
    path("bulletins/<int:pk>/recu/", ballots.receipt, name="ballot_receipt"),
    path("signatures/<int:pk>/recu/", residents.signature_receipt, name="signature_receipt"),
]
