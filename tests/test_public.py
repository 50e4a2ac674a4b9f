"""Public disclosure (công khai): publishing, the anonymous pages and the Atom feed."""
import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import feedparser
import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, demo_email, login
from tracker.models import (
    Attachment,
    Directive,
    DirectiveEvent,
    DirectivePublication,
    Task,
    TaskEvent,
    User,
)
from tracker.services.calendar import load_calendar
from tracker.services.workflow import ActionInput, apply_action
from tracker.timeutil import fmt_date, local_today

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _user(session, local):
    return session.scalar(select(User).where(User.email == demo_email(local)))


def _plan(session) -> Directive:
    """The demo's current plan (05-KH/BCĐ) of the city committee."""
    return session.scalar(select(Directive).where(Directive.symbol.like("05-KH/%")))


def _publish(client, directive_id):
    page = client.get(f"/directives/{directive_id}")
    assert page.status_code == 200
    return client.post(f"/directives/{directive_id}/publish", data={"csrf_token": csrf_from(page.text)})


def _unpublish(client, directive_id):
    page = client.get(f"/directives/{directive_id}")
    return client.post(f"/directives/{directive_id}/unpublish", data={"csrf_token": csrf_from(page.text)})


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "href" and v:
                self.links.append(v)


def _crawl(client, start_urls):
    """Every page and feed reachable from start_urls under /cong-khai, fetched anonymously."""
    seen, todo, bodies = set(), list(start_urls), {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert "Set-Cookie" not in resp.headers, url
        bodies[url] = resp.get_data(as_text=True)
        if resp.mimetype == "text/html":
            p = _Links()
            p.feed(bodies[url])
            for href in p.links:
                path = urlparse(urljoin("http://localhost" + url, href)).path
                if path.startswith("/cong-khai"):
                    todo.append(path)
        else:
            for e in feedparser.parse(bodies[url]).entries:
                todo.append(urlparse(e.link).path)
    return bodies


def _markers_in(text: str, markers: tuple[str, ...]) -> list[str]:
    """The markers found in ``text``; a number only standing alone, not among a timestamp's digits (a feed's
    "<updated>…T04:00:41.447100+00:00" holds "4471")."""
    return [m for m in markers if (re.search(rf"(?<!\d){m}(?!\d)", text) if m.isdigit() else m in text)]


def _secrets(session, directive: Directive) -> list[str]:
    """Strings from around the directive that must never be published."""
    tasks = session.scalars(select(Task).where(Task.directive_id == directive.id)).all()
    out = {directive.signer, directive.body[:60], directive.created_by.name, directive.created_by.email}
    for t in tasks:
        for e in session.scalars(select(TaskEvent).where(TaskEvent.task_id == t.id)).all():
            if e.note:
                out.add(e.note)
            if e.actor:
                out.update({e.actor.name, e.actor.email})
        for a in session.scalars(select(Attachment).where(Attachment.task_id == t.id)).all():
            out.update({a.filename, a.stored_name})
        if t.note:
            out.add(t.note)
    for u in session.scalars(select(User)).all():
        out.update({u.name, u.email})
    return sorted(s for s in out if s and len(s) >= 6)


def _work_on(session, directive, tmp_path):
    """Real workflow steps on the plan's first task: report with evidence, a comment,
    submit, return with a reason; and a comment on another."""
    cal, today = load_calendar(session), local_today()
    head, thuky = _user(session, "chiengle.lanhdao"), _user(session, "thuky")
    task = session.scalar(select(Task).where(Task.directive_id == directive.id).order_by(Task.id))

    def step(user, action, note="", files=None, **kw):
        session.expire_all()
        t = session.get(Task, task.id)
        apply_action(session, user, t.id, ActionInput(action=action, version=t.version, note=note,
                                                       files=files or [], **kw), today=today, calendar=cal)

    from werkzeug.datastructures import FileStorage
    step(head, "report", "Báo cáo bí mật số 7781: đã họp tổ dân phố", progress=70,
         files=[FileStorage(io.BytesIO(PDF), filename="bien-ban-noi-bo-7781.pdf", content_type="application/pdf")])
    step(head, "comment", "Ý kiến nội bộ 5512 không công bố")
    step(head, "submit", "Kết quả nội bộ 3390")
    step(thuky, "return", "Lý do trả lại 4471: thiếu biên bản")
    return task.id


def test_anonymous_crawl_shows_only_published_fields(app, client, session, as_user, tmp_path):
    plan = _plan(session)
    _work_on(session, plan, tmp_path)
    as_user("thuky")
    assert _publish(client, plan.id).status_code == 302
    anon = app.test_client()
    bodies = _crawl(anon, ["/cong-khai/", f"/cong-khai/don-vi/{plan.owner_unit_id}",
                           f"/cong-khai/van-ban/{plan.id}"])
    assert any(u.endswith("atom.xml") for u in bodies)
    page = bodies[f"/cong-khai/van-ban/{plan.id}"]
    # The published fields are there.
    session.expire_all()
    plan = _plan(session)
    assert plan.symbol in page and plan.title.split("“")[0].strip() in page
    assert plan.issued_on.strftime("%d/%m/%Y") in page
    first = session.scalar(select(Task).where(Task.directive_id == plan.id).order_by(Task.id))
    assert first.lead_unit.name in page and "70%" in page and "Quá hạn" in page
    # Nothing else: no names, emails, notes, evidence, return reasons.
    text = "\n".join(bodies.values())
    leaks = [s for s in _secrets(session, plan) if s in text]
    assert leaks == []
    assert _markers_in(text, ("7781", "5512", "3390", "4471", "@sonla.demo", "/tasks/", "/attachments/")) == []
    # A logged-in cookie makes no difference to the bytes.
    assert client.get(f"/cong-khai/van-ban/{plan.id}").get_data(as_text=True) == page


def test_unpublished_answers_404_and_history_records_both(app, client, session, as_user):
    plan = _plan(session)
    anon = app.test_client()
    assert anon.get(f"/cong-khai/van-ban/{plan.id}").status_code == 404
    as_user("thuky")
    _publish(client, plan.id)
    assert anon.get(f"/cong-khai/van-ban/{plan.id}").status_code == 200
    assert f"/cong-khai/van-ban/{plan.id}" in anon.get(f"/cong-khai/don-vi/{plan.owner_unit_id}").text
    assert _unpublish(client, plan.id).status_code == 302
    assert anon.get(f"/cong-khai/van-ban/{plan.id}").status_code == 404
    assert f"/cong-khai/van-ban/{plan.id}" not in anon.get(f"/cong-khai/don-vi/{plan.owner_unit_id}").text
    feed = feedparser.parse(anon.get(f"/cong-khai/don-vi/{plan.owner_unit_id}/atom.xml").data)
    assert feed.entries == []
    kinds = [e.kind for e in session.scalars(select(DirectiveEvent).where(DirectiveEvent.directive_id == plan.id)
                                              .order_by(DirectiveEvent.id))]
    assert kinds == ["published", "unpublished"]
    detail = client.get(f"/directives/{plan.id}").text
    assert "Thôi công khai" in detail and "Lê Văn Bình" in detail  # the history shows who, to logged-in users


def test_only_the_committees_secretariat_or_leader_may_publish(app, client, session):
    plan = _plan(session)
    for local in ("chiengle.lanhdao", "giamsat", "tinh.thuky"):
        c = app.test_client()
        login(c, demo_email(local))
        page = c.get(f"/directives/{plan.id}")
        if page.status_code == 200:
            assert 'id="publish"' not in page.text
            resp = c.post(f"/directives/{plan.id}/publish", data={"csrf_token": csrf_from(page.text)})
            assert resp.status_code in (403, 404), local
        else:
            assert page.status_code == 404
    assert session.scalar(select(DirectivePublication)) is None
    c = app.test_client()
    login(c, demo_email("truongban"))
    assert 'id="publish"' in c.get(f"/directives/{plan.id}").text
    assert _publish(c, plan.id).status_code == 302
    assert app.test_client().get(f"/cong-khai/van-ban/{plan.id}").status_code == 200


def test_public_pages_are_session_free_cached_and_conditional(app, client, session, as_user):
    plan = _plan(session)
    as_user("thuky")
    _publish(client, plan.id)
    anon = app.test_client()
    url = f"/cong-khai/van-ban/{plan.id}"
    resp = anon.get(url)
    assert resp.status_code == 200
    assert "Set-Cookie" not in resp.headers and "Cookie" not in resp.headers.get("Vary", "")
    assert resp.headers["Cache-Control"].startswith("public, max-age=")
    etag = resp.headers["ETag"]
    assert anon.get(url, headers={"If-None-Match": etag}).status_code == 304
    # The logged-in client sends its session cookie and still gets no cookie and the same ETag.
    mine = client.get(url)
    assert "Set-Cookie" not in mine.headers and mine.headers["ETag"] == etag
    # ?lang=en would write the session elsewhere; here nothing is stored.
    assert "Set-Cookie" not in anon.get(url + "?lang=en").headers
    # A workflow step changes progress: the cached page follows (data version), and the ETag changes.
    t = session.scalar(select(Task).where(Task.directive_id == plan.id, Task.status == "in_progress").order_by(Task.id))
    head = _user(session, "chiengle.lanhdao")
    apply_action(session, head, t.id, ActionInput(action="report", version=t.version, note="Tiến độ", progress=85),
                 today=local_today(), calendar=load_calendar(session))
    again = anon.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and "85%" in again.text


def test_unknown_and_out_of_range_ids_answer_404(app):
    anon = app.test_client()
    for url in ("/cong-khai/van-ban/999999", "/cong-khai/van-ban/99999999999", "/cong-khai/don-vi/999999",
                "/cong-khai/don-vi/999999/atom.xml", "/cong-khai/nhiem-vu/1"):
        resp = anon.get(url)
        assert resp.status_code == 404, url
        assert "Set-Cookie" not in resp.headers


def test_commune_page_is_printable_and_feed_is_valid_atom(app, client, session, as_user):
    plan = _plan(session)
    as_user("thuky")
    _publish(client, plan.id)
    anon = app.test_client()
    page = anon.get(f"/cong-khai/don-vi/{plan.owner_unit_id}")
    assert 'name="viewport"' in page.text and "public.css" in page.text
    assert "@media print" in anon.get("/static/public.css").text
    assert 'type="application/atom+xml"' in page.text
    # A ward has its page even before it publishes anything.
    ward = session.scalar(select(Task).where(Task.directive_id == plan.id).order_by(Task.id)).lead_unit
    assert "Chưa có văn bản nào được công khai." in anon.get(f"/cong-khai/don-vi/{ward.id}").text
    resp = anon.get(f"/cong-khai/don-vi/{plan.owner_unit_id}/atom.xml")
    assert resp.mimetype == "application/atom+xml"
    feed = feedparser.parse(resp.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [f"http://127.0.0.1:5000/cong-khai/van-ban/{plan.id}"] or \
        [urlparse(e.link).path for e in feed.entries] == [f"/cong-khai/van-ban/{plan.id}"]
    assert plan.symbol in feed.entries[0].title


@pytest.fixture
def app_config():
    return {"PUBLIC_RATE_LIMIT": "200 per minute"}


def test_public_pages_are_rate_limited_per_ip(app):
    app.config["PUBLIC_RATE_LIMIT"] = "3 per minute"
    anon = app.test_client()
    responses = [anon.get("/cong-khai/") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert "Set-Cookie" not in responses[-1].headers
    other = app.test_client()
    assert other.get("/cong-khai/", environ_overrides={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200


def _mark(client, directive_id, task_id, kind, item_id, op="mark"):
    page = client.get(f"/tasks/{task_id}")
    assert page.status_code == 200
    return client.post(f"/directives/{directive_id}/public-items/{kind}/{item_id}/{op}",
                       data={"csrf_token": csrf_from(page.text)})


def test_items_marked_public_one_by_one(app, client, session, as_user, tmp_path):
    plan = _plan(session)
    task_id = _work_on(session, plan, tmp_path)
    report = session.scalar(select(TaskEvent).where(TaskEvent.note.like("%7781%")))
    comment = session.scalar(select(TaskEvent).where(TaskEvent.note.like("%5512%")))
    pdf = session.scalar(select(Attachment).where(Attachment.task_id == task_id))
    head_unit = _user(session, "chiengle.lanhdao").unit.name
    anon = app.test_client()
    page_url, file_url = f"/cong-khai/van-ban/{plan.id}", f"/cong-khai/tep/{pdf.id}"

    # A unit head may not mark; no buttons for them.
    head = app.test_client()
    login(head, demo_email("chiengle.lanhdao"))
    assert f"mark-event-{report.id}" not in head.get(f"/tasks/{task_id}").text
    assert _mark(head, plan.id, task_id, "event", report.id).status_code == 403

    as_user("thuky")
    task_page = client.get(f"/tasks/{task_id}").text
    assert f'id="mark-event-{report.id}"' in task_page and f'id="mark-file-{pdf.id}"' in task_page
    assert _publish(client, plan.id).status_code == 302
    # Published, nothing marked: no note, no file.
    text = anon.get(page_url).get_data(as_text=True)
    assert "7781" not in text and "/cong-khai/tep/" not in text
    assert anon.get(file_url).status_code == 404

    assert _mark(client, plan.id, task_id, "event", report.id).status_code == 302
    assert _mark(client, plan.id, task_id, "file", pdf.id).status_code == 302
    assert 'id="unmark-event-%d"' % report.id in client.get(f"/tasks/{task_id}").text
    bodies = _crawl(anon, ["/cong-khai/", page_url])
    text = "\n".join(bodies.values())
    # The marked report and file are there, under the unit's name ...
    assert "Báo cáo bí mật số 7781: đã họp tổ dân phố" in text and "bien-ban-noi-bo-7781.pdf" in text
    assert file_url in text and head_unit in bodies[page_url]
    # ... and nothing unmarked, no officer's name or email.
    session.expire_all()
    leaks = [s for s in _secrets(session, plan) if s in text and "7781" not in s]
    assert leaks == []
    assert _markers_in(text, ("5512", "3390", "4471", "@sonla.demo", "/tasks/", "/attachments/")) == []
    got = anon.get(file_url)
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert "Set-Cookie" not in got.headers
    # A comment never marked, a file of another directive's id: 404 / absent.
    assert comment.note not in text

    # Unmark the note: gone; the file stays until it is unmarked too.
    assert _mark(client, plan.id, task_id, "event", report.id, "unmark").status_code == 302
    text = anon.get(page_url).get_data(as_text=True)
    assert "Báo cáo bí mật số 7781" not in text and "bien-ban-noi-bo-7781.pdf" in text
    assert _mark(client, plan.id, task_id, "file", pdf.id, "unmark").status_code == 302
    assert "7781" not in anon.get(page_url).get_data(as_text=True)
    assert anon.get(file_url).status_code == 404

    # Marked again, then the directive unpublished: page and file 404.
    _mark(client, plan.id, task_id, "event", report.id)
    _mark(client, plan.id, task_id, "file", pdf.id)
    assert anon.get(file_url).status_code == 200
    assert _unpublish(client, plan.id).status_code == 302
    assert anon.get(page_url).status_code == 404
    assert anon.get(file_url).status_code == 404

    kinds = [e.kind for e in session.scalars(select(DirectiveEvent).where(DirectiveEvent.directive_id == plan.id)
                                              .order_by(DirectiveEvent.id))]
    assert kinds == ["published", "item_public", "item_public", "item_private", "item_private",
                     "item_public", "item_public", "unpublished"]
    # The history names each item as a reader knows it, linked to its task; never "event:N".
    page = client.get(f"/directives/{plan.id}").text
    assert "event:" not in page and "file:" not in page
    history = re.findall(r'<li class="publication-history">(.*?)</li>', page, re.S)
    unit = session.get(Task, task_id).lead_unit.name
    day = fmt_date(report.at)
    assert len(history) == 8
    assert f"báo cáo ngày {day} của {unit}" in history[1] and f'href="/tasks/{task_id}"' in history[1]
    assert "tệp" in history[2] and "bien-ban-noi-bo-7781.pdf" in history[2]
    assert history[3].split("·")[-1].strip().startswith("Thôi công khai")


def test_marking_an_item_of_another_directive_is_refused(app, client, session, as_user, tmp_path):
    plan = _plan(session)
    task_id = _work_on(session, plan, tmp_path)
    report = session.scalar(select(TaskEvent).where(TaskEvent.note.like("%7781%")))
    other = session.scalar(select(Directive).where(Directive.id != plan.id, Directive.owner_unit_id == plan.owner_unit_id))
    as_user("thuky")
    page = client.get(f"/tasks/{task_id}")
    resp = client.post(f"/directives/{other.id}/public-items/event/{report.id}/mark",
                       data={"csrf_token": csrf_from(page.text)})
    assert resp.status_code == 404
    assert client.post(f"/directives/{plan.id}/public-items/bogus/{report.id}/mark",
                       data={"csrf_token": csrf_from(page.text)}).status_code == 404
    assert session.scalars(select(DirectiveEvent).where(DirectiveEvent.kind == "item_public")).all() == []
