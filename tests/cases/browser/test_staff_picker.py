"""At intake the clerk finds the first-inquiry person and the suggested handler by typing,
as for the matter; nobody is listed in the page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases.models import Case
from departments.models.roster import DutyRole, Shift
from tests.cases.browser.test_end_to_end import log_in, wait_for
from tests.cases.conftest import T0
from tests.factories import DutyRosterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_clerk_finds_the_person_asked_and_the_handler_by_typing(browser, live_server, org):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    log_in(browser, live_server.url, org.clerk)
    browser.get(live_server.url + reverse("cases:intake"))
    box = wait_for(browser, "#id_first_staff-search")
    assert box.get_attribute("value").startswith("王芳（")  # the clerk is proposed

    box.clear()
    box.send_keys("陈主任")
    wait_for(browser, "#id_first_staff-results li[aria-selected=true]")
    box.send_keys(Keys.ENTER)
    assert browser.find_element(By.ID, "id_first_staff").get_attribute("value") == str(
        org.clerk_chief.pk
    )
    assert box.get_attribute("value").startswith("陈主任（")

    browser.find_element(By.ID, "id_matter_text").send_keys("咨询低保申请需要什么材料")
    browser.find_element(By.CSS_SELECTOR, "input[name=route][value=transfer]").click()
    Select(browser.find_element(By.ID, "id_to_department")).select_by_value(str(org.social.pk))
    handler = browser.find_element(By.ID, "id_handler-search")
    handler.send_keys("李")  # 李娜 of 社会事务科; only its staff are offered
    option = wait_for(browser, "#id_handler-results li[aria-selected=true]")
    assert "社会事务科" in option.text
    handler.send_keys(Keys.ENTER)
    browser.find_element(By.ID, "save").click()
    wait_for(browser, "#receipt")

    case = Case.objects.get()
    assert (case.first_staff, case.current_department) == (org.clerk_chief, org.social)
    assert case.current_transfer.note.endswith("李娜")


def test_the_receiving_departments_person_on_duty_is_proposed_as_handler(browser, live_server, org):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    DutyRosterFactory(
        staff=org.social_clerk, date=T0.date(), shift=Shift.DAY, role=DutyRole.DEPARTMENT
    )
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=True):
        log_in(browser, live_server.url, org.clerk)
        browser.get(live_server.url + reverse("cases:intake"))
        wait_for(browser, "#id_first_staff-search")
        browser.find_element(By.CSS_SELECTOR, "input[name=route][value=transfer]").click()
        Select(browser.find_element(By.ID, "id_to_department")).select_by_value(str(org.social.pk))
        WebDriverWait(browser, 10).until(
            lambda driver: driver.find_element(By.ID, "id_handler").get_attribute("value")
        )

        assert browser.find_element(By.ID, "id_handler").get_attribute("value") == str(
            org.social_clerk.pk
        )
        assert "周杰" in browser.find_element(By.ID, "id_handler-search").get_attribute("value")
