"""Swagger UI at /api/docs/ loads from the project's own static files and reaches no other host.

Drives headless Chromium (Debian's /usr/bin/chromium) through Playwright against pytest-django's
live server. Skipped where Playwright or the browser is missing, so a developer machine without
a browser still passes; CI installs both. `local_only_page` is shared with the other modules here.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    Page = expect = sync_playwright = None

# Playwright's sync API runs an event loop in this thread, and Django refuses database work in a
# thread with a running loop unless told it is safe (the live server and the ORM calls in tests).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
# A public-looking name that Chromium maps to 127.0.0.1 (--host-resolver-rules; no DNS asked).
PUBLIC_NAME = "claimtrail.test"


@dataclass
class BrowserSession:
    page: "Page"
    blocked: list[str] = field(default_factory=list)  # requests aborted for leaving the machine
    console_errors: list[str] = field(default_factory=list)


@contextmanager
def local_only_page(
    allowed_hosts=LOCAL_HOSTS, extra_args: tuple[str, ...] = ()
) -> Iterator[BrowserSession]:
    """A Chromium page on which every request to a host outside allowed_hosts is aborted and
    recorded, as are console errors and uncaught page errors. Skips the test without a browser."""
    if sync_playwright is None:
        pytest.skip("playwright is not installed (pip install playwright; no browser download)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Chromium (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args], headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            session = BrowserSession(page)

            def guard(route):
                url = urlparse(route.request.url)
                if url.scheme in {"data", "blob"} or url.hostname in allowed_hosts:
                    route.continue_()
                else:
                    session.blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.on(
                "console", lambda m: m.type == "error" and session.console_errors.append(m.text)
            )
            page.on("pageerror", lambda exc: session.console_errors.append(str(exc)))
            yield session
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
# "public-name": as deployed, on a host that is not loopback. Swagger UI skips some third-party
# requests on localhost/127.0.0.1 only (the StandaloneLayout's validator.swagger.io badge), so the
# loopback case alone would not see them.
@pytest.mark.parametrize("served_as", ["loopback", "public-name"])
def test_swagger_ui_loads_without_other_hosts(live_server, settings, tmp_path, served_as):
    base, hosts, extra_args = live_server.url, LOCAL_HOSTS, ()
    if served_as == "public-name":
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, PUBLIC_NAME]
        base = f"http://{PUBLIC_NAME}:{urlparse(live_server.url).port}"
        hosts = LOCAL_HOSTS | {PUBLIC_NAME}
        extra_args = (f"--host-resolver-rules=MAP {PUBLIC_NAME} 127.0.0.1",)

    with local_only_page(hosts, extra_args) as session:
        page = session.page
        page.goto(base + "/api/docs/")
        # Rendered: the operations list, built from /api/schema/ by the sidecar's bundle.
        expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("/api/v1/claims/", exact=True).first).to_be_visible()
        page.wait_for_load_state("networkidle")  # late requests (images, badges) show up too
        page.screenshot(path=tmp_path / f"api-docs-{served_as}.png")

        assert session.blocked == [], f"requests to other hosts: {session.blocked}"
        assert session.console_errors == [], f"console errors: {session.console_errors}"
