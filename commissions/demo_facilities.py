"""Demo: facility user committees (with user consultations) and neighbourhood councils."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civic.models import Neighbourhood, User
from civic.selectors import council_session_list_open
from commissions.demo_support import (
    ELISE,
    PAUL,
    appoint,
    at,
    body,
    days_from_today,
    held,
    hold,
    pdf_bytes,
    person,
)
from commissions.models import Commission, Consultation
from commissions.services import calls, consultations, facility_users, meetings, opinions


def _register(committee: Commission, clerk: User, users: list[User]) -> None:
    """The facility's desk registers its users (facility consultations are for them)."""
    for user in users:
        facility_users.facility_registration_confirm(commission=committee, user=user,
                                                     actor=clerk)


def _consultation(commission: Commission, clerk: User, *, title: str, questions: list[tuple],
                  answers: list[dict[int, Any]], respondents: Sequence[User] = (),
                  close: bool = False, **fields: Any) -> Consultation:
    """Create, fill, open a consultation; answers[i] (question positions, 1-based) is given by
    respondents[i]."""
    consultation = consultations.consultation_create(
        commission=commission, title=title, actor=clerk,
        closes_on=timezone.localdate() + timedelta(days=20), **fields)
    created = [consultations.question_add(consultation=consultation, kind=kind, label=label,
                                          choices=choices, actor=clerk,
                                          required=kind != "text")
               for kind, label, choices in questions]
    consultations.consultation_open(consultation=consultation, actor=clerk)
    for user, by_position in zip(respondents, answers, strict=True):
        values: dict[int, Any] = {}
        for position, value in by_position.items():
            question = created[position - 1]
            if question.kind in ("single", "multiple"):
                picked = [question.choices.all()[i].pk for i in (
                    value if isinstance(value, list) else [value])]
                values[question.pk] = picked if question.kind == "multiple" else picked[0]
            else:
                values[question.pk] = value
        consultations.consultation_respond(consultation=consultation, user=user,
                                           answers=values)
    if close:
        consultations.consultation_close(consultation=consultation, actor=clerk)
        # The consultation ran in October; its closing date is shown as such.
        Consultation.objects.filter(pk=consultation.pk).update(closes_on=date(2026, 10, 15))
    return consultation


def _health_centre(clerk: User, volunteers: list[User]) -> None:
    committee = body("comite-dusagers-du-centre-municipal-de-sante", clerk,
                     kind="facility_committee", chair=person(ELISE),
                     name="Comité d'usagers du Centre municipal de santé",
                     facility="Centre municipal de santé, 4 rue Jules-Renard",
                     description="Les usagers du centre de santé donnent leur avis sur les "
                                 "horaires, l'accueil et les services proposés.",
                     seats={"facility_users": 6, "associations": 2, "qualified": 1})
    if committee is None:
        return
    appoint(committee, "facility_users", ["karim@decidons.test", "lucie@decidons.test",
                                          volunteers[1].email, volunteers[2].email], clerk)
    appoint(committee, "qualified", [volunteers[5].email], clerk)
    users = [person(email) for email in ["nadia@decidons.test", "julien@decidons.test",
                                         "sophie@decidons.test", "karim@decidons.test",
                                         "lucie@decidons.test"]] + [volunteers[0]]
    _register(committee, clerk, users)
    # Claire asked online; her request waits for the desk (and her account's verification).
    facility_users.facility_registration_request(commission=committee,
                                                 user=person("claire@decidons.test"))
    survey = _consultation(
        committee, clerk, title="Horaires et prise de rendez-vous", audience="facility_users",
        anonymous=True, close=True, respondents=users,
        questions=[("single", "Quel créneau vous arrange le mieux ?",
                    ["Tôt le matin (7 h 30)", "Pause de midi", "Après 18 h", "Samedi matin"]),
                   ("multiple", "Comment prenez-vous rendez-vous ?",
                    ["Téléphone", "Sur place", "Internet", "Par un proche"]),
                   ("rating", "Comment jugez-vous l'accueil ?", None),
                   ("text", "Une suggestion ?", None)],
        answers=[{1: 2, 2: [0, 1], 3: 4, 4: "Ouvrir le samedi matin pour les actifs."},
                 {1: 2, 2: [0], 3: 5, 4: "Très bon accueil."},
                 {1: 0, 2: [2], 3: 3, 4: ""},
                 {1: 3, 2: [0, 3], 3: 4, 4: "Un rappel par SMS la veille."},
                 {1: 2, 2: [1], 3: 2, 4: "Trop d'attente au téléphone."},
                 {1: 1, 2: [0], 3: 4, 4: ""}])
    meeting = meetings.meeting_create(
        commission=committee, title="Résultats de la consultation sur les horaires",
        starts_at=at(date(2026, 10, 20), 17, 30), place="Centre municipal de santé, salle "
        "d'attente du 1er étage", actor=clerk, public_capacity=15)
    meetings.meeting_agenda_add(meeting=meeting, title="Résultats de la consultation",
                                consultation=survey, actor=clerk)
    meetings.meeting_agenda_add(meeting=meeting, title="Accueil téléphonique", actor=clerk)
    held_meeting = hold(meeting, clerk,
                        minutes="La moitié des répondants préfère un créneau après 18 h.\n"
                                "Le comité propose une ouverture jusqu'à 19 h le jeudi.")
    opinion = opinions.opinion_adopt(
        meeting=held_meeting, title="Ouverture jusqu'à 19 h le jeudi", votes_for=4,
        votes_against=0, abstentions=1, actor=clerk,
        text="Le comité demande une ouverture du centre jusqu'à 19 h le jeudi, à titre d'essai "
             "pendant six mois.")
    opinions.opinion_send(opinion=opinion, actor=clerk)
    # On the agenda of the council's next session: its vote and answer come after it opens.
    upcoming = council_session_list_open().first()
    if upcoming is not None:
        opinions.opinion_schedule(opinion=opinion, session=upcoming, actor=clerk)
    meetings.meeting_create(commission=committee, title="Bilan de l'accueil téléphonique",
                            starts_at=days_from_today(30, 17), actor=clerk,
                            place="Centre municipal de santé", public_capacity=15)


