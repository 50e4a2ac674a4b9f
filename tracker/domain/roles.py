"""Roles and what each may do; pure so the whole table can be tested."""
from enum import Enum


class Role(str, Enum):
    ADMIN = "admin"
    LEADER = "leader"            # committee leader: sees what the committee assigned
    SECRETARIAT = "secretariat"  # records directives, assigns, follows up
    UNIT_HEAD = "unit_head"
    UNIT_OFFICER = "unit_officer"
    VIEWER = "viewer"            # read-only, e.g. an inspection body


class Action(str, Enum):
    VIEW_TASK = "view_task"
    VIEW_DIRECTIVE = "view_directive"
    CREATE_DIRECTIVE = "create_directive"
    ASSIGN_TASK = "assign_task"
    MANAGE_UNITS = "manage_units"
    MANAGE_USERS = "manage_users"
    MANAGE_CALENDAR = "manage_calendar"
    CREATE_TOKEN = "create_token"
    PUBLISH_DIRECTIVE = "publish_directive"  # công khai / thôi công khai
    DEFINE_INDICATOR = "define_indicator"    # giao chỉ tiêu (the assigning body)
    REPORT_INDICATOR = "report_indicator"    # báo cáo kết quả chỉ tiêu (the unit that must reach it)


# Actions that need the object to be visible to the user first; the role table
# below then decides. "Own" means the object belongs to the user's unit (the
# assigning body for directives), "visible" that it is in the user's scope.
_ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.LEADER: frozenset({Action.VIEW_TASK, Action.VIEW_DIRECTIVE, Action.CREATE_TOKEN, Action.PUBLISH_DIRECTIVE,
                            Action.DEFINE_INDICATOR}),
    Role.SECRETARIAT: frozenset({
        Action.VIEW_TASK, Action.VIEW_DIRECTIVE, Action.CREATE_DIRECTIVE,
        Action.ASSIGN_TASK, Action.CREATE_TOKEN, Action.PUBLISH_DIRECTIVE, Action.DEFINE_INDICATOR,
    }),
    Role.UNIT_HEAD: frozenset({Action.VIEW_TASK, Action.VIEW_DIRECTIVE, Action.CREATE_TOKEN, Action.REPORT_INDICATOR}),
    Role.UNIT_OFFICER: frozenset({Action.VIEW_TASK, Action.VIEW_DIRECTIVE, Action.CREATE_TOKEN,
                                  Action.REPORT_INDICATOR}),
    Role.VIEWER: frozenset({Action.VIEW_TASK, Action.VIEW_DIRECTIVE, Action.CREATE_TOKEN}),
}

# Actions on an existing object owned by a unit: a non-admin may only act on
# objects of their own unit (assign tasks from, publish, or define indicators on, a directive their
# committee recorded). Every action here is checked by the use case that performs it
# (tests/test_use_case_rules.py).
OWN_UNIT_ONLY = frozenset({Action.ASSIGN_TASK, Action.PUBLISH_DIRECTIVE, Action.DEFINE_INDICATOR})


def role_allows(role: Role, action: Action) -> bool:
    """Whether the role may ever perform the action, regardless of the object."""
    return action in _ROLE_ACTIONS.get(Role(role), frozenset())


def allows(role: Role, action: Action, *, own_unit: bool = True, visible: bool = True) -> bool:
    """Decide one cell of the authorization table."""
    role = Role(role)
    if not role_allows(role, action):
        return False
    if role is Role.ADMIN:
        return True
    if not visible:
        return False
    if action in OWN_UNIT_ONLY and not own_unit:
        return False
    return True
