"""The labels live in tracker.labels (services and mails use them too); pages import them from here."""
from tracker.labels import *  # noqa: F401,F403
from tracker.labels import choices  # noqa: F401
