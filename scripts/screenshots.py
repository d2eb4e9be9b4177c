#!/usr/bin/env python
"""Screenshots of every page of the desktop app, for the README and for checking by eye.

    .venv/bin/python scripts/screenshots.py [--db DEMO.sqlite] [--out docs/screenshots]
                                            [--scale 1.25] [--user manager]

Starts the app on a demo database (built on first use in a temporary folder, or the --db given;
a private copy is used so nothing is written to it), signed in as the demo manager through the
services (no sign-in dialog), shows every page in turn and saves docs/screenshots/<page>.png,
plus event_mode.png, capture_form.png and review_queue.png. With --scale (QT_SCALE_FACTOR) the
files get a suffix, e.g. feedback@1.25x.png, to check the layout at 125% and 150%.

Needs a display: without DISPLAY it re-runs itself under xvfb-run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1440, 900


def _reexec_under_xvfb() -> None:
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    if os.environ.get("VOICEAPP_SCREENSHOTS_XVFB"):
        sys.exit("screenshots: xvfb-run did not provide a display")
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("screenshots: no DISPLAY and xvfb-run is not installed (apt install xvfb)")
    env = dict(os.environ, VOICEAPP_SCREENSHOTS_XVFB="1")
    cmd = [xvfb, "-a", "-s", "-screen 0 2400x1500x24", sys.executable, *sys.argv]
    sys.exit(subprocess.call(cmd, env=env))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="demo database to use (default: build one)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--scale", default="", help="QT_SCALE_FACTOR, e.g. 1.25 or 1.5")
    parser.add_argument("--user", default="manager")
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--only", nargs="*", help="page keys to capture (default: all)")
    args = parser.parse_args()
    _reexec_under_xvfb()
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = args.scale
    if os.environ.get("DISPLAY"):
        os.environ.pop("QT_QPA_PLATFORM", None)  # the real X display, not offscreen
    work = Path(tempfile.mkdtemp(prefix="voiceapp-shots-"))
    os.environ["VOICEAPP_DRAFTS_DIR"] = str(work / "drafts")
    source = Path(args.db) if args.db else _demo(args.records)
    db_path = work / "demo.sqlite"
    shutil.copyfile(source, db_path)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = f"@{args.scale}x" if args.scale else ""
    try:
        return _capture(db_path, out, suffix, args.user, set(args.only or ()), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _demo(records: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"voiceapp-screenshots-demo-{records}.sqlite"
    if not path.exists():
        from voiceapp.services.demo import build_demo

        print(f"Building a {records:,}-record demo database at {path}…", flush=True)
        build_demo(str(path), records=records)
    return path


def _capture(db_path: Path, out: Path, suffix: str, user: str, only: set[str],
             work: Path) -> int:
    from PySide6.QtCore import QSettings, QSize
    from PySide6.QtTest import QTest

    from voiceapp.services.users import sign_in
    from voiceapp.services.workspace import Workspace
    from voiceapp.ui.app import make_application

    app = make_application(["voiceapp"])
    # Settings in the scratch folder: screenshots never depend on (or change) the user's own.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qs"))

    from voiceapp.ui.context import UiContext
    from voiceapp.ui.main_window import MainWindow
    from voiceapp.ui.workers import busy, wait_for_all

    workspace = Workspace.open(str(db_path))
    workspace.actor = sign_in(workspace.database, user, "demo")
    ctx = UiContext(workspace)

    def pump(ms: int) -> None:
        """Process events for `ms` milliseconds. Not QTest.qWait: it keeps Python's lock while
        it waits, which starves the background threads that load the pages (a report took
        minutes that way); sleeping between event batches lets them run."""
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def settle(min_ms: int = 400, max_ms: int = 15000) -> None:
        """Let background queries finish and the screen repaint."""
        deadline = time.monotonic() + max_ms / 1000
        pump(min_ms)
        while busy() and time.monotonic() < deadline:
            pump(100)
        pump(250)
        while busy() and time.monotonic() < deadline:  # work started by the first results
            pump(100)
        pump(150)

    def save(widget, name: str) -> None:
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}",
              flush=True)

    window = MainWindow(ctx)
    scale = float(os.environ.get("QT_SCALE_FACTOR") or 1)
    if scale > 1:
        # A 1920x1080 laptop screen at that scaling: the space a user really has.
        window.resize(int(1920 / scale), int(1040 / scale))
    else:
        window.resize(WIDTH, HEIGHT)
    window.show()
    settle(800)
    for spec in window.specs:
        if only and spec.key not in only:
            continue
        page = window.show_page(spec.key)
        # Pages may start loading on a timer after they are shown, or on threads of their own.
        settle(1500 if spec.key in ("feedback", "safeguarding", "codebook") else 4000)
        if spec.key == "feedback":
            page.table.selectRow(0)
            settle(500)
        if spec.key == "codebook":
            page.tree.expandToDepth(0)
            settle(200)
        if spec.key == "reports":
            # A generated report in the preview, opened at the summary's measures table.
            page.author.setText("Priya Shah, Head of Participation")
            page.generate()
            deadline = time.monotonic() + 180
            while page.result is None and time.monotonic() < deadline:
                pump(100)
            settle(800)
            page.preview.go_to_page(3)
            settle(600)
        save(window, spec.key)

    if not only or "review_queue" in only:
        fb_page = window.show_page("feedback")
        fb_page.tabs.setCurrentIndex(1)
        settle(800)
        save(window, "review_queue")
        fb_page.tabs.setCurrentIndex(0)

    if not only or "capture_form" in only:
        fb_page = window.show_page("feedback")
        settle(300)
        dialog = fb_page.new_record("compliment")
        ref = fb_page.ref
        form = dialog.form
        form.text.setPlainText(
            "I just wanted to say thank you to the SEND team. Our caseworker always calls back "
            "when she says she will and explained the EHC plan clearly. After waiting so long "
            "for the assessment, we finally feel listened to.")
        form.channel.set_value(next(o.id for o in ref.channels if o.code == "email"))
        form.role.set_value(next(o.id for o in ref.respondent_roles if o.code == "parent_carer"))
        form.service_area.set_value(next(o.id for o in ref.service_areas
                                         if o.code == "send_ehc"))
        form.praised_person.setText("the SEND caseworker")
        form.consent_quote.yes.click()
        dialog.resize(1200, 780)
        settle(900)
        if dialog.panel.preview and dialog.panel.preview.themes:
            dialog.panel.set_decision(dialog.panel.preview.themes[0].theme_id, True)
        settle(200)
        save(dialog, "capture_form")
        dialog.form.text.setPlainText(
            "My son told the youth worker he wants to kill himself and that he is not safe at "
            "home when his dad has been drinking.")
        settle(900)
        save(dialog, "capture_form_safeguarding")
        dialog.reject()

    if not only or "event_mode" in only:
        fb_page = window.show_page("feedback")
        ev = fb_page.open_event_mode()
        ev.resize(window.size() if scale > 1 else QSize(1200, 900))
        settle(600)
        ev.event_combo.setCurrentIndex(0)
        ev.start_button.click()
        settle(400)
        ev.text.setPlainText("I like the youth club but the bus home stops too early, so I "
                             "have to leave before the end.")
        cyp = next(o.id for o in ev.ref.respondent_roles if o.code == "child_young_person")
        ev.role.set_value(cyp)
        ev._show_cyp(True)
        ev.age.set_value("11-15")
        ev.faces.set_value(4)
        ev.consent.yes.click()
        settle(800)
        save(ev, "event_mode")
        ev.clear_screen()
        ev.close()

    window.close()
    settle(200)
    wait_for_all(15000)
    # Tear the widgets down while Qt is still fully alive (avoids a crash at interpreter exit).
    for widget in app.topLevelWidgets():
        widget.deleteLater()
    QTest.qWait(100)
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
