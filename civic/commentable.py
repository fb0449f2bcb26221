"""Which objects take comments, and who may comment on each.

A module registers its commentable models with a policy that raises a `DomainError` when
the user may not comment (for example, a closed debate). Unregistered models take none.
"""

from collections.abc import Callable
from typing import cast

from django.db.models import Model

from civic.models import User

CommentPolicy = Callable[[User, Model], None]
_REGISTRY: dict[str, CommentPolicy] = {}


def register[M: Model](model: type[M], policy: Callable[[User, M], None]) -> None:
    # Looked up by the model of the object commented on, so called with an `M` only.
    _REGISTRY[model._meta.label_lower] = cast(CommentPolicy, policy)


def policy_for(model: type[Model]) -> CommentPolicy | None:
    return _REGISTRY.get(model._meta.label_lower)


def registered_labels() -> list[str]:
    return sorted(_REGISTRY)
