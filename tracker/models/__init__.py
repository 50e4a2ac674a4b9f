"""Mapped classes, one module per aggregate."""
from tracker.models.unit import Unit, committee_members
from tracker.models.user import ApiToken, User
from tracker.models.calendar_day import CalendarDay
from tracker.models.directive import Directive
from tracker.models.attachment import Attachment
from tracker.models.task import Task, TaskEvent, task_coordinators
from tracker.models.reminder import NotificationPref, Reminder, ReminderPolicy, SweepRun
from tracker.models.outbox import OutboxMail
from tracker.models.extension import ExtensionRequest
from tracker.models.notification import Notification
from tracker.models.report_snapshot import ReportSnapshot, ReportSnapshotRow, ReportSnapshotTask
from tracker.models.data_version import DataVersion, ScopeVersion
from tracker.models.report_count import PastCount, PastCountBuild, ReportCount, ReportCountBuild
from tracker.models.home_count import HomeCount, HomeCountBuild
from tracker.models.auth_session import LoginFailure, UserSession
from tracker.models.publication import DirectiveEvent, DirectivePublication, PublicItem
from tracker.models.calendar_token import CalendarToken
from tracker.models.indicator import Indicator, IndicatorSnapshotValue, IndicatorTarget, IndicatorValue

__all__ = [
    "Unit", "committee_members", "User", "ApiToken", "CalendarDay", "Directive",
    "Attachment", "Task", "TaskEvent", "task_coordinators", "ExtensionRequest", "Notification",
    "ReportSnapshot", "ReportSnapshotRow", "ReportSnapshotTask", "DataVersion", "ScopeVersion", "ReportCount", "ReportCountBuild", "PastCount", "PastCountBuild",
    "HomeCount", "HomeCountBuild",
    "NotificationPref", "Reminder", "ReminderPolicy", "SweepRun", "OutboxMail",
    "UserSession", "LoginFailure",
    "DirectivePublication", "DirectiveEvent", "PublicItem", "CalendarToken",
    "Indicator", "IndicatorTarget", "IndicatorValue", "IndicatorSnapshotValue",
]
