"""A case from the desk to the public lookup, in a real browser.

The clerk registers it with the keyboard alone, it is transferred at the desk, the
receiving handler signs for it and resolves it, the clerk calls back, and anyone can
look it up on the public page with the code on the receipt.
"""

import pytest
from django.urls import reverse

from cases.choices import State
from cases.models import Case
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 10


def wait_for(driver, css):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, css))
    )


def log_in(driver, base, staff):
    """Log in through the form; a role with two-factor login types its authenticator's
    current code on the second step."""
    from selenium.webdriver.common.keys import Keys

    from departments.two_factor import requires_two_factor
    from tests.two_factor import authenticator_of, current_code

    device = authenticator_of(staff.user) if requires_two_factor(staff.user) else None
    driver.delete_all_cookies()
    driver.get(base + reverse("login"))
    username = wait_for(driver, "#id_username")
    username.send_keys(staff.user.username, Keys.TAB, PASSWORD, Keys.ENTER)
    if device is not None:
        wait_for(driver, "#id_code").send_keys(current_code(device), Keys.ENTER)
    wait_for(driver, ".main-nav")


def act(driver, base, case, action, fill=None):
    """Open the case page, unfold one action's form, fill it in and submit it."""
    from selenium.webdriver.common.by import By

    driver.get(base + reverse("cases:case", args=[case.pk]))
    wait_for(driver, f"#action-{action} summary").click()
    form = driver.find_element(By.CSS_SELECTOR, f"#action-{action} form")
    for name, value in (fill or {}).items():
        field = form.find_element(By.NAME, f"{action}-{name}")
        if field.tag_name == "select":
            from selenium.webdriver.support.ui import Select

            Select(field).select_by_value(value)
        else:
            field.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, ".message.success")


def keys(driver, *sequence):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*sequence).perform()


def chord(driver, modifier, key):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).key_down(modifier).send_keys(key).key_up(modifier).perform()


