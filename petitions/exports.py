"""CSV export of an initiative's signatures, for clerks checking them against the roll."""

import io

from django.utils import timezone

from civic import csv_export
from petitions import selectors
from petitions.models import CitizenInitiative

HEADER = [
    "N° de signature", "État", "Canal", "Signée le", "Nom", "Prénom", "Adresse e-mail",
    "Date de naissance", "Adresse postale", "Quartier", "Saisie par", "Motif d'invalidation",
]


def signatures_filename(initiative: CitizenInitiative) -> str:
    return f"initiative-{initiative.pk}-signatures.csv"


def signatures_csv(initiative: CitizenInitiative) -> str:
    """The initiative's signatures as CSV text, one row per signature."""
    buffer = io.StringIO()
    writer = csv_export.writer(buffer)
    writer.writerow(HEADER)
    for s in selectors.signature_list_for_staff(initiative):
        user, resident = s.resident.user, s.resident
        writer.writerow([
            s.pk, s.status, s.channel, timezone.localtime(s.signed_at).isoformat(),
            user.last_name, user.first_name, user.email, resident.date_of_birth,
            resident.postal_address, resident.neighbourhood.code if resident.neighbourhood else "",
            s.recorded_by.email if s.recorded_by else "", s.invalidated_reason,
        ])
    return buffer.getvalue()
