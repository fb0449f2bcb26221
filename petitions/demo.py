"""Demo content of citizen initiatives: realistic initiatives in Alès, in every state.

Idempotent: initiatives are looked up by title, signers by e-mail, the pilot charter and
sessions by their natural keys; running `seed_demo` again creates nothing new. Everything
goes through the services, so the audit log tells the same story as the pages.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from civic.models import CouncilSession, Neighbourhood, Resident, User
from civic.services.comments import comment_create
from civic.services.council import council_current, council_session_create
from civic.services.residents import resident_register, resident_verify
from petitions.demo_content import COMMENTS, INITIATIVES, PILOT_CHARTER, SIGNER_NAMES
from petitions.demo_content import NEIGHBOURHOODS as CODES
from petitions.models import CitizenInitiative, InitiativeCharter
from petitions.services import charter, council, drafting, lifecycle, review, signatures

PARIS = ZoneInfo("Europe/Paris")
S = CitizenInitiative.Status


def _signers(clerk: User) -> list[Resident]:
    # Four eyes: the accounts one clerk registers are verified by another.
    verifier = User.objects.get(email="agent2@decidons.test")
    residents = []
    for n, (first, last) in enumerate(SIGNER_NAMES, start=1):
        email = f"signataire{n:02d}@decidons.test"
        resident = Resident.objects.filter(user__email=email).first()
        if resident is None:
            resident = resident_register(
                email=email, password=None, first_name=first, last_name=last,
                neighbourhood=Neighbourhood.objects.get(code=CODES[n % len(CODES)]),
                date_of_birth=date(1950 + (n * 7) % 55, 1 + n % 12, 1 + n % 27),
                registered_by=clerk)
            resident_verify(resident=resident, method="roll", verified_by=verifier)
        residents.append(resident)
    return residents


def _session(clerk: User, day: date, hour: int) -> CouncilSession:
    starts_at = datetime.combine(day, time(hour), PARIS)
    council_ = council_current()
    session = CouncilSession.objects.filter(council=council_, starts_at=starts_at).first()
    return session or council_session_create(council=council_, starts_at=starts_at,
                                             place="Hôtel de ville, salle du conseil", actor=clerk)


def _pilot_charter(admin: User) -> None:
    if not InitiativeCharter.objects.filter(name=PILOT_CHARTER).exists():
        # A small town-wide trial: low threshold so the demo shows every step.
        charter.charter_publish(actor=admin, name=PILOT_CHARTER, min_promoters=3,
                                threshold_kind="absolute", threshold_absolute=25,
                                collection_days=120, council_days=60, yearly_signature_limit=10)


def _gather(initiative: CitizenInitiative, spec: dict, signers: list[Resident],
            clerk: User) -> None:
    count, paper = spec.get("signatures", 0), spec.get("paper", 0)
    start = initiative.pk % len(signers)
    chosen = (signers[start:] + signers[:start])[:count]
    for n, resident in enumerate(chosen):
        if n < paper:
            signatures.signature_record_paper(initiative=initiative, resident=resident,
                                              recorded_by=clerk)
        else:
            signatures.signature_add(initiative=initiative, resident=resident,
                                     show_name=n % 3 == 0)
    for signature in initiative.signatures.filter(status="valid")[: spec.get("invalidate", 0)]:
        signatures.signature_invalidate(signature=signature, actor=clerk,
                                        reason="Absent de la liste électorale et du registre "
                                               "des habitants")


def _draft(spec: dict) -> CitizenInitiative:
    lead = User.objects.get(email=spec["lead"])
    code = spec["neighbourhood"]
    initiative = drafting.initiative_create(
        author=lead, title=spec["title"], reasons=spec["reasons"],
        operative_text=spec["operative_text"],
        neighbourhood=Neighbourhood.objects.get(code=code) if code else None)
    for email in spec["co"]:
        promoter = drafting.promoter_invite(initiative=initiative, invited_by=lead, email=email)
        if promoter is not None:  # the demo's co-promoters all have an account
            drafting.promoter_respond(promoter=promoter, user=promoter.resident.user, accept=True)
    if spec.get("invite"):
        drafting.promoter_invite(initiative=initiative, invited_by=lead, email=spec["invite"])
    return initiative


def _build(spec: dict, clerk: User, signers: list[Resident], sessions: dict) -> None:
    target = spec["target"]
    initiative = _draft(spec)
    lead = initiative.created_by
    if target == S.DRAFT:
        return
    drafting.initiative_submit(initiative=initiative, actor=lead)
    if target == S.SUBMITTED:
        return
    review.initiative_review_start(initiative=initiative, actor=clerk)
    if target == S.ADMISSIBILITY_REVIEW:
        return
    if target == S.REFUSED:
        review.initiative_refuse(initiative=initiative, actor=clerk, reasons=spec["refusal"])
        return
    review.initiative_admit(initiative=initiative, actor=clerk, reasons=(
        "Recevable : la demande relève de la compétence de la commune et respecte les "
        "personnes."))
    _gather(initiative, spec, signers, clerk)
    _finish(initiative, spec, clerk, sessions)


def _finish(initiative: CitizenInitiative, spec: dict, clerk: User, sessions: dict) -> None:
    target = spec["target"]
    initiative.refresh_from_db()
    if target == S.WITHDRAWN:
        drafting.initiative_withdraw(initiative=initiative, actor=initiative.created_by,
                                     reason=spec["withdrawal"])
    elif target == S.EXPIRED:
        # The collection window of this one is over: close it as the beat job would.
        CitizenInitiative.objects.filter(pk=initiative.pk).update(
            collection_deadline=timezone.now() - timedelta(days=3))
        lifecycle.initiative_close_due()
    elif target in (S.SCHEDULED, S.VOTED, S.ANSWERED):
        session = sessions["next" if target == S.SCHEDULED else "past"]
        council.initiative_schedule(initiative=initiative, session=session, actor=clerk)
        if target == S.SCHEDULED:
            return
        outcome, votes_for, against, abstentions, reference, text = spec["vote"]
        council.initiative_vote_record(
            initiative=initiative, outcome=outcome, votes_for=votes_for, votes_against=against,
            abstentions=abstentions, reference=reference, text=text,
            decided_at=session.starts_at + timedelta(hours=2), actor=clerk)
        if target == S.ANSWERED:
            council.initiative_answer(initiative=initiative, actor=clerk, answer=spec["answer"])


def seed(say: Callable[[str], None]) -> None:
    clerk = User.objects.get(email="agent@decidons.test")
    admin = User.objects.get(email="admin@decidons.test")
    signers = _signers(clerk)
    today = timezone.localdate()
    sessions = {"past": _session(clerk, max(today - timedelta(days=40), date(2026, 4, 2)), 18),
                "next": _session(clerk, today + timedelta(days=21), 18)}
    charter.charter_current()
    for spec in INITIATIVES:
        if spec.get("charter") != "first":
            _pilot_charter(admin)
        if not CitizenInitiative.objects.filter(title=spec["title"]).exists():
            _build(spec, clerk, signers, sessions)
    for title, email, body in COMMENTS:
        initiative = CitizenInitiative.objects.get(title=title)
        author = User.objects.get(email=email)
        if not initiative_has_comment(initiative, author):
            comment_create(target=initiative, author=author, body=body)
    follower = User.objects.get(email="claire@decidons.test")
    lifecycle.initiative_follow(initiative=CitizenInitiative.objects.get(
        title=INITIATIVES[1]["title"]), user=follower)
    say(f"  {CitizenInitiative.objects.count()} initiatives citoyennes, "
        f"{InitiativeCharter.objects.count()} versions de la charte")


def initiative_has_comment(initiative: CitizenInitiative, author: User) -> bool:
    from civic.selectors import comment_list_for_target

    return comment_list_for_target(target=initiative).filter(author=author).exists()
