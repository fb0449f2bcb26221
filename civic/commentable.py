"""Which objects take comments, and who may comment on each.

An app lists its commentable models in `<app>/policies.py` as `COMMENT_POLICIES`, each with
a policy that raises a `DomainError` when the user may not comment (for example, a closed
debate); civic.plugins finds them. Unlisted models take none.
"""

from collections.abc import Callable
from functools import cache
from typing import cast

from django.db.models import Model

from civic.models import User
from civic.plugins import app_attributes

CommentPolicy = Callable[[User, Model], None]
# Policies registered by code rather than listed by an app (a test's own model, say).
_REGISTRY: dict[str, CommentPolicy] = {}


def register[M: Model](model: type[M], policy: Callable[[User, M], None]) -> None:
    # Looked up by the model of the object commented on, so called with an `M` only.
    _REGISTRY[model._meta.label_lower] = cast(CommentPolicy, policy)


@cache
def _listed() -> dict[str, CommentPolicy]:
    return {model._meta.label_lower: policy
            for _label, policies in app_attributes("policies", "COMMENT_POLICIES")
            for model, policy in policies.items()}


def _policies() -> dict[str, CommentPolicy]:
    return {**_listed(), **_REGISTRY}


def policy_for(model: type[Model]) -> CommentPolicy | None:
    return _policies().get(model._meta.label_lower)


def registered_labels() -> list[str]:
    return sorted(_policies())
