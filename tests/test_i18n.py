"""Every user-facing string is Vietnamese in the code and has an English translation."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("tracker/**.py", "python"), ("workers/**.py", "python"),
           ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]


def _source_msgids() -> set[str]:
    ids = set()
    for sub in ("tracker", "workers", "templates"):
        for _fn, _line, msg, _comments, _ctx in extract_from_dir(
                ROOT / sub, method_map=[(p.split("/", 1)[1], m) for p, m in METHODS if p.startswith(sub)],
                keywords=KEYWORDS):
            ids.add(msg if isinstance(msg, str) else msg[0])
    return ids


def test_every_string_has_an_english_translation():
    with open(ROOT / "tracker/translations/en/LC_MESSAGES/messages.po", "rb") as fh:
        catalog = read_po(fh)
    missing = sorted(m for m in _source_msgids()
                     if not (catalog.get(m) and catalog.get(m).string and not catalog.get(m).fuzzy))
    assert not missing, f"{len(missing)} strings lack an English translation (run scripts/i18n.sh): {missing[:10]}"


def test_pages_switch_to_english(client, as_user):
    as_user("thuky")
    vi = client.get("/tasks/").text
    en = client.get("/tasks/?lang=en").text
    assert "Nhiệm vụ" in vi and "Đăng xuất" in vi
    assert "Log out" in en and "Đăng xuất" not in en


def test_english_catalog_is_well_formed():
    """Placeholders of each translation match its source and no msgid is defined twice:
    a garbled entry (e.g. from merging two branches' additions) must not reach users."""
    import re as _re

    text = (ROOT / "tracker/translations/en/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    with open(ROOT / "tracker/translations/en/LC_MESSAGES/messages.po", "rb") as fh:
        catalog = read_po(fh)
    problems = [(msg.id, [str(e) for e in errors]) for msg, errors in catalog.check()]
    assert not problems, problems[:5]
    ids = _re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.*)"\n((?:".*"\n)*)', text, flags=_re.M)
    keys = [(ctx, a + "".join(_re.findall(r'"(.*)"', b))) for ctx, a, b in ids]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, dupes[:5]


def test_status_and_category_labels_follow_each_requests_language(client, as_user):
    """The labels of statuses and categories are translated once per language and process
    (views/helpers.labels_in): pages in either language, alternately, each show their own."""
    import re as _re

    as_user("thuky")
    for lang, status, category in [("en", "Assigned", "Overdue"), ("vi", "Mới giao", "Quá hạn"),
                                   ("en", "Assigned", "Overdue"), ("vi", "Mới giao", "Quá hạn")]:
        html = client.get(f"/tasks/?lang={lang}&per_page=100").text
        cells = _re.findall(r'<td class="text-nowrap">([^<]+)</td>', html)
        assert status in cells, (lang, cells[:10])
        assert f">{category}</span>" in html, lang
        other = {"en": "Mới giao", "vi": "Assigned"}[lang]
        assert other not in cells, lang
