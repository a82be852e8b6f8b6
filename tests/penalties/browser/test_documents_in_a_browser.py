"""A supervisor reads the quarterly notice as an official document, publishes it, and opens
the monthly red and black list, in Chromium; screenshots go to test-artifacts/."""

import base64
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from penalties import services
from penalties.models import Notice
from penalties.periods import parse_period
from tests.cases.browser.test_end_to_end import log_in, wait_for
from tests.penalties.metrics_data import NOW, build_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def printed_pdf(browser):
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    return base64.b64decode(printed["data"])


def test_the_notice_and_the_red_and_black_list_read_as_documents(
    browser, live_server, people, preset, artifacts
):
    from selenium.webdriver.common.by import By

    build_quarter(people, preset)
    for label in ("2026Q1", "2026Q2", "2026-05"):
        services.assess_period(
            organisation=people.organisation, period=parse_period(label), now=NOW
        )
    base = live_server.url
    browser.set_window_size(1280, 3600)  # the whole document in one screenshot
    log_in(browser, base, people.supervisor)

    # --- the draft: every part of the document, marked as a draft, no number ---------
    browser.get(base + reverse("reports:notice", args=["2026Q2"]))
    document = wait_for(browser, "article.official-document")
    issuer = browser.find_element(By.CSS_SELECTOR, ".doc-issuer")
    assert issuer.text == "城东区政务服务中心"
    assert issuer.value_of_css_property("color") == "rgba(212, 0, 0, 1)"
    assert browser.find_element(By.CSS_SELECTOR, ".doc-watermark").text == "草稿 · 未发布"
    assert (
        "草稿（未发布，发布时编号）" in browser.find_element(By.CSS_SELECTOR, ".doc-reference").text
    )
    title = browser.find_element(By.CSS_SELECTOR, ".doc-title")
    assert title.text == "关于2026年第2季度\n首问责任制落实情况的通报"
    assert title.value_of_css_property("font-size") == "29.3333px"  # 2号: 22pt
    body = browser.find_element(By.CSS_SELECTOR, ".doc-body p")
    assert body.value_of_css_property("font-size") == "21.3333px"  # 3号: 16pt
    assert browser.find_element(By.CSS_SELECTOR, ".doc-recipients").text == "各科室："
    assert "办结率40%，较上季度下降60个百分点" in document.text
    assert "周杰（社会事务科）：通报批评" in document.text
    assert browser.find_element(By.CSS_SELECTOR, ".doc-signatory").text == "城东区政务服务中心"
    assert re.fullmatch(
        r"\d{4}年\d{1,2}月\d{1,2}日", browser.find_element(By.CSS_SELECTOR, ".doc-date").text
    )
    rows = browser.find_elements(By.CSS_SELECTOR, ".doc-table tbody tr")
    assert len(rows) == 3
    assert "印发" in browser.find_element(By.CSS_SELECTOR, ".doc-imprint").text
    # The page is an A4 sheet: 210 mm wide, the text 156 mm (at 96 px to the inch).
    sheet = browser.find_element(By.CSS_SELECTOR, ".sheet")
    assert round(sheet.size["width"]) == round(210 / 25.4 * 96)
    browser.save_screenshot(str(artifacts / "notice-draft.png"))
    document.screenshot(str(artifacts / "notice-draft-document.png"))

    # --- publishing: confirmed, then numbered and locked ------------------------------
    with time_machine.travel(NOW, tick=True):
        browser.find_element(By.ID, "publish-notice").click()
        browser.switch_to.alert.accept()
        status = wait_for(browser, ".document-status.published")
    notice = Notice.objects.get()
    assert notice.reference == "CD〔2026〕1号"
    assert "CD〔2026〕1号" in status.text and "赵督办" in status.text
    assert browser.find_element(By.CSS_SELECTOR, ".doc-reference").text == "CD〔2026〕1号"
    assert not browser.find_elements(By.CSS_SELECTOR, ".doc-watermark")
    assert browser.find_element(By.CSS_SELECTOR, ".doc-date").text == "2026年7月1日"
    browser.find_element(By.CSS_SELECTOR, "article.official-document").screenshot(
        str(artifacts / "notice-published-document.png")
    )
    browser.save_screenshot(str(artifacts / "notice-published.png"))

    # --- in print: A4 with the standard's margins, page numbers, no tools ------------
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, ".report-tools").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".document-status").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = printed_pdf(browser)
    (artifacts / "notice-print.pdf").write_bytes(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert all((round(p.mediabox.width), round(p.mediabox.height)) == (595, 842) for p in pages)
    first = pages[0].extract_text()
    assert "CD〔2026〕1号" in first and "— 1 —" in first
    assert "2026年7月1日印发" in pages[-1].extract_text()

    # --- the red and black list: a sheet to post ------------------------------------
    browser.get(base + reverse("reports:red_black", args=["2026-05"]))
    header = wait_for(browser, ".posted-list .report-header")
    organisation = browser.find_element(By.CSS_SELECTOR, ".report-organisation")
    assert organisation.text == "城东区政务服务中心"
    assert organisation.value_of_css_property("color") == "rgba(212, 0, 0, 1)"
    assert browser.find_element(By.CSS_SELECTOR, ".posted-list h1").text == "2026年5月红黑榜"
    assert "统计期间：2026年5月1日至2026年5月31日" in header.text
    assert "打印日期" in header.text  # May is assessed, not locked
    sections = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".report-section h2")]
    assert sections[:4] == ["红榜（部门）", "红榜（个人）", "黑榜（部门）", "黑榜（个人）"]
    browser.save_screenshot(str(artifacts / "red-black.png"))
    pdf = printed_pdf(browser)
    (artifacts / "red-black-print.pdf").write_bytes(pdf)
    assert (round(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)) == 595
