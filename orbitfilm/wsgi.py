"""The WSGI application, `orbitfilm.wsgi:application`, that gunicorn serves in production:

    gunicorn orbitfilm.wsgi --bind 127.0.0.1:8000 --workers 3 --threads 2 --timeout 60

Static files come through the same application (WhiteNoise middleware). docs/operations.md has the rest.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbitfilm.settings")

application = get_wsgi_application()
