"""A supervisor opens the dashboard and the printable quarterly notice in Chromium."""

import base64
import re

import pytest
from django.urls import reverse

from penalties import services
from penalties.periods import parse_period
from tests.cases.browser.test_end_to_end import log_in, wait_for
from tests.penalties.metrics_data import NOW, build_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_and_the_printable_notice(browser, live_server, people, preset, artifacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from penalties.models import AssessmentSettings

    build_quarter(people, preset)
    # The hand-built quarter is small: 3 cases handled by each of its departments.
    AssessmentSettings.objects.create(organisation=people.organisation, minimum_volume=3)
    services.assess_period(organisation=people.organisation, period=parse_period("2026Q2"), now=NOW)
    base = live_server.url
    log_in(browser, base, people.supervisor)

    # --- the dashboard, reached from the staff pages' navigation ----------------------
    browser.find_element(By.LINK_TEXT, "统计看板").click()
    wait_for(browser, "#id_period")
    Select(browser.find_element(By.ID, "id_period")).select_by_value("2026Q2")
    browser.find_element(By.CSS_SELECTOR, ".dashboard-filters button[type=submit]").click()
    ranking = wait_for(browser, "#chart-ranking svg")
    assert "2026年第2季度" in browser.find_element(By.TAG_NAME, "h1").text
    for slug in ("states", "overdue", "trends", "violations", "ranking"):
        chart = browser.find_element(By.ID, f"chart-{slug}")
        assert chart.find_element(By.TAG_NAME, "svg").size["height"] > 20, slug
        assert chart.find_element(By.CSS_SELECTOR, "table.chart-table").is_displayed(), slug
    rows = browser.find_elements(By.CSS_SELECTOR, "#chart-ranking tbody th")
    # Ranked (60.71, 20.44), then 首问办, which handled nothing and is not ranked.
    assert [row.text for row in rows] == ["社会事务科", "民政科", "首问办"]
    assert ranking.get_attribute("role") == "img"
    browser.save_screenshot(str(artifacts / "dashboard.png"))

    # --- the quarterly notice: printable on A4 -----------------------------------------
    browser.find_element(By.LINK_TEXT, "季度通报").click()
    header = wait_for(browser, ".doc-head")
    assert "城东区政务服务中心" in header.text
    assert "2026年第2季度" in browser.find_element(By.CSS_SELECTOR, ".doc-title").text
    assert "通报批评" in browser.find_element(By.TAG_NAME, "article").text
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, ".report-tools").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".site-header").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    pdf = base64.b64decode(printed["data"])
    (artifacts / "notice-print.pdf").write_bytes(pdf)
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 in points, from the print CSS
    assert reverse("reports:notice", args=["2026Q2"]) in browser.current_url
