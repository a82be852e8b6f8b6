"""The person's side in a real browser: the date on the receipt stays what was promised
while the office signs for, returns and re-sends the case; the person rates the handling
on the lookup page and a bad rating reaches the supervising office, which has the case
handled again."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.choices import ReviewStatus, State
from cases.forms.actions import NO_DUTY_ITEM
from cases.models import Case, Rating
from tests.cases.browser.test_end_to_end import act, log_in, wait_for
from tests.cases.time_limits import make_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sent_at_the_desk(org, text):
    return services.case_register_and_route(
        route=services.Route.TRANSFER,
        routing={"to_department": org.social},
        by=org.clerk.user,
        channel="visit",
        kind="application",
        matter_text=text,
        matter=org.matter,
        person={"name": "市民甲", "phone": "13800000001"},
    )


def receipt_promise(driver, base, case):
    """The 承诺办结时间 line of the printed receipt, as the browser shows it."""
    driver.get(base + reverse("cases:receipt", args=[case.pk]))
    wait_for(driver, "#receipt")
    return driver.execute_script(
        "const dt = [...document.querySelectorAll('#receipt dt')]"
        ".find(e => e.textContent.trim() === '承诺办结时间');"
        "return dt ? dt.nextElementSibling.textContent.trim() : null;"
    )


def test_the_receipt_s_date_is_unchanged_after_sign_for_and_a_return(
    browser, live_server, org, artifacts
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    make_policy(org.organisation)
    base = live_server.url
    signed, returned = sent_at_the_desk(org, "咨询低保申请"), sent_at_the_desk(org, "办理结婚登记")
    log_in(browser, base, org.clerk)
    printed = {case.pk: receipt_promise(browser, base, case) for case in (signed, returned)}
    assert all(printed.values())
    assert printed[signed.pk] == f"{timezone.localtime(signed.promised_by):%Y-%m-%d %H:%M}"

    # --- the receiving handler signs for one (early) and returns the other ----------------
    log_in(browser, base, org.handler)
    act(browser, base, signed, "accept")
    browser.get(base + reverse("cases:case", args=[returned.pk]))
    wait_for(browser, "#action-return_transfer summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "#action-return_transfer form")
    Select(form.find_element(By.NAME, "return_transfer-duty_item")).select_by_value(NO_DUTY_ITEM)
    form.find_element(By.NAME, "return_transfer-reason").send_keys("婚姻登记不属本科职责")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, ".message.success")
    assert Case.objects.get(pk=returned.pk).state == State.REGISTERED

    # --- the desk sends it on to 民政科, which signs for it ----------------------------------
    services.case_transfer(
        case=Case.objects.get(pk=returned.pk), by=org.clerk.user, to_department=org.civil
    )
    log_in(browser, base, org.civil_handler)
    act(browser, base, Case.objects.get(pk=returned.pk), "accept")

    # --- the reprinted receipts and the lookup page still say what was promised ------------
    log_in(browser, base, org.clerk)
    for case in (signed, returned):
        assert receipt_promise(browser, base, case) == printed[case.pk]
    browser.find_element(By.CSS_SELECTOR, "#receipt").screenshot(
        str(artifacts / "receipt-after-return.png")
    )
    browser.delete_all_cookies()
    browser.get(
        base
        + reverse("public:lookup", args=[org.organisation.code])
        + f"?number={returned.number}&code={returned.query_code}"
    )
    assert wait_for(browser, "#lookup-promised").text == printed[returned.pk]
    signed = Case.objects.select_related("current_clock").get(pk=signed.pk)
    assert signed.current_clock.stage == "resolve"
    assert f"{timezone.localtime(signed.current_clock.due_at):%Y-%m-%d %H:%M}" != printed[signed.pk]


def test_a_person_rates_a_resolved_case_and_the_bad_rating_reaches_the_supervising_office(
    browser, live_server, org, resolved, artifacts
):
    from selenium.webdriver.common.by import By

    base = live_server.url

    # --- the person looks the case up with the receipt's number and code, and rates it ----
    browser.get(
        base
        + reverse("public:lookup", args=[org.organisation.code])
        + f"?number={resolved.number}&code={resolved.query_code}"
    )
    form = wait_for(browser, "#rating-form")
    form.find_element(By.CSS_SELECTOR, "input[value=very_dissatisfied]").click()
    form.find_element(By.NAME, "comment").send_keys("答复敷衍，问题没有解决")
    browser.find_element(By.CSS_SELECTOR, "#lookup-result").screenshot(
        str(artifacts / "rating-form.png")
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "复核" in wait_for(browser, "#rating-done").text  # the office will review it
    rating = Rating.objects.get(case=resolved)
    assert rating.review_status == ReviewStatus.OPEN

    # --- it is on the case's timeline; the supervising office finds it awaiting review ----
    log_in(browser, base, org.supervisor)
    browser.get(base + reverse("admin:cases_rating_changelist") + "?review_status__exact=open")
    listing = wait_for(browser, "#result_list")
    assert resolved.number in listing.text
    browser.get(base + reverse("cases:case", args=[resolved.pk]))
    assert "答复敷衍" in wait_for(browser, ".timeline").text

    # --- and has it handled again by the department that resolved it -------------------
    act(browser, base, resolved, "redo", {"note": "请重新核实并当面答复"})
    case = Case.objects.get(pk=resolved.pk)
    assert (case.state, case.round, case.current_department) == (State.TRANSFERRED, 2, org.social)
    rating.refresh_from_db()
    assert (rating.review_status, rating.reviewed_by) == (ReviewStatus.REDONE, org.supervisor)
