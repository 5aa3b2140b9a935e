"""WSGI entry point (gunicorn config.wsgi): Django, with the API's hottest anonymous reads
taken by the fast lane (config/fast_lane.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# After the settings module is chosen: the fast lane's modules read settings when imported.
from django.core.wsgi import get_wsgi_application

from config.fast_lane import fast_lane

application = fast_lane(get_wsgi_application())
