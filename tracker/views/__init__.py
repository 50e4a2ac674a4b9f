"""Blueprints: HTML pages and the JSON API."""
import importlib

from flask import Flask

# Modules that define a `bp`; optional ones are added as they are written.
BLUEPRINTS = [
    "tracker.views.auth",
    "tracker.views.main",
    "tracker.views.directives",
    "tracker.views.proposals",
    "tracker.views.tasks",
    "tracker.views.notifications",
    "tracker.views.account",
    "tracker.views.reminders",
    "tracker.views.admin",
    "tracker.views.api",
    "tracker.views.reports",
    "tracker.views.due_hints",
    "tracker.views.public",
    "tracker.views.publishing",
    "tracker.views.calendar_feed",
]


def register(app: Flask) -> None:
    for name in BLUEPRINTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            raise
        app.register_blueprint(module.bp)