def _womens_house(clerk: User, volunteers: list[User]) -> None:
    committee = body("comite-dusagers-de-la-maison-des-femmes", clerk,
                     kind="facility_committee", chair=person(ELISE),
                     name="Comité d'usagers de la Maison des Femmes",
                     facility="Maison des Femmes, quartier des Prés-Saint-Jean",
                     description="Écoute, accompagnement et ateliers : les usagères et les "
                                 "associations partenaires font évoluer la Maison des Femmes.",
                     seats={"facility_users": 5, "associations": 3})
    if committee is None:
        return
    appoint(committee, "facility_users", ["nadia@decidons.test", "sophie@decidons.test"], clerk)
    appoint(committee, "associations", [volunteers[4].email], clerk)
    users = [person("nadia@decidons.test"), person("sophie@decidons.test"), volunteers[4]]
    _register(committee, clerk, users)
    meeting = held(committee, clerk, title="Accueil des victimes de violences",
                   when=at(date(2026, 10, 6), 14), place="Maison des Femmes",
                   visibility="closed", agenda=["Protocole d'accueil", "Permanences juridiques"],
                   minutes="Réunion à huis clos.\nLe protocole d'accueil est validé ; deux "
                           "permanences juridiques mensuelles sont demandées.")
    meetings.meeting_document_add(
        meeting=meeting, title="Protocole d'accueil (version de travail)", actor=clerk,
        upload=SimpleUploadedFile("protocole.pdf", pdf_bytes(
            ["Maison des Femmes - Protocole d'accueil", "Document de travail du comité"])))
    _consultation(committee, clerk, title="Ateliers et permanences de l'année prochaine",
                  audience="facility_users", anonymous=True, respondents=users[:2],
                  questions=[("multiple", "Quels ateliers souhaitez-vous ?",
                              ["Retour à l'emploi", "Numérique", "Sport", "Parentalité"]),
                             ("text", "Quels horaires vous conviennent ?", None)],
                  answers=[{1: [0, 1], 2: "Le matin pendant l'école."},
                           {1: [1, 3], 2: "Le mercredi après-midi."}])


def _teenagers_house(clerk: User, volunteers: list[User]) -> None:
    committee = body("comite-dusagers-de-la-maison-des-adolescents", clerk,
                     kind="facility_committee", chair=person(PAUL),
                     name="Comité d'usagers de la Maison des Adolescents",
                     facility="Maison des Adolescents, avenue Carnot",
                     seats={"facility_users": 2, "qualified": 2})
    if committee is None:
        return
    call = calls.member_call_open(
        seat_group=committee.seat_groups.get(kind="facility_users"), actor=clerk,
        title="Deux usagers ou parents d'usagers", closes_on=timezone.localdate())
    for user, text in [(person("lucie@decidons.test"), "J'ai fréquenté la Maison des Ados et "
                        "je veux aider les plus jeunes."),
                       (volunteers[7], "Parent d'un adolescent suivi, je souhaite m'impliquer."),
                       (volunteers[3], "Éducateur sportif, je connais bien les jeunes du "
                                       "quartier.")]:
        calls.application_submit(call=call, applicant=user, motivation=text)
    # Closed and awaiting the public draw: the clerk runs it from the workspace.
    calls.member_call_close(call=call, actor=clerk)


