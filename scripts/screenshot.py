#!/usr/bin/env python3
"""Regenerate docs/screenshot.png from a running demo (scripts/run.sh, or any server with the demo data).

    .venv/bin/python scripts/screenshot.py                      # http://127.0.0.1:5000, task list
    .venv/bin/python scripts/screenshot.py --base-url http://127.0.0.1:5077 --page /directives/1

Logs in as the city committee's secretariat officer (thuky@sonla.demo) and takes a
1280x800 picture of the page (the task list by default) in Debian's Chromium
(CHROMIUM_PATH, default /usr/bin/chromium); never a browser downloaded by Playwright.
"""
import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MAX_BYTES = 300 * 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", default=os.environ.get("BASE_URL", "http://127.0.0.1:5000"))
    ap.add_argument("--email", default="thuky@sonla.demo")
    ap.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo-2026!"))
    ap.add_argument("--page", default="/tasks/", help="path to photograph (default: the task list)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=800)
    args = ap.parse_args(argv)

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(chromium, os.X_OK):
        print(f"Chromium not found at {chromium} (apt-get install chromium, or set CHROMIUM_PATH).", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=args.base_url.rstrip("/"), locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh",
                                      viewport={"width": args.width, "height": args.height})
        page = context.new_page()
        page.goto("/login")
        page.locator("#email").fill(args.email)
        page.locator("#password").fill(args.password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        if "/login" in page.url:
            print(f"Login as {args.email} failed: is the demo loaded (flask demo load)?", file=sys.stderr)
            return 1
        page.goto(args.page)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out))
        browser.close()
    size = out.stat().st_size
    print(f"{out} ({size // 1024} KB)")
    if size > MAX_BYTES:
        print(f"warning: larger than {MAX_BYTES // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
