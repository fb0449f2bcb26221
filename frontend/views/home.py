from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civic.http import AuthenticatedHttpRequest, signed_in_user
from frontend.for_me import my_acts, open_for

HOME_OPEN_ACTS = 5


def home(request: HttpRequest) -> HttpResponse:
    resident = getattr(request.user, "resident", None) if request.user.is_authenticated else None
    context: dict[str, object] = {"resident": resident}
    if resident is not None:
        acts = open_for(signed_in_user(request))
        context.update({"open_acts": acts[:HOME_OPEN_ACTS],
                        "more_acts": len(acts) > HOME_OPEN_ACTS})
    return render(request, "frontend/home.html", context)


@login_required
def for_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """"Pour moi": my neighbourhood, what is open to me now with its deadline, my own acts."""
    resident = getattr(request.user, "resident", None)
    return render(request, "frontend/accounts/for_me.html", {
        "resident": resident, "open_acts": open_for(request.user) if resident else [],
        **my_acts(request.user)})
