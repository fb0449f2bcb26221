from datetime import timedelta

import pytest
from django.utils import timezone

from budgets.models import BudgetLine, ChapterPreference
from budgets.selectors import debate_synthesis, synthesis_csv
from budgets.services.debates import (
    CsvImportError,
    chapter_preference_set,
    debate_advance_due,
    debate_lines_import,
    debate_synthesis_submit,
)
from budgets.tests.factories import ChapterFactory, DebateFactory, LineFactory
from civic.errors import InvalidTransition, NotEligible
from civic.models import AgendaItem

pytestmark = pytest.mark.django_db

CSV = ("Chapitre;Libellé chapitre;Article;Libellé;Montant\n"
       "011;Charges à caractère général;60612;Électricité;1\u202f234\u202f567,89\n"
       "011;Charges à caractère général;60623;Alimentation;1.480.000,00\n")


def test_import_reads_french_amounts_and_replaces_the_draft_lines(clerk):
    # given
    debate = DebateFactory()
    debate_lines_import(debate=debate, data=CSV.encode(), actor=clerk)
    # when
    count = debate_lines_import(debate=debate, data=CSV.encode("utf-8-sig"), actor=clerk)
    # then
    assert count == 2
    assert sorted(BudgetLine.objects.values_list("amount_cents", flat=True)) == [
        123_456_789, 148_000_000]


def test_import_refuses_a_file_without_the_expected_columns(clerk):
    # when
    with pytest.raises(CsvImportError) as refused:
        debate_lines_import(debate=DebateFactory(), data=b"Code;Nom\n1;2\n", actor=clerk)
    # then
    assert "Ligne 1" in refused.value.errors[0] and "Montant" in refused.value.errors[0]


def test_import_names_each_line_whose_values_would_not_fit(clerk):
    # given an export with an absurd amount, over-long codes and a NUL byte
    data = ("Chapitre;Libellé chapitre;Article;Libellé;Montant\n"
            "011;Charges;60612;Électricité;99999999999999999999,00\n"
            "011-FONCTIONNEMENT-GENERAL;Charges;60623;Alimentation;1 000,00\n"
            "012;Personnel;6411-TITULAIRES-ET-CONTRACTUELS;Salaires;2 000,00\n"
            "013;Atténuations;6419;Rembourse\x00ments;3 000,00\n").encode()
    debate = DebateFactory()
    # when
    with pytest.raises(CsvImportError) as refused:
        debate_lines_import(debate=debate, data=data, actor=clerk)
    # then every faulty line is named with its reason, and nothing was imported
    errors = " ".join(refused.value.errors)
    assert "Ligne 2" in errors and "montant trop élevé" in errors
    assert "Ligne 3" in errors and "Ligne 4" in errors and "20 caractères" in errors
    assert "Ligne 5" in errors and "caractère nul" in errors
    assert not BudgetLine.objects.filter(chapter__debate=debate).exists()


def test_import_is_refused_once_the_debate_is_open(clerk):
    # when / then
    with pytest.raises(InvalidTransition):
        debate_lines_import(debate=DebateFactory(open=True), data=CSV.encode(), actor=clerk)


def test_one_opinion_per_resident_per_chapter_changeable_while_open(resident):
    # given
    chapter = ChapterFactory(debate=DebateFactory(open=True))
    # when
    chapter_preference_set(chapter=chapter, voter=resident.user, choice="more")
    chapter_preference_set(chapter=chapter, voter=resident.user, choice="less")
    # then
    assert ChapterPreference.objects.get().choice == "less"


def test_unverified_residents_cannot_give_an_opinion(unverified_resident):
    # when / then
    with pytest.raises(NotEligible):
        chapter_preference_set(chapter=ChapterFactory(debate=DebateFactory(open=True)),
                               voter=unverified_resident.user, choice="more")


def test_synthesis_counts_opinions_and_goes_to_the_council_once(clerk, council, neighbourhood):
    # given
    from civic.tests.factories import ResidentFactory

    debate = DebateFactory(open=True)
    chapter = LineFactory(chapter=ChapterFactory(debate=debate)).chapter
    for choice in ("more", "more", "more", "less"):
        chapter_preference_set(chapter=chapter,
                               voter=ResidentFactory(neighbourhood=neighbourhood).user,
                               choice=choice)
    debate.status = "closed"
    debate.save()
    # when
    row = debate_synthesis(debate)[0]
    item = debate_synthesis_submit(debate=debate, actor=clerk)
    again = debate_synthesis_submit(debate=debate, actor=clerk)
    # then
    assert (row.more, row.same, row.less, row.balance) == (3, 0, 1, 50)
    assert row.verdict == "plus de moyens souhaités"
    assert again.pk == item.pk and AgendaItem.objects.count() == 1
    assert "75 % plus" in item.summary


def test_debate_schedule_opens_and_closes_and_is_safe_to_run_twice(clerk):
    # given
    past = timezone.now() - timedelta(minutes=1)
    opening = DebateFactory(year=2031, opens_at=past)
    LineFactory(chapter=ChapterFactory(debate=opening))
    closing = DebateFactory(year=2032, open=True, closes_at=past)
    # when
    moved = debate_advance_due(), debate_advance_due()
    # then
    opening.refresh_from_db()
    closing.refresh_from_db()
    assert moved == (2, 0)
    assert (opening.status, closing.status) == ("open", "closed")


def test_a_hidden_comment_is_out_of_the_synthesis_its_csv_and_the_councils_summary(
        clerk, council, moderator):
    # given a closed debate whose line has two comments, one hidden by a moderator
    from civic.models import Comment
    from civic.services.comments import comment_hide
    from civic.tests.factories import ResidentFactory

    debate = DebateFactory(open=True)
    line = LineFactory(chapter=ChapterFactory(debate=debate))
    Comment.objects.create(target=line, author=ResidentFactory().user, body="Bonne dépense")
    abusive = Comment.objects.create(target=line, author=ResidentFactory().user,
                                     body="Insulte au maire")
    comment_hide(comment=abusive, moderator=moderator, reason="Propos injurieux")
    debate.status = "closed"
    debate.save()
    # when the synthesis is read, exported and sent to the council
    rows = debate_synthesis(debate)
    exported = synthesis_csv(debate, rows)
    item = debate_synthesis_submit(debate=debate, actor=clerk)
    # then only the visible comment is counted and quoted, nowhere the hidden one
    assert rows[0].comment_count == 1
    assert [c.body for c in rows[0].top_comments] == ["Bonne dépense"]
    assert "Insulte" not in exported
    assert "1 commentaire(s)" in item.summary and "Insulte" not in item.summary
