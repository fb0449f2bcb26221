"""Demo content of the commissions module, in Alès, in every state of the life cycle.

Idempotent: each body is looked up by its slug and only seeded when missing, inside the
seed_demo transaction, so a second run creates nothing. Everything goes through the services
(so the audit log tells the story); past events are recorded with their real past dates.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from civic.models import User
from civic.services.council import council_decision_correct
from commissions.demo_facilities import facilities_seed, neighbourhood_councils_seed
from commissions.demo_support import (
    CLERK,
    ELISE,
    PAUL,
    appoint,
    at,
    body,
    council_session,
    days_from_today,
    held,
    person,
    volunteers_seed,
)
from commissions.models import Commission, Meeting, Opinion
from commissions.services import calls, meetings, opinions, sortitions


def _security(clerk: User, volunteers: list[User]) -> None:
    commission = body(
        "securite-et-tranquillite-publique", clerk, kind="extra_municipal",
        name="Sécurité et tranquillité publique", chair=person(ELISE),
        theme="Prévention, tranquillité, éclairage et sécurité routière",
        description="Commission extra-municipale associant élus, associations et habitants "
                    "tirés au sort.\nElle rend des avis au conseil municipal sur la prévention "
                    "de la délinquance, l'éclairage public et la sécurité aux abords des écoles.",
        seats={"councillors": 2, "associations": 3, "residents": 3})
    if commission is None:
        return
    appoint(commission, "councillors", [ELISE, PAUL], clerk)
    appoint(commission, "associations", [volunteers[4].email, volunteers[5].email], clerk)
    call = calls.member_call_open(
        seat_group=commission.seat_groups.get(kind="residents"), actor=clerk,
        title="Trois habitants tirés au sort", closes_on=timezone.localdate(),
        description="Tout habitant d'Alès de 16 ans et plus, au compte vérifié, peut se porter "
                    "volontaire.")
    motivations = ["J'habite le centre depuis vingt ans et je veux parler de l'éclairage.",
                   "Parent d'élève, je m'inquiète de la sécurité devant l'école Jules-Ferry.",
                   "Je circule à vélo tous les jours et je connais les points dangereux.",
                   "Commerçante rue d'Avéjan, je souhaite apporter mon regard.",
                   "Retraité, j'ai du temps à consacrer à la vie de mon quartier."]
    for user, text in zip([person("julien@decidons.test"), *volunteers[:4]], motivations,
                          strict=True):
        calls.application_submit(call=call, applicant=user, motivation=text)
    calls.member_call_close(call=call, actor=clerk)
    sortitions.sortition_run(call=call, actor=clerk)
    spring = held(commission, clerk, title="Séance d'installation", when=at(date(2026, 5, 12), 18),
                   place="Hôtel de ville, salle du conseil", public_capacity=40,
                   agenda=["Installation et règlement intérieur", "Éclairage nocturne"],
                   minutes="Présidence : Élise Roux.\nLa commission adopte son règlement "
                           "intérieur.\nDébat sur l'extinction de l'éclairage entre 1 h et 5 h "
                           "dans les rues résidentielles.")
    lights = opinions.opinion_adopt(
        meeting=spring, title="Éclairage nocturne des rues résidentielles", votes_for=6,
        votes_against=1, abstentions=0, actor=clerk,
        text="La commission recommande de maintenir l'éclairage jusqu'à 1 h du matin et "
             "d'équiper les passages piétons de détecteurs de présence.")
    _lights_answered(lights, clerk)
    autumn = held(commission, clerk, title="Sécurité aux abords des écoles",
                   when=at(date(2026, 9, 15), 18), place="Hôtel de ville, salle du conseil",
                   public_capacity=40, absent=1,
                   agenda=["Abords des écoles", "Bilan de l'éclairage"],
                   minutes="Visite des abords de l'école Jules-Ferry.\nLa commission propose "
                           "une zone 30 et un passage surélevé.")
    schools = opinions.opinion_adopt(
        meeting=autumn, title="Zone 30 autour des écoles", votes_for=5, votes_against=0,
        abstentions=1, actor=clerk,
        text="Créer une zone 30 dans un rayon de 200 m autour de chaque école élémentaire.")
    opinions.opinion_send(opinion=schools, actor=clerk)
    # The opinion was sent in September: its answer is now overdue (shown in the lists).
    Opinion.objects.filter(pk=schools.pk).update(
        sent_at=at(date(2026, 9, 16), 9), answer_due_by=date(2026, 11, 15))
    upcoming = meetings.meeting_create(
        commission=commission, title="Vidéoprotection et médiation de nuit",
        starts_at=days_from_today(15), place="Hôtel de ville, salle du conseil", actor=clerk,
        public_capacity=30)
    meetings.meeting_agenda_add(meeting=upcoming, title="Bilan de la médiation de nuit",
                                actor=clerk)
    meetings.meeting_invite(meeting=upcoming, actor=clerk)
    for email in ["nadia@decidons.test", "karim@decidons.test"]:
        meetings.meeting_register(meeting=upcoming, user=person(email))


def _lights_answered(lights: Opinion, clerk: User) -> None:
    """Sent the day after the meeting, voted on at the council's June session (a miscounted
    proxy rectified afterwards), answered by the clerks from that decision."""
    opinions.opinion_send(opinion=lights, actor=clerk)
    Opinion.objects.filter(pk=lights.pk).update(
        sent_at=at(date(2026, 5, 13), 9), answer_due_by=date(2026, 7, 12))
    june = council_session(clerk, at(date(2026, 6, 29), 18))
    opinions.opinion_schedule(opinion=lights, session=june, actor=clerk)
    decision = opinions.opinion_decision_record(
        opinion=lights, outcome="adopted", votes_for=33, votes_against=8, abstentions=4,
        reference="2026-DEL-077", decided_at=at(date(2026, 6, 29), 19, 30), actor=clerk,
        text="Le conseil municipal retient l'avis de la commission Sécurité et tranquillité "
             "publique et inscrit au budget 2027 l'équipement des passages piétons.")
    council_decision_correct(
        decision=decision, actor=clerk, votes_for=34, votes_against=7,
        reason="Un pouvoir de vote avait été compté « contre » au lieu de « pour » à la "
               "saisie ; le procès-verbal de la séance fait foi.")
    opinions.opinion_answer_record(opinion=lights, actor=clerk, decision=decision, answer=(
        "Le conseil municipal retient la proposition : les passages piétons des quartiers "
        "Tamaris et Rochebelle seront équipés de détecteurs de présence en 2027."))


def _culture(clerk: User, volunteers: list[User]) -> None:
    commission = body(
        "culture-et-patrimoine-cevenol", clerk, kind="extra_municipal",
        name="Culture et patrimoine cévenol", chair=person(PAUL),
        theme="Patrimoine minier, occitan, fêtes et lecture publique",
        description="Valoriser le patrimoine minier et cévenol d'Alès, la langue occitane et "
                    "la programmation culturelle des quartiers.",
        seats={"councillors": 2, "associations": 4, "residents": 4})
    if commission is None:
        return
    appoint(commission, "councillors", [PAUL, ELISE], clerk)
    appoint(commission, "associations", [volunteers[6].email], clerk)
    call = calls.member_call_open(
        seat_group=commission.seat_groups.get(kind="residents"), actor=clerk,
        title="Appel à candidatures : quatre habitants", closes_on=timezone.localdate()
        + timedelta(days=21), description="Passionnés d'histoire locale, de musique ou de "
        "lecture : rejoignez la commission. Tirage au sort si plus de quatre volontaires.")
    calls.application_submit(call=call, applicant=person("sophie@decidons.test"),
                             motivation="Guide bénévole au Puits Ricard, je veux faire "
                                        "connaître le patrimoine minier.")
    withdrawn = calls.application_submit(
        call=call, applicant=volunteers[7], motivation="Je joue dans une fanfare et voudrais "
                                                       "aider à organiser les fêtes.")
    calls.application_withdraw(application=withdrawn, actor=volunteers[7])
    meetings.meeting_create(commission=commission, title="Programme des Journées du patrimoine",
                            starts_at=days_from_today(24, 17), place="Médiathèque Alphonse-Daudet",
                            actor=clerk, public_capacity=25)


def seed(say: Callable[[str], None]) -> None:
    clerk = person(CLERK)
    volunteers = volunteers_seed(clerk)
    _security(clerk, volunteers)
    _culture(clerk, volunteers)
    facilities_seed(clerk, volunteers)
    neighbourhood_councils_seed(clerk, volunteers)
    say(f"  {Commission.objects.count()} instances, {Meeting.objects.count()} réunions, "
        f"{Opinion.objects.count()} avis")
