from django.apps import AppConfig


class CrewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "crew"
    verbose_name = "Station crew and modules"

    def ready(self) -> None:
        from .signals import model_signals_connect

        model_signals_connect()
