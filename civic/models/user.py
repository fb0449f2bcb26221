from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account; logs in with its e-mail address."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    # The user's roles, read once per request by civic.roles.roles_of (annotation only: set
    # on the instance when first read).
    _decidons_roles: frozenset[str]
    _decidons_app_powers: bool

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("non vérifié")
    VERIFIED = "verified", _("vérifié")
    REVOKED = "revoked", _("vérification retirée")


class VerificationMethod(models.TextChoices):
    COUNTER = "counter", _("au guichet")
    ROLL = "roll", _("liste importée")
    DOCUMENT = "document", _("justificatif")
    # Set by the platform itself, never chosen by a clerk (self-service verification): an
    # identity FranceConnect vouched for matched to the electoral roll, or an identity typed
    # by the resident and confirmed by a code posted to their address on the roll.
    FRANCECONNECT = "franceconnect", _("FranceConnect et liste électorale")
    LETTER = "letter", _("courrier à l'adresse de la liste électorale")


# What a clerk may record with `resident_verify`: the evidence they checked themselves.
CLERK_VERIFICATION_METHODS = (VerificationMethod.COUNTER, VerificationMethod.ROLL,
                              VerificationMethod.DOCUMENT)


class Resident(models.Model):
    """The resident profile behind an account: where they live and whether it was checked."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="resident")
    neighbourhood = models.ForeignKey(
        "civic.Neighbourhood",
        verbose_name=_("quartier"),
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
    )
    date_of_birth = models.DateField(_("date de naissance"), null=True, blank=True)
    postal_address = models.TextField(_("adresse postale"), blank=True)
    lives_in_town = models.BooleanField(_("habite la commune"), default=True)
    verification_status = models.CharField(
        _("vérification"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
    )
    verification_method = models.CharField(
        _("méthode de vérification"), max_length=16, choices=VerificationMethod.choices, blank=True
    )
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    birthplace = models.CharField(
        _("lieu de naissance"), max_length=150, blank=True,
        help_text=_("Tel qu'il figure sur la pièce d'identité."))
    # Set by civic.services.residents from the names, birth date and birthplace (see
    # civic.identity); None when there is no birth date to compare.
    identity_key = models.CharField(max_length=480, null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        User, verbose_name=_("inscrit par"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text=_("Agent ayant inscrit la personne au guichet."))
    possible_duplicate_of = models.ForeignKey(
        "self", verbose_name=_("doublon possible de"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+")
    merged_into = models.ForeignKey(
        "self", verbose_name=_("fusionné dans"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+")

    class Meta:
        verbose_name = _("habitant")
        verbose_name_plural = _("habitants")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(verification_status="verified")
                | (~models.Q(verification_method="") & models.Q(verified_at__isnull=False)),
                name="resident_verified_has_method_and_date",
            ),
            # One verified resident per person: whatever the race, a second account with the
            # same identity key cannot become verified.
            models.UniqueConstraint(
                fields=["identity_key"], condition=models.Q(verification_status="verified"),
                name="resident_one_verified_identity",
            ),
        ]
        indexes = [
            # Namesakes are found by the key's prefix (names and birth date).
            models.Index(fields=["identity_key"], name="resident_identity_key_idx",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED
