from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _roles_ensure(sender, **kwargs) -> None:
    from .roles import roles_ensure

    roles_ensure()


class SchedulingConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'scheduling'

    def ready(self) -> None:
        # Permissions exist only after migrate has run every app, so the groups are made then.
        post_migrate.connect(_roles_ensure, dispatch_uid="scheduling.roles_ensure")
