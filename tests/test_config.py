"""Settings: production refuses unsafe defaults; environment overrides apply."""
import os

import pytest

from config import load_config
from tracker import create_app


def test_production_refuses_default_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@localhost/db")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config_name="production")


def test_production_refuses_short_secret_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@localhost/db")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config_name="production")


def test_production_sets_secure_cookies_and_hsts(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    app = create_app(config_name="production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]
    resp = app.test_client().get("/login")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_refuses_a_per_worker_limiter_store(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@localhost/db")
    for key in ("RATELIMIT_STORAGE_URI", "REDIS_URL"):
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app(config_name="production")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")  # Redis at hand: the limiter uses it
    assert load_config("production")["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/tracker")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("BASE_URL", "https://nhiemvu.example.vn")
    settings = load_config("development")
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db:5432/tracker"
    assert settings["SMTP_PORT"] == 2525
    assert settings["BASE_URL"] == "https://nhiemvu.example.vn"


def test_unknown_config_name_is_an_error():
    with pytest.raises(RuntimeError, match="Unknown TRACKER_CONFIG"):
        load_config("staging")


def test_embedded_default_uses_sqlite_and_sqlalchemy_broker(monkeypatch, tmp_path):
    for key in ("DATABASE_URL", "CELERY_BROKER_URL"):
        monkeypatch.delenv(key, raising=False)
    app = create_app(config_name="development")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["CELERY_BROKER_URL"].startswith("sqla+sqlite:///")


def test_an_unknown_extraction_engine_stops_the_start_not_a_users_request(monkeypatch):
    # a typo in the setting would otherwise be a 500 on the review page, on the first conclusion analysed
    monkeypatch.setenv("EXTRACTION_ENGINE", "rule")
    with pytest.raises(RuntimeError, match="EXTRACTION_ENGINE must be one of rules, model, not 'rule'"):
        create_app(config_name="development")
    monkeypatch.setenv("EXTRACTION_ENGINE", "rules")
    assert create_app(config_name="development").config["EXTRACTION_ENGINE"] == "rules"
