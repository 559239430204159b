"""A system check that the static files are collected where the manifest storage serves them from.

With DEBUG=0 the pages name static files by their hashed names from STATIC_ROOT/staticfiles.json; without
that manifest every page answers 500. `check --deploy` runs this check, and the WSGI start-up
(factcheck/wsgi.py) runs it too, so a web server started without collectstatic refuses to start instead.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.files.storage import storages

TAG = "static_files_collected"
COLLECT = "python manage.py collectstatic --noinput"


@checks.register(TAG, deploy=True)
def static_files_collected(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []  # DEBUG: files are served as they are, from the apps
    manifest = storage.hashed_files  # read from the manifest when the storage was made
    if storage.read_manifest() is None or not manifest:
        return [
            checks.Error(
                f"Static files are not collected in {settings.STATIC_ROOT} (no {storage.manifest_name}): "
                "every page would answer 500.",
                hint=f"Run `{COLLECT}` before starting the web server (once per deploy).",
                id="frontend.E001",
            )
        ]
    missing = sorted(
        path for finder in finders.get_finders() for path, _ in finder.list([]) if path not in manifest
    )
    if missing:
        return [
            checks.Error(
                f"{len(missing)} static files are missing from the collected ones, e.g. {missing[0]}: "
                "pages using them would answer 500.",
                hint=f"Run `{COLLECT}` again: the collected files are from an older version.",
                id="frontend.E002",
            )
        ]
    return []