def test_a_case_from_the_desk_to_the_public_lookup(browser, live_server, org, artifacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base = live_server.url
    log_in(browser, base, org.clerk)

    # --- intake, keyboard only: the channel has the focus when the page opens -------
    browser.get(base + reverse("cases:intake"))
    wait_for(browser, "#id_channel")
    assert browser.switch_to.active_element.get_attribute("id") == "id_channel"
    # channel → kind → urgency → anonymous → confidential → name → phone
    keys(
        browser, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, "市民甲", Keys.TAB, "13800000001"
    )
    browser.find_element(By.ID, "id_matter_text").send_keys("咨询低保申请需要什么材料")
    chord(browser, Keys.ALT, "m")
    keys(browser, "生活保障")
    wait_for(browser, "#matter-results li[aria-selected=true]")
    keys(browser, Keys.ENTER)  # picks the matter; the department is proposed
    wait_for(browser, "#matter-panel")
    assert "社会事务科" in browser.find_element(By.ID, "matter-panel").text
    chord(browser, Keys.ALT, "3")  # route: transfer
    assert browser.find_element(By.ID, "id_to_department").get_attribute("value") == str(
        org.social.pk
    )
    chord(browser, Keys.CONTROL, Keys.ENTER)

    receipt = wait_for(browser, "#receipt")
    case = Case.objects.get()
    assert case.state == State.TRANSFERRED
    assert case.current_department == org.social
    assert case.number in receipt.text
    assert case.query_code in receipt.text
    receipt.screenshot(str(artifacts / "receipt.png"))
    lookup_address = browser.find_element(By.CSS_SELECTOR, "#receipt .url").text

    # --- the receiving handler signs for it and resolves it ---------------------------
    log_in(browser, base, org.handler)
    browser.get(base + reverse("cases:my_cases") + "?tab=incoming")
    wait_for(browser, f"tr[data-case='{case.pk}']")
    act(browser, base, case, "accept")
    act(browser, base, case, "resolve", {"outcome": "handled", "result": "已受理低保申请"})
    case.refresh_from_db()
    assert case.state == State.RESOLVED

    # --- the first-inquiry person calls back --------------------------------------------
    log_in(browser, base, org.clerk)
    act(
        browser, base, case, "call_back", {"contact_result": "reached", "satisfaction": "satisfied"}
    )
    case.refresh_from_db()
    assert case.state == State.CALLED_BACK

    # --- anyone looks it up with the receipt's address (the QR code) and by typing ----
    browser.delete_all_cookies()
    browser.get(lookup_address)
    assert wait_for(browser, "#lookup-department").text.startswith("社会事务科")
    browser.get(base + reverse("public:lookup", args=[org.organisation.code]))
    wait_for(browser, "#id_number").send_keys(case.number, Keys.TAB, case.query_code, Keys.ENTER)
    assert wait_for(browser, "#lookup-result").is_displayed()
    assert "市民甲" not in browser.page_source


def test_a_return_proposes_the_department_and_the_desk_re_transfers_it(
    browser, live_server, org, register, artifacts
):
    """The receiving department returns a case naming the duty-list item and the right
    department; the desk sees it marked at the top of its list and sends it there in one
    click; the new department corrects the matter it was registered under."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from tests.factories import MatterFactory

    marriage = MatterFactory(organisation=org.organisation, department=org.civil, name="婚姻登记")
    lights = MatterFactory(organisation=org.organisation, department=org.civil, name="路灯报修")
    base = live_server.url
    register(matter_text="办理结婚登记需要什么")
    case = Case.objects.get()
    register(matter_text="咨询社保缴费", person={"name": "市民乙", "phone": "13800000002"})
    from cases import services

    services.case_transfer(case=case, by=org.clerk.user, to_department=org.social)

    # --- the receiving handler returns it: which duty-list item, which department -----
    log_in(browser, base, org.handler)
    browser.get(base + reverse("cases:case", args=[case.pk]))
    wait_for(browser, "#action-return_transfer summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "#action-return_transfer form")
    Select(form.find_element(By.NAME, "return_transfer-duty_item")).select_by_value(
        str(marriage.pk)
    )
    form.find_element(By.NAME, "return_transfer-reason").send_keys("婚姻登记属民政科职责")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, ".message.success")
    case.refresh_from_db()
    assert case.state == State.REGISTERED
    assert case.current_transfer.proposed_department == org.civil

    # --- the desk: marked, first in the list, one click sends it to 民政科 -------------
    log_in(browser, base, org.clerk)
    browser.get(base + reverse("cases:my_cases"))
    first_row = wait_for(browser, "table.cases tbody tr")
    assert first_row.get_attribute("data-case") == str(case.pk)
    assert first_row.find_element(By.CSS_SELECTOR, ".tag.returned").is_displayed()
    button = first_row.find_element(By.CSS_SELECTOR, f"[data-retransfer='{case.pk}']")
    assert "民政科" in button.text
    browser.find_element(By.CSS_SELECTOR, "main").screenshot(str(artifacts / "desk-returned.png"))
    button.click()
    wait_for(browser, ".message.success")
    case.refresh_from_db()
    assert case.state == State.TRANSFERRED
    assert case.current_department == org.civil

    # --- 民政科 signs for it and corrects the matter it was registered under --------
    log_in(browser, base, org.civil_handler)
    act(browser, base, case, "accept")
    driver = browser
    driver.get(base + reverse("cases:case", args=[case.pk]))
    wait_for(driver, "#action-reclassify summary").click()
    form = driver.find_element(By.CSS_SELECTOR, "#action-reclassify form")
    Select(form.find_element(By.NAME, "reclassify-matter")).select_by_value(str(lights.pk))
    Select(form.find_element(By.NAME, "reclassify-kind")).select_by_value("report")
    form.find_element(By.NAME, "reclassify-reason").send_keys("实为路灯报修")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, ".message.success")
    timeline = driver.find_element(By.CSS_SELECTOR, ".timeline").text
    assert "实为路灯报修" in timeline
    case.refresh_from_db()
    assert (case.matter, case.kind) == (lights, "report")


def test_the_intake_form_offers_duplicates_while_the_phone_is_typed(
    browser, live_server, org, register, artifacts
):
    from selenium.webdriver.common.by import By

    earlier = register()
    register(kind="report", person={"name": "举报人", "phone": "13800000001"})
    base = live_server.url
    log_in(browser, base, org.clerk)
    browser.get(base + reverse("cases:intake"))
    wait_for(browser, "#id_person_name").send_keys("市民甲")
    browser.find_element(By.ID, "id_person_phone").send_keys("13800000001")

    panel = wait_for(browser, "#duplicates")
    rows = panel.find_elements(By.CSS_SELECTOR, "tbody tr")
    # The confidential report with the same phone is never offered.
    assert [row.find_element(By.TAG_NAME, "a").text for row in rows] == [earlier.number]
    browser.execute_script("arguments[0].scrollIntoView()", panel)
    browser.find_element(By.ID, "intake-form").screenshot(str(artifacts / "intake-duplicates.png"))

    rows[0].find_element(By.CSS_SELECTOR, "input[name=related]").click()
    browser.find_element(By.ID, "id_matter_text").send_keys("再次咨询低保材料")
    browser.find_element(By.ID, "id_result").send_keys("已解答")
    browser.find_element(By.ID, "save").click()
    wait_for(browser, "#receipt")
    new = Case.objects.order_by("-pk").first()
    assert list(new.related_cases.all()) == [earlier]
