from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "Initiatives citoyennes"

    def ready(self) -> None:
        from civic import commentable
        from petitions.models import CitizenInitiative
        from petitions.policies import comment_policy

        commentable.register(CitizenInitiative, comment_policy)
