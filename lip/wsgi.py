"""WSGI entry point (gunicorn); production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lip.settings.production")

application = get_wsgi_application()
