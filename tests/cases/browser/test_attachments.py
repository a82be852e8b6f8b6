"""In a real browser: a clerk attaches a scan at intake, and the handler the case is
transferred to finds it on the case page and opens it (a download: attachment, nosniff)."""

import pytest
from django.urls import reverse

from cases.choices import AttachmentSource, State
from cases.models import Case
from tests.cases.attachments.conftest import attachment_store  # noqa: F401 (fixture)
from tests.cases.attachments.files import pdf_bytes
from tests.cases.browser.test_end_to_end import chord, log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: "same-origin"}).then(async (response) => done({
    status: response.status,
    disposition: response.headers.get("Content-Disposition"),
    type: response.headers.get("Content-Type"),
    nosniff: response.headers.get("X-Content-Type-Options"),
    text: await response.text(),
})).catch((error) => done({error: String(error)}));
"""


def test_a_clerk_attaches_a_scan_at_intake_and_the_handler_opens_it(
    browser, live_server, org, artifacts, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    scan = tmp_path / "申请表扫描件.pdf"
    scan.write_bytes(pdf_bytes("signed application"))
    base = live_server.url

    # --- the clerk registers the case with the scan and transfers it ------------------
    log_in(browser, base, org.clerk)
    browser.get(base + reverse("cases:intake"))
    wait_for(browser, "#id_channel")
    browser.find_element(By.ID, "id_person_name").send_keys("市民甲")
    browser.find_element(By.ID, "id_person_phone").send_keys("13800000001")
    browser.find_element(By.ID, "id_matter_text").send_keys("申请最低生活保障，已带申请表")
    browser.find_element(By.ID, "id_attachments").send_keys(str(scan))
    chord(browser, Keys.ALT, "3")  # route: transfer
    Select(browser.find_element(By.ID, "id_to_department")).select_by_value(str(org.social.pk))
    browser.find_element(By.ID, "save").click()

    wait_for(browser, "#receipt")
    case = Case.objects.get()
    assert case.state == State.TRANSFERRED and case.current_department == org.social
    attachment = case.attachments.get()
    assert attachment.source == AttachmentSource.INTAKE
    assert attachment.original_name == "申请表扫描件.pdf"

    # --- the handler of the receiving department opens it from the case page -----------
    log_in(browser, base, org.handler)
    browser.get(base + reverse("cases:case", args=[case.pk]))
    link = wait_for(browser, "#attachments a.attachment-link")
    assert link.text == "申请表扫描件.pdf"
    assert "上传材料" in browser.find_element(By.CSS_SELECTOR, "#attachments").text
    browser.find_element(By.ID, "attachments").screenshot(str(artifacts / "attachments.png"))
    assert case.number not in link.get_attribute("href")

    opened = browser.execute_async_script(FETCH, link.get_attribute("href"))

    assert opened.get("error") is None, opened
    assert opened["status"] == 200
    assert opened["type"] == "application/pdf"
    assert opened["disposition"].startswith("attachment;")
    assert opened["nosniff"] == "nosniff"
    assert opened["text"] == pdf_bytes("signed application").decode()
    timeline = browser.find_element(By.CSS_SELECTOR, ".timeline").text
    assert "申请表扫描件.pdf" in timeline
