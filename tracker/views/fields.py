"""Form fields shared by pages: dates typed as dd/mm/yyyy."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.widgets import TextInput


def parse_dmy(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class DMYDateField(Field):
    """A date typed the Vietnamese way; ISO is accepted too (pasted, or from the API)."""
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("placeholder", "dd/mm/yyyy")
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_dmy(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(_l("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."))
