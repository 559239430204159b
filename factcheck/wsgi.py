"""WSGI entry point (gunicorn factcheck.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()

# The embedded mode (`make run`: jobs in-process, no beat) sweeps for unfinished jobs in this process.
from claims import embedded_sweeps  # noqa: E402  (after Django is set up)

embedded_sweeps.start()
