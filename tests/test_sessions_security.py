"""Sessions end server-side; password changes, resets and locks revoke API tokens; the login
back-off per account; the embedded default's own secret key; dated unsubscribe links."""
import os
import re
import stat
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from config import DEFAULT_SECRET
from tests.conftest import csrf_from, demo_email, login, post_form
from tracker import create_app
from tracker.models import ApiToken, LoginFailure, NotificationPref, User, UserSession
from tracker.services.demo import DEMO_PASSWORD
from tracker.services.mail import unsubscribe_token
from tracker.timeutil import utcnow


def _user(session, local):
    session.expire_all()
    return session.scalar(select(User).where(User.email == demo_email(local)))


def _login_remembered(client, local, password=DEMO_PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"email": demo_email(local), "password": password,
                                       "remember": "y", "csrf_token": csrf_from(page.text)})


def _logout(client):
    return client.post("/logout", data={"csrf_token": csrf_from(client.get("/home").text)})


def _with_cookie(app, name, value):
    """A new browser (another IP and user agent) that holds only this copied cookie."""
    other = app.test_client()
    other.environ_base.update({"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "curl/8"})
    other.set_cookie(name, value)
    return other


def _new_token(client, name="đồng bộ"):
    page = post_form(client, "/account/tokens", {"name": name})
    return re.search(r'id="new-token"[^>]*>([^<]+)<', page.text).group(1)


def _api_me(app, token):
    return app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


# -- 5: logout ends the session server-side -------------------------------------------

def test_copied_session_cookie_is_dead_after_logout(app, client):
    assert login(client, demo_email("thuky")).status_code == 302
    copied = client.get_cookie("session").value

    def replay():  # the copy, sent from the same address and browser (session protection passes)
        other = app.test_client()
        other.set_cookie("session", copied)
        return other.get("/home").status_code

    assert replay() == 200  # the copy works now
    _logout(client)
    assert replay() == 302


def test_copied_remember_cookie_is_dead_after_logout(app, client):
    assert _login_remembered(client, "thuky").status_code == 302
    remember = client.get_cookie("remember_token").value
    # Before logout the copy opens /home from another address and browser ...
    assert _with_cookie(app, "remember_token", remember).get("/home").status_code == 200
    _logout(client)
    # ... after it, nowhere.
    resp = _with_cookie(app, "remember_token", remember).get("/home")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_remember_cookie_is_samesite_lax_httponly_and_lives_14_days(client):
    resp = _login_remembered(client, "thuky")
    cookie = next(h for h in resp.headers.getlist("Set-Cookie") if h.startswith("remember_token="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    expires = client.get_cookie("remember_token").expires
    assert timedelta(days=13) < expires.replace(tzinfo=None) - utcnow() <= timedelta(days=14)


def test_log_out_everywhere_from_the_account_page(app, client, session):
    phone = app.test_client()
    assert _login_remembered(phone, "thuky").status_code == 302
    phone_remember = phone.get_cookie("remember_token").value
    assert login(client, demo_email("thuky")).status_code == 302
    page = client.get("/account/")
    assert "Đăng xuất khỏi mọi thiết bị" in page.text
    assert "Số phiên đang mở (kể cả phiên này): 2." in page.text
    resp = post_form(client, "/account/sessions/end", {}, form_page="/account/")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/login")
    assert "Đã đăng xuất khỏi mọi thiết bị." in client.get("/login").text
    assert client.get("/home").status_code == 302
    assert phone.get("/home").status_code == 302
    assert _with_cookie(app, "remember_token", phone_remember).get("/home").status_code == 302
    # A new login still works.
    assert login(client, demo_email("thuky")).status_code == 302
    assert client.get("/home").status_code == 200


def test_a_session_has_a_maximum_age(app, client, session):
    assert login(client, demo_email("thuky")).status_code == 302
    remembered = app.test_client()
    assert _login_remembered(remembered, "thuky").status_code == 302
    rows = session.scalars(select(UserSession).where(UserSession.user_id == _user(session, "thuky").id)
                           .order_by(UserSession.id)).all()
    assert [r.expires_at - r.created_at for r in rows] == [timedelta(hours=12), timedelta(days=14)]
    # Past its end (moved back, as if 12 hours had gone by), the login no longer opens a page.
    session.execute(update(UserSession).where(UserSession.id == rows[0].id)
                    .values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert client.get("/home").status_code == 302
    assert remembered.get("/home").status_code == 200


@pytest.mark.parametrize("app_config", [{"SESSION_IDLE_MINUTES": 30}])
def test_optional_idle_timeout(app, client, session, app_config):
    assert login(client, demo_email("thuky")).status_code == 302
    assert client.get("/home").status_code == 200
    session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    session.commit()
    assert client.get("/home").status_code == 302


# -- 8, 11: password change, reset, lock -----------------------------------------------

def test_changing_own_password_keeps_this_session_ends_others_and_revokes_tokens(app, client, session):
    laptop = app.test_client()
    assert _login_remembered(laptop, "thuky").status_code == 302
    laptop_remember = laptop.get_cookie("remember_token").value
    assert login(client, demo_email("thuky")).status_code == 302
    token = _new_token(client)
    assert _api_me(app, token).status_code == 200
    resp = post_form(client, "/account/", {"pw-current": DEMO_PASSWORD, "pw-new": "mat-khau-moi-2026",
                                           "pw-confirm": "mat-khau-moi-2026"})
    assert resp.status_code == 302  # was a 500
    assert "Đã đổi mật khẩu." in client.get("/account/").text  # this session goes on
    assert laptop.get("/home").status_code == 302
    assert _with_cookie(app, "remember_token", laptop_remember).get("/home").status_code == 302
    assert _api_me(app, token).status_code == 401
    assert login(app.test_client(), demo_email("thuky"), "mat-khau-moi-2026").status_code == 302
    assert login(app.test_client(), demo_email("thuky")).status_code == 200  # the old one is refused


def test_admin_reset_ends_sessions_and_revokes_tokens(app, client, session, as_user):
    victim = app.test_client()
    assert login(victim, demo_email("chiengle.canbo")).status_code == 302
    token = _new_token(victim)
    assert _api_me(app, token).status_code == 200
    admin = as_user("admin")
    target = _user(session, "chiengle.canbo")
    assert post_form(admin, f"/admin/users/{target.id}/password", {"password": "dat-lai-2026-x"}).status_code == 200
    assert victim.get("/home").status_code == 302
    assert _api_me(app, token).status_code == 401


@pytest.mark.parametrize("how", ["button", "edit form"])
def test_tokens_do_not_come_back_after_lock_and_unlock(app, session, as_user, how):
    victim = app.test_client()
    assert login(victim, demo_email("huala.canbo")).status_code == 302
    token = _new_token(victim)
    assert _api_me(app, token).status_code == 200
    admin = as_user("admin")
    target = _user(session, "huala.canbo")
    if how == "button":
        post_form(admin, f"/admin/users/{target.id}/active", {}, form_page="/admin/users")
        assert _api_me(app, token).status_code == 401
        post_form(admin, f"/admin/users/{target.id}/active", {}, form_page="/admin/users")
    else:
        fields = {"name": target.name, "role": target.role, "unit_id": str(target.unit_id)}
        assert post_form(admin, f"/admin/users/{target.id}/edit", fields).status_code == 302  # unchecked
        assert _api_me(app, token).status_code == 401
        assert post_form(admin, f"/admin/users/{target.id}/edit", {**fields, "active": "y"}).status_code == 302
    assert _user(session, "huala.canbo").is_active
    assert victim.get("/home").status_code == 302
    assert _api_me(app, token).status_code == 401
    assert session.scalar(select(ApiToken.revoked_at).where(ApiToken.prefix == token[:10])) is not None


def test_role_change_ends_sessions_but_keeps_tokens(app, session, as_user):
    victim = app.test_client()
    assert login(victim, demo_email("chiengle.canbo")).status_code == 302
    token = _new_token(victim)
    admin = as_user("admin")
    target = _user(session, "chiengle.canbo")
    assert post_form(admin, f"/admin/users/{target.id}/edit", {
        "name": target.name, "role": "viewer", "unit_id": str(target.unit_id), "active": "y"}).status_code == 302
    assert victim.get("/home").status_code == 302
    me = _api_me(app, token)
    assert me.status_code == 200 and me.json["role"] == "viewer"  # the token speaks with the new role


# -- 9: per-account back-off -------------------------------------------------------------

def _login_from(app, ip, email, password):
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = ip
    page = c.get("/login")
    return c.post("/login", data={"email": email, "password": password, "csrf_token": csrf_from(page.text)}), c


def test_guesses_from_many_addresses_lock_the_account_not_just_the_address(app, session):
    email = demo_email("thuky")
    codes = []
    for n in range(4):  # 4 addresses × 5 guesses: each stays within "5 per minute" per address
        for i in range(5):
            resp, _c = _login_from(app, f"198.51.100.{n + 1}", email, f"doan-sai-{n}-{i}")
            codes.append(resp.status_code)
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
    resp, c = _login_from(app, "198.51.100.77", email, DEMO_PASSWORD)  # the right password, fresh address
    assert resp.status_code == 429
    assert "Email này đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau" in resp.text
    assert c.get("/home").status_code == 302
    # Attempts during the lock check nothing and add nothing: 5 failures, lock of 1 minute.
    row = session.scalar(select(LoginFailure))
    assert row.failures == 5 and timedelta(0) < row.locked_until - utcnow() <= timedelta(minutes=1)


def test_backoff_doubles_and_a_success_forgets(app, session):
    email = demo_email("thuky")
    for i in range(5):
        _login_from(app, f"198.51.100.{i + 1}", email, "sai")
    row = session.scalar(select(LoginFailure))
    assert row.locked_until - row.last_failed_at == timedelta(minutes=1)
    # The lock runs out (moved back, as if the minute had passed); one more wrong guess: 2 minutes.
    session.execute(update(LoginFailure).values(locked_until=utcnow() - timedelta(seconds=1)))
    session.commit()
    _login_from(app, "198.51.100.20", email, "sai")
    session.expire_all()
    row = session.scalar(select(LoginFailure))
    assert row.failures == 6 and row.locked_until - row.last_failed_at == timedelta(minutes=2)
    session.execute(update(LoginFailure).values(locked_until=utcnow() - timedelta(seconds=1)))
    session.commit()
    resp, c = _login_from(app, "198.51.100.21", email, DEMO_PASSWORD)
    assert resp.status_code == 302 and c.get("/home").status_code == 200
    assert session.scalar(select(LoginFailure.id)) is None


def test_backoff_answers_the_same_for_an_unknown_email(app):
    answers = {}
    for email in (demo_email("thuky"), "khong-co-ai@sonla.demo"):
        for i in range(5):
            _login_from(app, f"192.0.2.{i + 1}", email, "sai-mat-khau")
        resp, _c = _login_from(app, "192.0.2.50", email, "sai-mat-khau")
        answers[email] = (resp.status_code, re.sub(r'value="[^"]*"', "", resp.text))
    known, unknown = answers.values()
    assert known[0] == unknown[0] == 429
    assert known[1] == unknown[1]


def test_other_accounts_are_not_locked(app):
    for i in range(5):
        _login_from(app, f"192.0.2.{i + 1}", demo_email("thuky"), "sai")
    resp, _c = _login_from(app, "192.0.2.60", demo_email("admin"), DEMO_PASSWORD)
    assert resp.status_code == 302


# -- 10: the embedded default's secret key; unsubscribe links ------------------------------

def test_embedded_default_makes_its_own_secret_key_and_forged_links_fail(app, tmp_path, session):
    inst = tmp_path / "instance"
    cfg = {"CONFIG_NAME": "development", "INSTANCE_PATH": str(inst),
           "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "UPLOAD_DIR": str(tmp_path / "up")}
    dev = create_app(cfg)
    key = dev.config["SECRET_KEY"]
    assert key != DEFAULT_SECRET and len(key) >= 32
    assert stat.S_IMODE(os.stat(inst / "secret_key").st_mode) == 0o600
    assert create_app(cfg).config["SECRET_KEY"] == key  # reused on the next start
    officer = _user(session, "chiengle.canbo")
    web = dev.test_client()
    forged = web.get(f"/account/notifications/u/{unsubscribe_token(DEFAULT_SECRET, officer.id)}")
    assert forged.status_code == 404 and officer.email not in forged.text
    assert web.post(f"/account/notifications/u/{unsubscribe_token(DEFAULT_SECRET, officer.id)}").status_code == 404
    assert session.get(NotificationPref, officer.id) is None  # reminders still on
    real = web.get(f"/account/notifications/u/{unsubscribe_token(key, officer.id)}")
    assert real.status_code == 200 and officer.email in real.text


def test_expired_unsubscribe_link_shows_a_page_and_changes_nothing(app, client, session):
    officer = _user(session, "chiengle.canbo")
    secret = app.config["SECRET_KEY"]
    old = unsubscribe_token(secret, officer.id, issued_at=int(time.time()) - 61 * 86400)
    recent = unsubscribe_token(secret, officer.id, issued_at=int(time.time()) - 59 * 86400)
    for method in (client.get, client.post):
        resp = method(f"/account/notifications/u/{old}")
        assert resp.status_code == 410
        assert "Liên kết ngừng nhận thư này đã hết hạn." in resp.text and officer.email not in resp.text
    assert session.get(NotificationPref, officer.id) is None
    assert client.post(f"/account/notifications/u/{recent}").status_code == 200
    session.expire_all()
    assert session.get(NotificationPref, officer.id).mode == "off"


def test_unsubscribe_token_is_bound_to_its_purpose(app, client, session):
    from itsdangerous import URLSafeTimedSerializer

    officer = _user(session, "chiengle.canbo")
    other_purpose = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="something-else").dumps(officer.id)
    assert client.get(f"/account/notifications/u/{other_purpose}").status_code == 404
