"""WSGI entry point (gunicorn dongfeng.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongfeng.settings")
application = get_wsgi_application()
