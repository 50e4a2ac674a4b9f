"""Workflow actions through /api/v1: same rules as the page, 409 on a stale version."""
import io

from sqlalchemy import select

from tests.test_api import API, Api, assert_error, cli_token, in_db
from tests.test_workflow import PDF, EXE, make_task
from tracker.models import Attachment, Task, TaskEvent


def _task(app, tid) -> Task:
    return in_db(app, lambda s: s.get(Task, tid))


def _new_task(app, **kw) -> int:
    return in_db(app, lambda s: make_task(s, **kw))


def test_cycle_through_the_api(app):
    tid = _new_task(app)
    officer, head, thuky = (Api(app, cli_token(app, u)) for u in ("chiengle.canbo", "chiengle.lanhdao", "thuky"))
    listing = officer.get(f"/tasks/{tid}/actions").json
    assert listing["version"] == 1 and "receive" in listing["actions"] and "submit" not in listing["actions"]
    r = officer.post(f"/tasks/{tid}/actions", json={"action": "receive", "version": 1})
    assert r.status_code == 200, r.json
    assert r.json["task"]["status"] == "received" and r.json["task"]["version"] == 2
    assert r.json["event"]["kind"] == "received"
    # Progress with evidence, as multipart.
    r = officer.client.post(f"{API}/tasks/{tid}/actions", headers=officer.headers, content_type="multipart/form-data",
                            data={"action": "report", "version": "2", "progress": "50", "note": "Nửa chặng.",
                                  "files": (io.BytesIO(PDF), "minh-chung.pdf")})
    assert r.status_code == 200, r.json
    assert r.json["task"]["progress"] == 50
    assert in_db(app, lambda s: s.scalar(select(Attachment.filename).where(Attachment.task_id == tid))) == \
        "minh-chung.pdf"
    assert_error(officer.post(f"/tasks/{tid}/actions", json={"action": "submit", "version": 3, "note": "x"}),
                 403, "forbidden")
    assert head.post(f"/tasks/{tid}/actions", json={"action": "submit", "version": 3, "note": "Xong"}).status_code == 200
    body = assert_error(thuky.post(f"/tasks/{tid}/actions", json={"action": "return", "version": 4}), 400)
    assert "note" in body["fields"]
    assert thuky.post(f"/tasks/{tid}/actions", json={"action": "accept", "version": 4}).status_code == 200
    t = _task(app, tid)
    assert t.status == "done" and t.completed_on is not None


def test_stale_version_is_409_and_writes_nothing(app):
    tid = _new_task(app)
    officer = Api(app, cli_token(app, "chiengle.canbo"))
    assert officer.post(f"/tasks/{tid}/actions", json={"action": "receive", "version": 1}).status_code == 200
    body = assert_error(officer.post(f"/tasks/{tid}/actions",
                                     json={"action": "report", "version": 1, "progress": 10, "note": "cũ"}),
                        409, "conflict")
    assert "vừa được Cán bộ Chiềng Lề thay đổi lúc" in body["message"]
    assert in_db(app, lambda s: len(s.scalars(select(TaskEvent).where(TaskEvent.task_id == tid)).all())) == 2


def test_bad_input_is_refused(app):
    tid = _new_task(app)
    officer = Api(app, cli_token(app, "chiengle.canbo"))
    other = Api(app, cli_token(app, "tohieu.canbo"))
    assert_error(other.post(f"/tasks/{tid}/actions", json={"action": "receive", "version": 1}), 404)
    assert_error(other.get(f"/tasks/{tid}/actions"), 404)
    body = assert_error(officer.post(f"/tasks/{tid}/actions", json={"action": "fly", "version": "1"}), 400)
    assert set(body["fields"]) == {"action", "version"}
    body = assert_error(officer.post(f"/tasks/{tid}/actions", json={
        "action": "request_extension", "version": 1, "new_due_on": "2020-01-01", "note": "Mưa"}), 400)
    assert "không được trước ngày hôm nay" in body["fields"]["new_due_on"]
    r = officer.client.post(f"{API}/tasks/{tid}/actions", headers=officer.headers, content_type="multipart/form-data",
                            data={"action": "receive", "version": "1", "files": (io.BytesIO(EXE), "setup.pdf")})
    assert_error(r, 415)
    assert _task(app, tid).version == 1
    thuky = Api(app, cli_token(app, "thuky"))
    assert thuky.post(f"/tasks/{tid}/actions", json={"action": "cancel", "version": 1, "note": "Trùng."}).status_code \
        == 200
    body = assert_error(officer.post(f"/tasks/{tid}/actions", json={"action": "receive", "version": 2}), 409)
    assert "đã bị hủy" in body["message"]


def test_bulk_actions(app):
    ids = [_new_task(app) for _ in range(3)]
    officer = Api(app, cli_token(app, "chiengle.canbo"))
    r = officer.post("/tasks/bulk-actions", json={"action": "receive", "tasks": [{"id": i, "version": 1} for i in ids]})
    assert r.status_code == 200 and sorted(r.json["done"]) == sorted(ids) and r.json["failed"] == []
    r = officer.post("/tasks/bulk-actions", json={"action": "accept", "tasks": [{"id": ids[0], "version": 2}]})
    assert r.status_code == 200 and r.json["done"] == [] and r.json["failed"][0]["id"] == ids[0]
    assert_error(officer.post("/tasks/bulk-actions", json={"action": "receive", "tasks": []}), 400)
