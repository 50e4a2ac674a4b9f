"""Administration: the unit tree, user accounts, the working calendar, imports from CSV/Excel.

Every route here is for role admin only (403 for any other role, login page when logged out).
"""

from tracker.views.admin.common import bp, OPEN_STATUSES
from tracker.views.admin.unit_pages import (UnitForm, UnitEditForm, MoveForm, MembersForm, MergeForm, ToggleForm, index,
                                            units, unit_new, unit_edit, unit_move, unit_toggle, unit_members,
                                            unit_merge)
from tracker.views.admin.user_pages import (PAGE, UserForm, UserEditForm, PasswordResetForm, users, user_new, user_edit,
                                            user_password, user_toggle)
from tracker.views.admin.calendar_pages import CalendarDayForm, calendar, calendar_delete
from tracker.views.admin.import_pages import (KINDS, ImportForm, ConfirmForm, import_index, import_template,
                                              import_upload, import_confirm)

__all__ = [
    "bp",
    "OPEN_STATUSES",
    "UnitForm",
    "UnitEditForm",
    "MoveForm",
    "MembersForm",
    "MergeForm",
    "ToggleForm",
    "index",
    "units",
    "unit_new",
    "unit_edit",
    "unit_move",
    "unit_toggle",
    "unit_members",
    "unit_merge",
    "PAGE",
    "UserForm",
    "UserEditForm",
    "PasswordResetForm",
    "users",
    "user_new",
    "user_edit",
    "user_password",
    "user_toggle",
    "CalendarDayForm",
    "calendar",
    "calendar_delete",
    "KINDS",
    "ImportForm",
    "ConfirmForm",
    "import_index",
    "import_template",
    "import_upload",
    "import_confirm",
]
