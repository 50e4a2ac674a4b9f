"""The Excel task import carries a target its content states: an indicator on the directive
over the row's lead units, created with the tasks (one transaction)."""
from sqlalchemy import select

from tests.test_task_import import FUTURE, _confirm, _directive, _upload, _xlsx
from tracker.models import Indicator


def test_a_row_stating_a_target_sets_an_indicator(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    rows = [
        ["1", "Phấn đấu 100% xã, phường tổ chức đối thoại với nhân dân.", "Tất cả xã, phường", "", FUTURE, ""],
        ["2", "Phấn đấu hoàn thành 27 công trình dân vận khéo.", "Phường Chiềng Lề", "", FUTURE, ""],
        ["3", "Rà soát các tổ dân phố.", "Phường Tô Hiệu", "", "", ""],
    ]
    resp = _upload(client, did, _xlsx(rows))
    assert "3 dòng hợp lệ, 0 dòng lỗi" in resp.text
    assert session.scalars(select(Indicator)).all() == []       # the preview is a dry run
    assert _confirm(client, did, resp.text).status_code == 302
    session.expire_all()
    inds = session.scalars(select(Indicator).where(Indicator.directive_id == did).order_by(Indicator.id)).all()
    assert [(i.measure, i.aggregation, i.unit_label) for i in inds] == [
        ("achieved", "reached", "xã, phường"), ("count", "sum", "công trình dân vận khéo")]
    assert len(inds[0].targets) == 12 and {t.target for t in inds[0].targets} == {1}
    assert [t.target for t in inds[1].targets] == [27]
    page = client.get(f"/directives/{did}")
    assert "0/12 xã, phường đạt" in page.text
