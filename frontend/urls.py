from django.urls import path

from frontend.views import (
    accounts,
    audit,
    council,
    home,
    language,
    notifications,
    personal_data,
    reminders,
    second_factor,
)

app_name = "frontend"

urlpatterns = [
    path("", home.home, name="home"),
    path("langue/", language.set_language, name="set_language"),
    path("journal-d-audit/", audit.audit_chain, name="audit_chain"),
    path("journal-d-audit/atom/", audit.AuditCheckpointFeed(), name="audit_feed"),
    path("connexion/", accounts.LoginView.as_view(), name="login"),
    path("deconnexion/", accounts.LogoutView.as_view(), name="logout"),
    path("inscription/", accounts.signup, name="signup"),
    path("inscription/envoyee/", accounts.signup_done, name="signup_done"),
    path("inscription/activer/<uidb64>/<token>/", accounts.signup_activate,
         name="signup_activate"),
    path("mot-de-passe/oubli/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oubli/envoye/", accounts.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("mot-de-passe/nouveau/termine/", accounts.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("compte/", accounts.account, name="account"),
    path("compte/modifier/", accounts.account_edit, name="account_edit"),
    path("compte/mot-de-passe/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("compte/second-facteur/", second_factor.verify, name="second_factor"),
    path("compte/second-facteur/activer/", second_factor.enrol, name="second_factor_enrol"),
    path("compte/notifications/", notifications.notifications, name="notifications"),
    path("compte/rappels/", reminders.preferences, name="preferences"),
    path("compte/donnees/", personal_data.data, name="data"),
    path("compte/donnees/telecharger/<str:token>/", personal_data.data_download,
         name="data_download"),
    path("compte/donnees/effacer/", personal_data.data_erase, name="data_erase"),
    path("conseil/deliberations/<int:pk>/", council.decision_detail, name="council_decision"),
    path("conseil/deliberations/<int:pk>/rectifier/", council.decision_correct,
         name="council_decision_correct"),
]
