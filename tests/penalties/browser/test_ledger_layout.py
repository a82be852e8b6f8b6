"""The penalty ledger at a laptop's width, in Chromium: every cell holds its content and
the list fits its box (no sideways scroll)."""

import pytest
from django.urls import reverse

from tests.cases.browser.layout import (
    BROKEN_LABELS,
    CHANGELIST_OVERFLOW,
    LAPTOP,
    OVERFLOW,
    SPILLING_CELLS,
    size_viewport,
)
from tests.cases.browser.test_end_to_end import log_in, wait_for
from tests.penalties.metrics_data import build_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ledger_holds_every_cell_at_a_laptops_width(
    browser, live_server, people, preset, artifacts
):
    build_quarter(people, preset)
    log_in(browser, live_server.url, people.supervisor)
    size_viewport(browser, *LAPTOP)
    browser.get(live_server.url + reverse("admin:penalties_penalty_changelist"))
    wait_for(browser, "#result_list")
    browser.save_screenshot(str(artifacts / "admin-ledger-1366.png"))

    assert browser.execute_script(
        "return document.querySelectorAll('#result_list tbody tr').length"
    )
    assert browser.execute_script(CHANGELIST_OVERFLOW) == 0  # no sideways scroll in the list
    assert browser.execute_script(OVERFLOW) <= 0  # nor on the page
    assert browser.execute_script(SPILLING_CELLS, "#result_list td, #result_list th") == []
    assert browser.execute_script(BROKEN_LABELS, "#result_list td, #result_list th") == []
