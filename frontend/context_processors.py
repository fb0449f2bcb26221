from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs on every page."""
    from civic import roles

    user = request.user
    return {
        "nav_roles": roles.roles_of(user) if user.is_authenticated else frozenset(),
    }
