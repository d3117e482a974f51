"""WSGI entry point: ``gunicorn server:app`` (``kg serve`` does this with the right options)."""

from kg.web import create_app

app = create_app()
