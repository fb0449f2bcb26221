"""What each irreversible act of the clerk workspace says before it is done: what happens and
who is told (frontend.web.form_page shows it, and acts on the confirmed POST only)."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.conf import decidons_setting
from civic.models import CouncilDecision
from commissions import selectors
from commissions.models import (
    Application,
    Commission,
    Consultation,
    FacilityRegistration,
    Meeting,
    MemberCall,
    Membership,
    Opinion,
)
from commissions.services.meetings import (
    Audience,
    meeting_change_audience,
    meeting_reschedule_refusal,
)
from commissions.services.opinions import opinion_adopt_refusal
from commissions.services.sessions import meeting_hold_refusal, quorum_reached
from frontend.web import Confirm, Confirmation


def _nobody() -> str:
    return _("Personne n'est prévenu par message.")


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _told_of_change(audience: Audience) -> str:
    """Who a meeting's cancellation or move reaches (commissions.services.meetings)."""
    if not audience.people:
        return _("Personne n'est prévenu par message : aucun membre n'a encore été convoqué "
                 "et personne du public n'est inscrit.")
    return _("Sont prévenus par message, avec le motif : {members} membre(s) convoqué(s) et "
             "{public} personne(s) du public inscrite(s).").format(
                 members=len(audience.members), public=len(audience.public))


def told_after_change(audience: Audience) -> str:
    """The end of the success message after a cancellation or a move: who was told."""
    if not audience.people:
        return _("personne n'est prévenu : aucun membre n'avait été convoqué et personne du "
                 "public n'était inscrit.")
    return _("sont prévenus par message : {members} membre(s) convoqué(s) et {public} "
             "personne(s) du public inscrite(s).").format(members=len(audience.members),
                                                         public=len(audience.public))


def meeting(meeting: Meeting) -> dict[str, Confirm]:
    def invite(_post: Any) -> Confirmation | None:
        convocation = selectors.meeting_convocation(meeting=meeting)
        if not convocation.to_convene:
            return None  # nothing would be sent: the page says so at once
        names = ", ".join(str(user) for user in convocation.to_convene)
        text = _("{n} membre(s) en fonction recevront la convocation, avec l'ordre du jour tel "
                 "qu'il est maintenant ({points} point(s)), sur le site et par e-mail selon "
                 "leurs préférences : {names}. Une convocation envoyée ne peut pas être "
                 "retirée.").format(n=len(convocation.to_convene), names=names,
                                    points=meeting.agenda.count())
        if convocation.convened:
            text += "\n" + _("{m} membre(s) déjà convoqué(s) ne la recevront pas une seconde "
                             "fois.").format(m=len(convocation.convened))
        return Confirmation(_("Convoquer les membres à « {title} » ?").format(
            title=meeting.title), text, _("Envoyer la convocation"))

    def hold(data: dict[str, Any]) -> Confirmation:
        if refusal := meeting_hold_refusal(meeting=meeting):
            raise refusal
        members = meeting.commission.memberships.filter(status=Membership.Status.ACTIVE)
        present = members.filter(member_id__in=[int(v) for v in data["present"]]).count()
        reached = quorum_reached(present=present, members=members.count(),
                                 percent=meeting.commission.quorum_percent)
        return Confirmation(
            _("Enregistrer la tenue de « {title} » ?").format(title=meeting.title),
            _("{p} présent(s) sur {n} membre(s) en fonction : {quorum}. La réunion est "
              "enregistrée comme tenue, définitivement : les présences sont figées et elle ne "
              "pourra plus être déplacée ni annulée. {nobody}").format(
                p=present, n=members.count(), nobody=_nobody(),
                quorum=_("quorum atteint") if reached else _("quorum non atteint")),
            _("Enregistrer la tenue"))

    def cancel(data: dict[str, Any]) -> Confirmation:
        audience = meeting_change_audience(meeting)
        return Confirmation(
            _("Annuler la réunion « {title} » du {date} ?").format(
                title=meeting.title, date=_when(meeting.starts_at)),
            _("La réunion est annulée définitivement : elle ne pourra plus être déplacée ni "
              "tenue. Motif : {reason}").format(reason=data["reason"])
            + "\n" + _told_of_change(audience),
            _("Annuler la réunion et prévenir") if audience.people
            else _("Annuler la réunion"))

    def reschedule(data: dict[str, Any]) -> Confirmation:
        if refusal := meeting_reschedule_refusal(meeting=meeting, starts_at=data["starts_at"],
                                                 ends_at=data.get("ends_at")):
            raise refusal
        audience = meeting_change_audience(meeting)
        return Confirmation(
            _("Déplacer la réunion « {title} » ?").format(title=meeting.title),
            _("Elle aura lieu le {date}, {place}, au lieu du {before}, {before_place}. Motif : "
              "{reason}").format(date=_when(data["starts_at"]), place=data["place"],
                                 before=_when(meeting.starts_at),
                                 before_place=meeting.place, reason=data["reason"])
            + "\n" + _told_of_change(audience),
            _("Déplacer et prévenir") if audience.people else _("Déplacer la réunion"))

    def opinion(data: dict[str, Any]) -> Confirmation:
        if refusal := opinion_adopt_refusal(meeting=meeting):
            raise refusal
        return Confirmation(
            _("Enregistrer l'avis « {title} » ?").format(title=data["title"]),
            _("L'avis est enregistré comme adopté par l'instance ({votes_for} pour, "
              "{votes_against} contre, {abstentions} abstention(s)) et publié sur le site ; il "
              "ne pourra plus être modifié. {nobody}").format(nobody=_nobody(), **{
                  key: data[key] for key in ("votes_for", "votes_against", "abstentions")}),
            _("Enregistrer l'avis"))

    return {"invite": invite, "hold": hold, "cancel": cancel, "reschedule": reschedule,
            "opinion": opinion}


