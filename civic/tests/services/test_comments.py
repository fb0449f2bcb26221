import pytest

from civic import commentable, selectors
from civic.errors import Conflict, DomainError, NotPermitted
from civic.models import AuditEntry, Comment, Neighbourhood, Notification
from civic.services.comments import (
    comment_create,
    comment_hide,
    comment_report,
    comment_unhide,
)
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


def test_comment_hide_tells_the_author_with_the_reason(resident, neighbourhood, moderator):
    # given a comment
    comment = comment_create(target=neighbourhood, author=resident.user, body="Texte vif")
    # when a moderator hides it
    comment_hide(comment=comment, moderator=moderator, reason="Propos injurieux")
    # then its author finds a notice in the site and an e-mail waits in the outbox
    notices = Notification.objects.filter(recipient=resident.user, kind="comment_hidden")
    assert {n.channel for n in notices} == {"in_app", "email"}
    assert all("Propos injurieux" in n.body and "Texte vif" in n.body for n in notices)


def test_comment_unhide_restores_settles_its_reports_and_is_audited(resident, neighbourhood,
                                                                    moderator):
    # given a reported comment, hidden
    comment = comment_create(target=neighbourhood, author=resident.user, body="Texte")
    comment_report(comment=comment, reporter=ResidentFactory().user, reason="Hors sujet")
    comment_hide(comment=comment, moderator=moderator, reason="Hors sujet")
    # when a moderator restores it
    restored = comment_unhide(comment=comment, moderator=moderator, reason="Signalement abusif")
    # then it shows again, leaves the queue, its author is told, and the act is audited
    assert (restored.status, restored.hidden_reason, restored.hidden_by) == (
        Comment.Status.VISIBLE, "", None)
    assert comment not in selectors.comment_list_reported()
    assert Notification.objects.filter(recipient=resident.user, kind="comment_unhidden",
                                       body__contains="Signalement abusif").exists()
    entry = AuditEntry.objects.filter(verb="comment.unhidden").get()
    assert (entry.actor_id, entry.data["reason"]) == (moderator.pk, "Signalement abusif")


def test_comment_unhide_requires_a_moderator_a_reason_and_a_hidden_comment(
        resident, neighbourhood, moderator, clerk):
    # given a visible comment
    comment = comment_create(target=neighbourhood, author=resident.user, body="Texte")
    # when / then: only moderators, with a reason, and only a hidden comment
    with pytest.raises(Conflict) as not_hidden:
        comment_unhide(comment=comment, moderator=moderator, reason="Erreur")
    assert not_hidden.value.code == "not_hidden"
    comment_hide(comment=comment, moderator=moderator, reason="Spam")
    with pytest.raises(NotPermitted):
        comment_unhide(comment=comment, moderator=clerk, reason="Erreur")
    with pytest.raises(DomainError) as empty:
        comment_unhide(comment=comment, moderator=moderator, reason="  ")
    assert empty.value.field == "reason"
