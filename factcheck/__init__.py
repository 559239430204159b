"""Factcheck configuration: settings, root URLs, the Celery app, WSGI/ASGI entry points."""

from factcheck.celery import app as celery_app

__all__ = ("celery_app",)
