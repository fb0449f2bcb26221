from django.urls import path

from frontend.petitions.views import charter, council, promoters, public, staff

app_name = "petitions_web"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/signer/", public.sign, name="sign"),
    path("<int:pk>/retirer-ma-signature/", public.unsign, name="unsign"),
    path("<int:pk>/suivre/", public.follow, name="follow"),
    path("<int:pk>/ne-plus-suivre/", public.unfollow, name="unfollow"),
    path("<int:pk>/commenter/", public.comment, name="comment"),
    path("charte/", charter.charter, name="charter"),
    path("nouvelle/", promoters.create, name="create"),
    path("mes-initiatives/", promoters.dashboard, name="dashboard"),
    path("<int:pk>/modifier/", promoters.edit, name="edit"),
    path("<int:pk>/porteurs/", promoters.invite, name="invite"),
    path("invitations/<int:pk>/", promoters.respond, name="respond"),
    path("<int:pk>/deposer/", promoters.submit, name="submit"),
    path("<int:pk>/retirer/", promoters.withdraw, name="withdraw"),
    path("agents/", staff.review_list, name="review_list"),
    path("agents/<int:pk>/", staff.review, name="review"),
    path("agents/<int:pk>/signatures/", staff.signatures, name="signatures"),
    path("agents/<int:pk>/signatures.csv", staff.signatures_csv, name="signatures_csv"),
    path("agents/<int:pk>/signatures/imprimer/", staff.signatures_print,
         name="signatures_print"),
    path("agents/signatures/<int:pk>/invalider/", staff.invalidate, name="invalidate"),
    path("conseil/", council.index, name="council"),
    path("conseil/seances/nouvelle/", council.session_create, name="session_create"),
    path("conseil/<int:pk>/inscrire/", council.schedule, name="schedule"),
    path("conseil/<int:pk>/vote/", council.vote, name="vote"),
    path("conseil/<int:pk>/reponse/", council.answer, name="answer"),
]
