"""WSGI entry point (gunicorn ``config.wsgi``).

The application always runs at the root path: a script prefix from the server
(which gunicorn may take from a client's ``SCRIPT_NAME`` header) is folded back
into the path; see :mod:`cityhall.common.wsgi_path`.
"""

import os

from django.core.wsgi import get_wsgi_application

from cityhall.common.wsgi_path import RootPathApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = RootPathApplication(get_wsgi_application())
