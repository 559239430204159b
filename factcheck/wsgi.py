"""WSGI entry point (gunicorn factcheck.wsgi).

Web servers run no system checks, so the one a web server needs is run here: without collected static
files (DEBUG=0) the server refuses to start, naming the command, instead of answering 500 on every page.
"""

import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()

from frontend.checks import TAG  # noqa: E402  (the app registry is ready only now)

_errors = [m for m in checks.run_checks(tags=[TAG], include_deployment_checks=True) if m.is_serious()]
if _errors:
    raise ImproperlyConfigured("\n".join(f"{m.msg} {m.hint}" for m in _errors))

# The embedded mode (`make run`: jobs in-process, no beat) sweeps for unfinished jobs in this process.
from claims import embedded_sweeps  # noqa: E402  (after Django is set up)

embedded_sweeps.start()
