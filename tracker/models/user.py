from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.timeutil import utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))  # chức vụ
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.UNIT_OFFICER.value)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    is_active_flag: Mapped[bool] = mapped_column("is_active", Boolean, default=True)
    # Changing it logs out every session of the user (password change, deactivation).
    session_nonce: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    unit: Mapped["Unit"] = relationship(lazy="joined")  # noqa: F821
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        return self.is_active_flag

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    # The key of the login session this object was loaded for (tracker/services/sessions.py);
    # not a column. The session and remember cookies carry it, so ending the session ends both.
    session_key = None
    # (this process's write count, unread notices) read with the login session; not a column.
    unread_at_load = None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key or ''}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


# Logins, imports and the CLI find a user by the address as typed, in any case: without it each
# login read all 50,000 users of a national install (20 ms; pg_stat_statements, session 26).
Index("ix_users_email_lower", func.lower(User.email))


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 is stored."""
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
