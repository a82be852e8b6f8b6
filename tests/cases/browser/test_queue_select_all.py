"""The department head ticks every case of the queue at once and assigns them."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case
from tests.cases.browser.test_end_to_end import log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_select_all_ticks_every_case_of_the_page_for_the_bulk_assignment(
    browser, live_server, org, register
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    for i in range(3):
        case = register(matter_text=f"咨询低保{i}")
        services.case_transfer(case=case, by=org.clerk.user, to_department=org.social)
    log_in(browser, live_server.url, org.social_head)
    browser.get(live_server.url + reverse("cases:queue"))

    wait_for(browser, "#select-all").click()
    boxes = browser.find_elements(By.CSS_SELECTOR, 'input[name="cases"]')
    assert len(boxes) == 3 and all(box.is_selected() for box in boxes)
    boxes[0].click()  # one unticked: "all" is no longer ticked
    assert not browser.find_element(By.ID, "select-all").is_selected()
    browser.find_element(By.ID, "select-all").click()

    Select(browser.find_element(By.CSS_SELECTOR, "#bulk-assign select")).select_by_value(
        str(org.handler.pk)
    )
    browser.find_element(By.CSS_SELECTOR, "#bulk-assign button[type=submit]").click()
    wait_for(browser, ".message.success")

    assert set(Case.objects.values_list("handler", flat=True)) == {org.handler.pk}