def _neighbourhood_house(clerk: User, volunteers: list[User]) -> None:
    committee = body("comite-dusagers-de-la-maison-de-quartier-des-pres-saint-jean", clerk,
                     kind="facility_committee", chair=person(PAUL),
                     name="Comité d'usagers de la Maison de quartier des Prés-Saint-Jean",
                     facility="Maison de quartier des Prés-Saint-Jean",
                     seats={"facility_users": 6})
    if committee is None:
        return
    appoint(committee, "facility_users", ["nadia@decidons.test", volunteers[1].email], clerk)
    cancelled = meetings.meeting_create(commission=committee, title="Fête de quartier",
                                        starts_at=days_from_today(5), place="Maison de quartier",
                                        actor=clerk, public_capacity=50)
    meetings.meeting_cancel(meeting=cancelled, actor=clerk,
                            reason="La salle est indisponible ce jour-là.")
    meetings.meeting_create(commission=committee, title="Fête de quartier (nouvelle date)",
                            starts_at=days_from_today(19), place="Maison de quartier",
                            actor=clerk, public_capacity=50)
    draft = consultations.consultation_create(
        commission=committee, title="Ouverture le samedi", audience="neighbourhood",
        neighbourhood=Neighbourhood.objects.get(code="pres-saint-jean"), actor=clerk,
        min_age=11, closes_on=timezone.localdate() + timedelta(days=40))
    consultations.question_add(consultation=draft, kind="single", actor=clerk,
                               label="Viendriez-vous le samedi ?", choices=["Oui", "Non"])


def facilities_seed(clerk: User, volunteers: list[User]) -> None:
    _health_centre(clerk, volunteers)
    _womens_house(clerk, volunteers)
    _teenagers_house(clerk, volunteers)
    _neighbourhood_house(clerk, volunteers)


def neighbourhood_councils_seed(clerk: User, volunteers: list[User]) -> None:
    psj = body("conseil-de-quartier-des-pres-saint-jean", clerk,
               kind="neighbourhood_council", name="Conseil de quartier des Prés-Saint-Jean",
               chair=person("nadia@decidons.test"),
               neighbourhood=Neighbourhood.objects.get(code="pres-saint-jean"),
               description="Le conseil de quartier prépare les projets du budget participatif "
                           "et fait des propositions au maire.",
               seats={"councillors": 1, "residents": 8})
    if psj is not None:
        appoint(psj, "councillors", [PAUL], clerk)
        appoint(psj, "residents", ["nadia@decidons.test", volunteers[1].email], clerk)
        meeting = held(psj, clerk, title="Square Paul-Painlevé", when=at(date(2026, 11, 3), 18),
                       place="Maison de quartier des Prés-Saint-Jean", public_capacity=30,
                       agenda=["Aménagement du square", "Budget participatif : idées"],
                       minutes="Les habitants demandent des bancs, de l'ombre et des jeux.")
        opinions.opinion_adopt(meeting=meeting, title="Réaménager le square Paul-Painlevé",
                               votes_for=3, votes_against=0, abstentions=0, actor=clerk,
                               text="Planter six arbres, installer des bancs et une aire de "
                                    "jeux pour les 3-10 ans.")
    rochebelle = body("conseil-de-quartier-de-rochebelle", clerk,
                      kind="neighbourhood_council", name="Conseil de quartier de Rochebelle",
                      chair=person("lucie@decidons.test"),
                      neighbourhood=Neighbourhood.objects.get(code="rochebelle"),
                      seats={"residents": 6})
    if rochebelle is not None:
        appoint(rochebelle, "residents", [volunteers[5].email, "lucie@decidons.test"], clerk)
        _consultation(rochebelle, clerk, title="Priorités du quartier pour le budget participatif",
                      audience="neighbourhood", anonymous=False,
                      questions=[("single", "Votre priorité ?",
                                  ["Voirie", "Espaces verts", "Jeunesse", "Mémoire minière"])],
                      answers=[])
    centre = body("conseil-de-quartier-du-centre-ville", clerk,
                  kind="neighbourhood_council", name="Conseil de quartier du Centre-ville",
                  chair=person("julien@decidons.test"),
                  neighbourhood=Neighbourhood.objects.get(code="centre-ville"),
                  seats={"councillors": 1, "residents": 8})
    if centre is not None:
        calls.member_call_open(seat_group=centre.seat_groups.get(kind="residents"), actor=clerk,
                               title="Rejoignez le conseil de quartier du Centre-ville",
                               closes_on=timezone.localdate() + timedelta(days=30))
        meetings.meeting_create(commission=centre, title="Assemblée de quartier",
                                starts_at=days_from_today(12), place="Salle Lafare-Alais",
                                actor=clerk, public_capacity=60)
