from django.urls import path

from frontend.counter import views

app_name = "counter"

urlpatterns = [
    path("", views.index, name="index"),
    path("habitants/<int:pk>/verifier/", views.verify, name="verify"),
]
