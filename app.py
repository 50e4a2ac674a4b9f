"""WSGI entry point: gunicorn "app:app", flask --app app."""
from tracker import create_app

app = create_app()