def opinion(opinion: Opinion) -> dict[str, Confirm]:
    def send(_post: Any) -> Confirmation:
        return Confirmation(
            _("Transmettre l'avis « {title} » au conseil municipal ?").format(
                title=opinion.title),
            _("L'avis rejoint les points à inscrire à l'ordre du jour du conseil, qui doit y "
              "répondre dans les {days} jours ; la transmission ne peut pas être retirée. "
              "{nobody}").format(days=decidons_setting("COMMISSIONS", "OPINION_ANSWER_DAYS"),
                                 nobody=_nobody()),
            _("Transmettre au conseil"))

    def vote(data: dict[str, Any]) -> Confirmation:
        return Confirmation(
            _("Enregistrer le vote du conseil sur « {title} » ?").format(title=opinion.title),
            _("{outcome} : {votes_for} pour, {votes_against} contre, {abstentions} "
              "abstention(s) ; délibération {reference} du {date}. La délibération est "
              "publiée ; elle ne se corrige ensuite que par une rectification motivée, "
              "publiée elle aussi. Les membres en fonction de l'instance sont prévenus par "
              "message.").format(
                outcome=CouncilDecision.Outcome(data["outcome"]).label,
                votes_for=data["votes_for"], votes_against=data["votes_against"],
                abstentions=data["abstentions"], reference=data["reference"],
                date=_when(data["decided_at"])),
            _("Enregistrer le vote"))

    def answer(_data: dict[str, Any]) -> Confirmation:
        return Confirmation(
            _("Publier la réponse du conseil à « {title} » ?").format(title=opinion.title),
            _("La réponse est publiée sur la page de l'avis et ne pourra plus être modifiée. "
              "Les membres en fonction de l'instance sont prévenus par message."),
            _("Publier la réponse"))

    return {"send": send, "vote": vote, "answer": answer}


