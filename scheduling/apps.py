from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _roles_ensure(sender, **kwargs) -> None:
    from .roles import roles_ensure

    roles_ensure()


class SchedulingConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'scheduling'

    def ready(self) -> None:
        from crew.signals import station_changed

        from .schedule_checks import station_changed_receive

        # Permissions exist only after migrate has run every app, so the groups are made then.
        post_migrate.connect(_roles_ensure, dispatch_uid="scheduling.roles_ensure")
        # Published schedules are checked again whenever the station's data changes.
        station_changed.connect(station_changed_receive, dispatch_uid="scheduling.schedule_checks")
