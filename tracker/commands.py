"""Command-line tools: `flask demo load`, `flask users ...`, `flask directives extract`."""
import json
import sys
from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from tracker.domain.extraction import ENGINES
from tracker.domain.roles import Role
from tracker.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")
users_cli = AppGroup("users", help="User accounts.")
directives_cli = AppGroup("directives", help="Directives.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing (successfully) when data exists.")
def demo_load(if_empty):
    """Load the Sơn La city demo (units, users, directives, tasks) and print the logins."""
    from tracker.models import Unit
    from tracker.services.calendar import load_calendar
    from tracker.services.demo import DEMO_PASSWORD, load_demo
    from tracker.timeutil import local_today

    if if_empty and db.session.scalar(select(Unit.id).limit(1)) is not None:
        click.echo("Demo data: database already has data, nothing loaded.")
        return
    logins = load_demo(db.session, today=local_today(), calendar=load_calendar())
    click.echo(f"Demo data loaded. Every demo account's password: {DEMO_PASSWORD}")
    for login in logins:
        click.echo(f"  {login.email:<32} {login.role:<13} {login.unit}")


@demo_cli.command("logins")
def demo_logins():
    """Print the demo accounts."""
    from tracker.models import User
    from tracker.services.demo import DEMO_PASSWORD

    click.echo(f"Password for every demo account: {DEMO_PASSWORD}")
    for user in db.session.scalars(select(User).order_by(User.id)):
        click.echo(f"  {user.email:<32} {user.role:<13} {user.unit.name}")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--unit", "unit_code", required=True, help="Unit code")
@click.password_option()
def users_create(email, name, role, unit_code, password):
    """Create a user."""
    from tracker.models import Unit
    from tracker.services import SYSTEM, ServiceError
    from tracker.services.users import create_user

    unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
    try:
        create_user(db.session, actor=SYSTEM, email=email, name=name, password=password, role=role, unit=unit)
    except ServiceError as e:
        raise click.ClickException("; ".join(e.errors.values()))
    click.echo(f"Created {email}")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="cli", help="A name to recognise the token by.")
def users_token(email, name):
    """Create a personal API token for EMAIL and print it."""
    from tracker.models import User
    from tracker.services.users import create_token

    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with email {email}")
    click.echo(create_token(db.session, user, name))


@directives_cli.command("extract")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--date", "doc_date", default=None,
              help="Document date YYYY-MM-DD (default: the date in the text's header, else today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the only format for now).")
@click.option("--committee", default=None, help="Code of the assigning committee unit.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Extraction engine (default: the EXTRACTION_ENGINE setting, model unless set).")
@click.option("--missed", is_flag=True,
              help="Also list, on standard error, the sentences that may hold an action no proposal covers.")
def directives_extract(path, doc_date, as_json, committee, engine, missed):
    """Propose tasks from a conclusion's text (.txt, .docx or .pdf)."""
    from tracker.services.extraction import directory_for, read_document
    from tracker.domain.extraction import extract, proposals_to_json
    from tracker.timeutil import local_today

    try:
        when = date.fromisoformat(doc_date) if doc_date else local_today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--date")
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from tracker.domain.extraction import UnitDirectory, document_date
    from tracker.services import ServiceError

    try:
        text = read_document(path)
    except ServiceError as e:
        raise click.ClickException("; ".join(e.errors.values()))
    try:
        directory = directory_for(db.session, committee)
    except ServiceError as e:
        raise click.ClickException("; ".join(e.errors.values()))
    except (OperationalError, ProgrammingError):
        # no database yet (a fresh checkout): units come back as written
        db.session.rollback()
        if committee:
            raise click.ClickException("No database yet: run `flask db upgrade` (and `flask demo load`) "
                                       "before using --committee.")
        click.echo("No database yet (run `flask db upgrade`): units are shown as written.", err=True)
        directory = UnitDirectory(units=[])
    if not doc_date:
        when = document_date(text) or when
    from flask import current_app
    proposals = extract(text, when, directory, engine=engine or current_app.config["EXTRACTION_ENGINE"])
    json.dump(proposals_to_json(proposals, directory), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    if missed:   # what the review page lists under the proposals; standard output stays the proposals' JSON
        from tracker.domain.extraction.missed import possibly_missed
        from tracker.domain.extraction.pipeline import normalise
        for m in possibly_missed(normalise(text), proposals):
            click.echo(f"? {m.text}", err=True)


def register(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(directives_cli)
    from tracker.commands_reminders import reminders_cli
    app.cli.add_command(reminders_cli)
