from django.urls import path

from frontend.commissions.views import (
    consultations,
    files,
    public,
    staff,
    staff_meetings,
)

app_name = "commissions_web"

urlpatterns = [
    path("", public.index, name="index"),
    path("agenda.ics", files.ical_all, name="ical_all"),
    path("reunions/", public.calendar, name="calendar"),
    path("reunions/<int:pk>/", public.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/inscription/", public.meeting_register, name="meeting_register"),
    path("appels/<int:pk>/", public.call_detail, name="call"),
    path("tirages/<int:pk>/", public.sortition_detail, name="sortition"),
    path("avis/", public.opinions, name="opinions"),
    path("avis/<int:pk>/", public.opinion_detail, name="opinion"),
    path("mes-sieges/", public.my_seats, name="my_seats"),
    path("mes-sieges/<int:pk>/demission/", public.membership_resign, name="resign"),
    path("consultations/", consultations.consultation_list, name="consultations"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/resultats/", consultations.consultation_results,
         name="consultation_results"),
    path("consultations/<int:pk>/resultats.csv", consultations.consultation_results_csv,
         name="consultation_results_csv"),
    path("documents/<int:pk>/", files.commission_document, name="commission_document"),
    path("documents/reunion/<int:pk>/", files.meeting_document, name="meeting_document"),
    # Clerk workspace
    path("espace-agent/", staff.workspace, name="workspace"),
    path("espace-agent/instances/nouvelle/", staff.commission_create, name="staff_create"),
    path("espace-agent/instances/<slug:slug>/", staff.commission_manage,
         name="staff_commission"),
    path("espace-agent/instances/<slug:slug>/reunion/", staff_meetings.meeting_create,
         name="staff_meeting_create"),
    path("espace-agent/instances/<slug:slug>/consultation/", staff_meetings.consultation_create,
         name="staff_consultation_create"),
    path("espace-agent/colleges/<int:pk>/appel/", staff.call_open, name="staff_call_open"),
    path("espace-agent/colleges/<int:pk>/nommer/", staff.appoint, name="staff_appoint"),
    path("espace-agent/appels/<int:pk>/", staff.call_manage, name="staff_call"),
    path("espace-agent/reunions/<int:pk>/", staff_meetings.meeting_manage, name="staff_meeting"),
    path("espace-agent/reunions/<int:pk>/emargement/", staff_meetings.meeting_attendance_sheet,
         name="staff_meeting_sheet"),
    path("espace-agent/reunions/<int:pk>/convocations/", staff_meetings.meeting_convocations,
         name="staff_meeting_convocations"),
    path("espace-agent/instances/<slug:slug>/membres/", staff_meetings.commission_members_print,
         name="staff_members_print"),
    path("espace-agent/avis/<int:pk>/", staff_meetings.opinion_manage, name="staff_opinion"),
    path("espace-agent/consultations/<int:pk>/", staff_meetings.consultation_manage,
         name="staff_consultation"),
    # Last: a body's own pages
    path("<slug:slug>/", public.commission_detail, name="commission"),
    path("<slug:slug>/agenda.ics", files.ical_commission, name="ical_commission"),
    path("<slug:slug>/usagers/", public.facility_registration, name="facility_registration"),
]
