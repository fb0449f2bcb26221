from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    resident = getattr(request.user, "resident", None) if request.user.is_authenticated else None
    return render(request, "frontend/home.html", {"resident": resident})
