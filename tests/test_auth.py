"""Logging in: the real form, hashing, rate limits, sessions, headers."""
from sqlalchemy import select

from tests.conftest import csrf_from, demo_email, login
from tracker.models import User


def test_login_with_demo_account_lands_on_home(client):
    resp = login(client, demo_email("thuky"))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/home")
    home = client.get("/home")
    assert "Lê Văn Bình" in home.text
    assert "Quá hạn" in home.text


def test_wrong_password_shows_message_and_keeps_email(client):
    resp = login(client, demo_email("thuky"), "sai-mat-khau")
    assert resp.status_code == 200
    assert "Email hoặc mật khẩu không đúng." in resp.text
    assert 'value="thuky@sonla.demo"' in resp.text
    assert client.get("/home").status_code == 302  # still logged out


def test_unknown_email_gets_the_same_message(client):
    resp = login(client, "nobody@sonla.demo", "whatever-123")
    assert "Email hoặc mật khẩu không đúng." in resp.text


def test_ten_wrong_passwords_are_rate_limited_and_change_nothing(client, session):
    before = session.scalar(select(User.password_hash).where(User.email == demo_email("thuky")))
    codes = [login(client, demo_email("thuky"), f"wrong-{i}").status_code for i in range(10)]
    assert codes[:5] == [200] * 5
    assert set(codes[5:]) == {429}
    blocked = login(client, demo_email("thuky"))  # even the right password waits
    assert blocked.status_code == 429
    assert "quá nhiều lần" in blocked.text
    session.expire_all()
    assert session.scalar(select(User.password_hash).where(User.email == demo_email("thuky"))) == before


def test_passwords_are_argon2id_at_owasp_cost(session):
    stored = session.scalar(select(User.password_hash).where(User.email == demo_email("thuky")))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_login_requires_csrf_token(client):
    resp = client.post("/login", data={"email": demo_email("thuky"), "password": "demo-2026!"})
    assert resp.status_code == 400
    assert client.get("/home").status_code == 302


def test_session_is_fresh_at_login(client):
    client.get("/login")
    with client.session_transaction() as s:
        s["planted"] = "by-attacker"
    login(client, demo_email("thuky"))
    with client.session_transaction() as s:
        assert "planted" not in s


def test_logout_needs_post_and_ends_session(client, as_user):
    as_user("thuky")
    home = client.get("/home")
    assert client.get("/logout").status_code == 405
    client.post("/logout", data={"csrf_token": csrf_from(home.text)})
    assert client.get("/home").status_code == 302


def test_security_headers(client):
    resp = client.get("/login")
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_open_redirect_after_login_is_ignored(client):
    page = client.get("/login?next=https://evil.example/")
    resp = client.post("/login?next=https://evil.example/", data={
        "email": demo_email("thuky"), "password": "demo-2026!", "csrf_token": csrf_from(page.text)})
    assert resp.headers["Location"].endswith("/home")
