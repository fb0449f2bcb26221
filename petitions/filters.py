"""List filters shared by the API and the web pages (django-filter)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from civic.models import Neighbourhood
from petitions.models import CitizenInitiative


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Rechercher"),
                                  help_text=_("Mots du titre ou des textes."))
    status = django_filters.ChoiceFilter(choices=CitizenInitiative.Status.choices,
                                         label=_("État"), empty_label=_("Tous les états"))
    neighbourhood = django_filters.ModelChoiceFilter(
        queryset=Neighbourhood.objects.all(), to_field_name="code", label=_("Quartier"),
        empty_label=_("Toute la ville"), help_text=_("Code du quartier concerné."))

    class Meta:
        model = CitizenInitiative
        fields = ["q", "status", "neighbourhood"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(reasons__icontains=word)
                                       | Q(operative_text__icontains=word))
        return queryset
