"""The dashboard as a manager sees it in Chromium: the headline figures above the fold and
chart text of at least 12 px on screen, labels apart, at a laptop's width and a narrow one."""

import pytest
from django.urls import reverse

from tests.cases.browser.test_end_to_end import log_in, wait_for
from tests.penalties.metrics_data import build_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Per chart: the smallest text on screen (its font size times the SVG's scale), and
# whether two month labels of the trend overlap.
MEASURE = """
return Array.from(document.querySelectorAll('.chart svg')).map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = Array.from(svg.querySelectorAll('text'));
  const smallest = Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
  const ticks = texts.filter(t => t.getAttribute('text-anchor') === 'middle')
    .map(t => t.getBoundingClientRect())
    .filter(r => r.width > 0)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  let overlap = false;
  for (let i = 1; i < ticks.length; i++) {
    const a = ticks[i - 1], b = ticks[i];
    if (Math.abs(a.top - b.top) < 1 && a.right > b.left) overlap = true;
  }
  return [svg.closest('section').id, smallest, overlap];
});
"""


def test_headline_and_readable_charts_at_a_laptop_and_a_narrow_width(
    browser, live_server, people, preset, artifacts
):
    from selenium.webdriver.common.by import By

    build_quarter(people, preset)
    log_in(browser, live_server.url, people.supervisor)
    browser.set_window_size(1366, 768)
    browser.get(live_server.url + reverse("reports:dashboard") + "?period=2026Q2")
    wait_for(browser, "#headline")

    figures = browser.find_elements(By.CSS_SELECTOR, "#headline .figure")
    assert [f.find_element(By.CSS_SELECTOR, ".figure-label").text for f in figures] == [
        "受理量",
        "办结率",
        "及时办结率",
        "满意率",
        "当前超期",
    ]
    for figure in figures:  # all five above the fold of a 1366×768 screen
        assert figure.rect["y"] + figure.rect["height"] / 2 < 768
    assert figures[0].find_element(By.CSS_SELECTOR, ".figure-value").text == "5"
    browser.save_screenshot(str(artifacts / "dashboard-1366.png"))

    for width in (1366, 800):
        browser.set_window_size(width, 900)
        measured = browser.execute_script(MEASURE)
        assert {chart for chart, _size, _overlap in measured} >= {
            "chart-trends",
            "chart-states",
            "chart-overdue",
            "chart-ranking",
        }
        for chart, smallest, overlap in measured:
            assert smallest >= 12, (width, chart, smallest)
            assert not overlap, (width, chart)
    browser.save_screenshot(str(artifacts / "dashboard-800.png"))
