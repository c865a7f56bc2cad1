"""The Celery app: solve runs execute on workers that share one Redis broker and one database."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbitfilm.settings")

app = Celery("orbitfilm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