def consultation(consultation: Consultation, responses: int) -> dict[str, Confirm]:
    def open_(_post: Any) -> Confirmation:
        return Confirmation(
            _("Ouvrir la consultation « {title} » ?").format(title=consultation.title),
            _("Le public consulté pourra répondre ; les questions ne pourront plus être "
              "modifiées ni complétées. {nobody}").format(nobody=_nobody()),
            _("Ouvrir la consultation"))

    def close(_post: Any) -> Confirmation:
        return Confirmation(
            _("Clore la consultation « {title} » ?").format(title=consultation.title),
            _("Plus personne ne pourra répondre, définitivement, et les résultats ({n} "
              "réponse(s)) deviennent publics. {nobody}").format(n=responses, nobody=_nobody()),
            _("Clore et publier les résultats"))

    return {"open": open_, "close": close}


def call(call: MemberCall) -> dict[str, Confirm]:
    def close(_post: Any) -> Confirmation:
        return Confirmation(
            _("Clore les candidatures à « {title} » ?").format(title=call.title),
            _("Plus personne ne pourra candidater à cet appel, définitivement ; vous pourrez "
              "ensuite nommer ou tirer au sort. {nobody}").format(nobody=_nobody()),
            _("Clore les candidatures"))

    def complete(_post: Any) -> Confirmation:
        return Confirmation(
            _("Terminer l'appel « {title} » sans tirage ?").format(title=call.title),
            _("L'appel est terminé définitivement ; les candidatures encore en attente ne sont "
              "pas retenues. {nobody}").format(nobody=_nobody()),
            _("Terminer l'appel"))

    def draw(_post: Any) -> Confirmation:
        return Confirmation(
            _("Tirer au sort les sièges de « {title} » ?").format(title=call.title),
            _("Le tirage est définitif et publié, avec sa graine, la liste des candidatures "
              "et leur classement. Les personnes tirées sont nommées et prévenues par "
              "message ; les autres candidates sont prévenues qu'elles ne sont pas retenues "
              "et restent sur la liste complémentaire."),
            _("Tirer au sort"))

    def appoint(post: Any) -> Confirmation:
        application = get_object_or_404(Application, pk=post.get("application"), call=call)
        return Confirmation(
            _("Nommer {name} ?").format(name=application.applicant),
            _("{name} occupe un siège du collège et en est prévenu(e) par message ; le mandat "
              "ne prend fin que par une démission enregistrée.").format(
                name=application.applicant),
            _("Nommer"))

    return {"close": close, "complete": complete, "draw": draw, "appoint": appoint}


def commission(commission: Commission) -> dict[str, Confirm]:
    def resign(post: Any) -> Confirmation:
        membership = get_object_or_404(Membership, pk=post.get("membership"),
                                       commission=commission)
        return Confirmation(
            _("Enregistrer la fin de mandat de {name} ?").format(name=membership.member),
            _("Le siège devient vacant ; la fin de mandat ne peut pas être annulée. Motif : "
              "{reason}").format(reason=post.get("reason") or "—") + "\n" + _nobody(),
            _("Enregistrer la fin de mandat"))

    def refill(_post: Any) -> Confirmation:
        return Confirmation(
            _("Pourvoir un siège vacant ?"),
            _("La personne suivante, encore éligible, sur la liste complémentaire du dernier "
              "tirage au sort est nommée ; elle en est prévenue par message."),
            _("Pourvoir le siège"))

    def facility_end(post: Any) -> Confirmation:
        registration = get_object_or_404(FacilityRegistration, pk=post.get("registration"),
                                         commission=commission)
        return Confirmation(
            _("Mettre fin à l'inscription de {name} ?").format(name=registration.user),
            _("{name} n'est plus usager inscrit de l'équipement (une demande en attente est "
              "refusée) ; il faudra une nouvelle demande pour revenir. {nobody}").format(
                name=registration.user, nobody=_nobody()),
            _("Mettre fin à l'inscription"))

    return {"resign": resign, "refill": refill, "facility_end": facility_end}
