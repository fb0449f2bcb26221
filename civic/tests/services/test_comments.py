import pytest

from civic import commentable
from civic.errors import Conflict, DomainError, NotPermitted
from civic.models import Comment, Neighbourhood
from civic.services.comments import comment_create, comment_hide, comment_report
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _verified_only(user, target):
    if not getattr(getattr(user, "resident", None), "is_verified", False):
        raise DomainError("Réservé aux habitants vérifiés.", code="not_verified")


@pytest.fixture(autouse=True)
def neighbourhoods_take_comments():
    commentable.register(Neighbourhood, _verified_only)
    yield
    commentable._REGISTRY.pop("civic.neighbourhood", None)


def test_comment_create_stores_plain_text_as_written(resident, neighbourhood):
    # when a resident writes HTML
    comment = comment_create(target=neighbourhood, author=resident.user,
                             body="  <b>Bravo</b> pour le jardin !  ")
    # then it is kept as text (escaped when shown), trimmed
    assert comment.body == "<b>Bravo</b> pour le jardin !"


def test_comment_create_follows_the_targets_policy(unverified_resident, neighbourhood):
    # when / then
    with pytest.raises(DomainError) as refused:
        comment_create(target=neighbourhood, author=unverified_resident.user, body="Bonjour")
    assert refused.value.code == "not_verified"


def test_comment_create_refuses_control_characters_and_empty_text(resident, neighbourhood):
    # when / then
    with pytest.raises(DomainError) as nul:
        comment_create(target=neighbourhood, author=resident.user, body="abc\x00def")
    assert nul.value.code == "invalid_characters"
    with pytest.raises(DomainError) as empty:
        comment_create(target=neighbourhood, author=resident.user, body="   ")
    assert empty.value.field == "body"


def test_comment_on_an_unregistered_object_is_refused(resident):
    # when / then
    with pytest.raises(DomainError) as refused:
        comment_create(target=resident, author=resident.user, body="Bonjour")
    assert refused.value.code == "not_commentable"


def test_comment_report_counts_once_per_person(resident, neighbourhood):
    # given
    comment = comment_create(target=neighbourhood, author=resident.user, body="Texte")
    reporter = ResidentFactory().user
    # when
    comment_report(comment=comment, reporter=reporter, reason="Hors sujet")
    with pytest.raises(Conflict):
        comment_report(comment=comment, reporter=reporter, reason="Encore")
    # then
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_comment_hide_requires_a_moderator_and_a_reason(resident, neighbourhood, moderator):
    # given
    comment = comment_create(target=neighbourhood, author=resident.user, body="Texte")
    # when / then
    with pytest.raises(NotPermitted):
        comment_hide(comment=comment, moderator=resident.user, reason="Non")
    with pytest.raises(DomainError):
        comment_hide(comment=comment, moderator=moderator, reason="")
    hidden = comment_hide(comment=comment, moderator=moderator, reason="Propos injurieux")
    assert (hidden.status, hidden.hidden_reason) == (Comment.Status.HIDDEN, "Propos injurieux")
