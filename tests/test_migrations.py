"""The schema comes only from Alembic: upgrade, downgrade and upgrade again, and the
result matches the models (no change left for autogenerate to find)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from tracker.extensions import db


def _diff(app):
    with app.app_context():
        with db.engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), db.metadata)


def test_migrations_match_models(empty_app):
    assert _diff(empty_app) == []


def test_downgrade_to_base_and_back(empty_app):
    with empty_app.app_context():
        downgrade(revision="base")
        db.session.remove()
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
    assert _diff(empty_app) == []
