"""Demo data of the civic core: Alès' neighbourhoods, the council, staff and residents.

Idempotent: every object is looked up by a natural key before it is created, so running
`seed_demo` again changes nothing.
"""

import base64
from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from civic import roles
from civic.models import MunicipalCouncil, Neighbourhood, Resident, User
from civic.models.user import VerificationMethod, VerificationStatus
from civic.services.audit import audit_record
from civic.services.residents import resident_identity_backfill, resident_register

PARIS = ZoneInfo("Europe/Paris")

# Alès' neighbourhood councils; populations are plausible shares of about 41,000 residents.
NEIGHBOURHOODS = [
    ("centre-ville", "Centre-ville", 6400),
    ("pres-saint-jean", "Les Prés-Saint-Jean", 4700),
    ("cevennes", "Les Cévennes", 3300),
    ("tamaris", "Tamaris", 3100),
    ("cauvel-royale", "Cauvel – La Royale", 3400),
    ("rochebelle", "Rochebelle", 2900),
    ("clavieres-brouzen", "Clavières – Brouzen", 4100),
    ("croupillac-saint-raby", "Croupillac – Saint-Raby", 3000),
    ("brueges-conilhac", "Bruèges – Conilhac", 3300),
    ("prairie-moulinet", "La Prairie – Le Moulinet", 3000),
    ("faubourg-soleil", "Faubourg du Soleil – Montaury", 3800),
]

DEMO_PASSWORD = "decidons-demo"
# The demo staff accounts come with their second factor (civic/second_factor.py), as public as
# the password: an authenticator app fed this key (base32) shows their codes, or one of the
# recovery codes below opens a session once (seed_demo puts back the used ones).
DEMO_TOTP_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
DEMO_RECOVERY_CODES = [f"demo{n:04d}" for n in range(1, 11)]

STAFF = [
    ("agent@decidons.test", "Agnès", "Fabre", roles.Role.CLERK),
    # Four eyes: what one clerk registers, another verifies; paper ballots take two clerks'
    # typings that agree, and a third settles two that disagree.
    ("agent2@decidons.test", "Bruno", "Castel", roles.Role.CLERK),
    ("agent3@decidons.test", "Chantal", "Teissier", roles.Role.CLERK),
    ("elue@decidons.test", "Élise", "Roux", roles.Role.COUNCILLOR),
    ("elu@decidons.test", "Paul", "Mercier", roles.Role.COUNCILLOR),
    ("moderation@decidons.test", "Marc", "Bonnet", roles.Role.MODERATOR),
    ("admin@decidons.test", "Alain", "Chabert", roles.Role.ADMINISTRATOR),
]

RESIDENTS = [
    # email, first, last, neighbourhood code, birth date, verified
    ("nadia@decidons.test", "Nadia", "Benali", "pres-saint-jean", date(1987, 4, 12), True),
    ("julien@decidons.test", "Julien", "Vidal", "centre-ville", date(1979, 11, 3), True),
    ("sophie@decidons.test", "Sophie", "Pellet", "cevennes", date(1992, 2, 28), True),
    ("karim@decidons.test", "Karim", "Haddad", "tamaris", date(1969, 7, 21), True),
    ("lucie@decidons.test", "Lucie", "Garnier", "rochebelle", date(2001, 9, 9), True),
    ("mathis@decidons.test", "Mathis", "Roche", "centre-ville", date(2011, 5, 30), True),
    ("claire@decidons.test", "Claire", "Dumas", "clavieres-brouzen", date(1958, 1, 17), False),
]

# A second account signed up online by someone with Nadia Benali's names (typed otherwise)
# and birth date: the sign-up said nothing, the counter lists it as a possible duplicate.
NAMESAKE = ("n.benali@decidons.test", "NADIA", "BENALI", "pres-saint-jean", date(1987, 4, 12))


def _user(email: str, first: str, last: str) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def seed(say: Callable[[str], None]) -> None:
    for code, name, population in NEIGHBOURHOODS:
        Neighbourhood.objects.update_or_create(code=code, defaults={"name": name,
                                                                    "population": population})
    MunicipalCouncil.objects.get_or_create(
        name="Conseil municipal d'Alès 2026-2032",
        defaults={"mandate_start": date(2026, 3, 22), "mandate_end": date(2032, 3, 31)},
    )
    for email, first, last, role in STAFF:
        user, created = _user(email, first, last)
        roles.grant_role(user, role)
        if role == roles.Role.ADMINISTRATOR and created:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        _second_factor(user)
    clerk = User.objects.get(email=STAFF[0][0])
    for email, first, last, code, born, verified in RESIDENTS:
        user, created = _user(email, first, last)
        roles.grant_role(user, roles.Role.RESIDENT)
        resident, made = Resident.objects.get_or_create(
            user=user,
            defaults={
                "neighbourhood": Neighbourhood.objects.get(code=code),
                "date_of_birth": born,
                "postal_address": f"{len(first) * 3} rue de la République, 30100 Alès",
            },
        )
        if made and verified:
            resident.verification_status = VerificationStatus.VERIFIED
            resident.verification_method = VerificationMethod.COUNTER
            resident.verified_by = clerk
            resident.verified_at = timezone.make_aware(datetime.combine(date(2026, 4, 2), time(10)),
                                                       PARIS)
            resident.save()
            audit_record(verb="resident.verified", actor=clerk, target=resident,
                         data={"method": "counter", "demo": True})
    resident_identity_backfill()
    _namesake()
    say(f"  {Neighbourhood.objects.count()} quartiers, {Resident.objects.count()} habitants")


def _second_factor(user: User) -> None:
    """The demo staff's published second factor: the TOTP key and the recovery codes."""
    TOTPDevice.objects.get_or_create(user=user, name="Démo", defaults={
        "key": base64.b32decode(DEMO_TOTP_KEY).hex(), "confirmed": True})
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="Codes de secours", defaults={"confirmed": True})
    have = set(static.token_set.values_list("token", flat=True))
    for code in DEMO_RECOVERY_CODES:
        if code not in have:
            static.token_set.create(token=code)


def _namesake() -> None:
    email, first, last, code, born = NAMESAKE
    if not User.objects.filter(email=email).exists():
        resident_register(email=email, password=DEMO_PASSWORD, first_name=first,
                          last_name=last, neighbourhood=Neighbourhood.objects.get(code=code),
                          date_of_birth=born, postal_address="4 rue Florian, 30100 Alès")


def accounts_table() -> list[tuple[str, str]]:
    """(e-mail, description) of the demo accounts, printed by seed_demo."""
    rows = [(email, str(roles.ROLE_LABELS[role])) for email, _f, _l, role in STAFF]
    for email, _f, _l, code, born, verified in RESIDENTS:
        state = "vérifié" if verified else "non vérifié"
        rows.append((email, f"habitant ({code}, né en {born.year}, {state})"))
    rows.append((NAMESAKE[0], f"habitant non vérifié, doublon possible de {RESIDENTS[0][0]}"))
    return rows
