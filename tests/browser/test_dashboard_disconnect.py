"""Solara's "Server disconnected." in the page's language (issue 31 item 8): a server of
this test's own is stopped under a 中文 page and the overlay Solara shows then must read
Chinese. Screenshot to tests/_artifacts/ (looked at when taken)."""

from __future__ import annotations

import pytest

from govsim.dashboard.i18n import t

from .test_dashboard import (  # noqa: F401 (fixtures: the module's browser)
    ARTIFACTS,
    browser,
    open_page,
    start_server,
    stop_process,
    sync_api,
)

pytestmark = pytest.mark.browser


def test_the_disconnection_notice_is_in_the_pages_language(browser):  # noqa: F811
    server, url = start_server(log_name="dashboard_disconnect.log")
    try:
        page = open_page(browser, url + "?lang=zh")
        page.wait_for_selector(".day-label:has-text('第 0 天')", timeout=30_000)
    finally:
        stop_process(server)
    notice = ".v-overlay .v-progress-circular__info"
    page.wait_for_selector(f"{notice}:has-text('{t('app.disconnected', 'zh')}')", timeout=30_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard_disconnected_zh.png")
    assert "disconnected" not in page.inner_text(notice)
    page.context.close()
