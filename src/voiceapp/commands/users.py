"""`voiceapp users add|list|disable|enable|unlock|reset-password|passwd`.

On a database with no users, `users add` creates the first administrator without signing in
(there is no one to sign in as). Every other use signs in as an administrator first
(VOICEAPP_USER / VOICEAPP_PASSWORD or a prompt). New passwords come from VOICEAPP_NEW_PASSWORD
or are asked for twice at a terminal, never from the command line."""

from __future__ import annotations

import argparse

from voiceapp.cli import add_db_argument

ROLES = ("administrator", "manager", "officer", "board_viewer")


def register(subparsers) -> None:
    p = subparsers.add_parser("users", help="add, list, disable and reset users (administrators)")
    sub = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    a = sub.add_parser("add", help="add a user (on a new database: the first administrator)")
    add_db_argument(a)
    a.add_argument("username")
    a.add_argument("--name", required=True, help="the person's name as colleagues know it")
    a.add_argument("--role", choices=ROLES,
                   help="main role (the first user is always an administrator)")
    a.add_argument("--also", action="append", choices=ROLES, default=[],
                   help="an extra role, e.g. a manager who is also an administrator")
    a.add_argument("--no-change-at-sign-in", action="store_true",
                   help="do not ask the user to choose a new password when they first sign in")
    a.set_defaults(handler=cmd_add)

    ls = sub.add_parser("list", help="list users")
    add_db_argument(ls)
    ls.set_defaults(handler=cmd_list)

    for name, help_text, fn in (
        ("disable", "stop a user signing in (their history is kept)", cmd_disable),
        ("enable", "let a disabled user sign in again", cmd_enable),
        ("unlock", "unlock an account locked after wrong passwords", cmd_unlock),
        ("reset-password", "give a user a temporary password (changed at next sign-in)",
         cmd_reset),
    ):
        q = sub.add_parser(name, help=help_text)
        add_db_argument(q)
        q.add_argument("username")
        q.set_defaults(handler=fn)

    pw = sub.add_parser("passwd", help="change your own password")
    add_db_argument(pw)
    pw.set_defaults(handler=cmd_passwd)


def _open(args):
    from voiceapp.db.engine import open_database

    return open_database(args.db)


def cmd_add(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor, read_new_password
    from voiceapp.services import users

    database = _open(args)
    try:
        if users.needs_first_administrator(database):
            if args.role not in (None, "administrator"):
                print("voiceapp: the first user of a new database must be an administrator; "
                      "add other users after signing in as them.")
                return 2
            password = read_new_password("password for the new administrator")
            actor = users.create_first_administrator(database, args.username, args.name,
                                                     password)
            print(f"Created the first administrator, {actor.username}. Sign in with this user "
                  "to add everyone else.")
            return 0
        if args.role is None:
            print("voiceapp: give the new user's role with --role "
                  f"({', '.join(ROLES)}).")
            return 2
        actor = cli_actor(database)
        password = read_new_password(f"temporary password for {args.username}")
        info = users.add_user(database, actor, args.username, args.name, args.role, password,
                              extra_roles=args.also,
                              must_change_password=not args.no_change_at_sign_in)
        print(f"Added {info.username} ({info.display_name}) as {info.roles_label}."
              + ("" if args.no_change_at_sign_in
                 else " They will choose their own password when they first sign in."))
        return 0
    finally:
        database.dispose()


def cmd_list(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.services import users

    database = _open(args)
    try:
        actor = cli_actor(database)
        rows = users.list_users(database, actor)
        print(f"{'user':<16} {'name':<34} {'roles':<28} {'status':<22} last sign-in")
        for u in rows:
            status = "disabled" if not u.active else (
                f"locked until {u.locked_until:%H:%M}" if u.is_locked() else "active")
            if u.is_demo_password:
                status += ", DEMO PASSWORD"
            last = f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "never"
            print(f"{u.username:<16} {u.display_name[:34]:<34} {u.roles_label[:28]:<28} "
                  f"{status:<22} {last}")
        print(f"{len(rows)} users")
        return 0
    finally:
        database.dispose()


def _admin_action(args: argparse.Namespace, fn_name: str, done: str) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.services import users

    database = _open(args)
    try:
        actor = cli_actor(database)
        target = users.find_user(database, actor, args.username)
        getattr(users, fn_name)(database, actor, target.id)
        print(f"{target.username} {done}.")
        return 0
    finally:
        database.dispose()


def cmd_disable(args: argparse.Namespace) -> int:
    return _admin_action(args, "disable_user", "is disabled and can no longer sign in")


def cmd_enable(args: argparse.Namespace) -> int:
    return _admin_action(args, "enable_user", "can sign in again")


def cmd_unlock(args: argparse.Namespace) -> int:
    return _admin_action(args, "unlock_user", "is unlocked")


def cmd_reset(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor, read_new_password
    from voiceapp.services import users

    database = _open(args)
    try:
        actor = cli_actor(database)
        target = users.find_user(database, actor, args.username)
        password = read_new_password(f"temporary password for {target.username}")
        users.reset_password(database, actor, target.id, password)
        print(f"Password reset for {target.username}; they will choose a new one when they "
              "next sign in.")
        return 0
    finally:
        database.dispose()


def cmd_passwd(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import read_credentials, read_new_password
    from voiceapp.services import users

    database = _open(args)
    try:
        username, current = read_credentials()
        actor = users.sign_in(database, username, current)
        users.change_own_password(database, actor, current, read_new_password())
        print(f"Password changed for {actor.username}.")
        return 0
    finally:
        database.dispose()
