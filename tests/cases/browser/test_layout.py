"""The case lists at a laptop's width and the staff desk on a phone, in Chromium: every
cell holds its content (at least its minimum width), and no desk page scrolls sideways."""

import pytest
from django.urls import reverse

from cases import services
from cases.attachments.content import check_bytes
from cases.choices import AttachmentSource
from tests.cases.attachments.conftest import attachment_store  # noqa: F401 (autouse)
from tests.cases.attachments.files import pdf_bytes
from tests.cases.browser.layout import (
    BROKEN_LABELS,
    CHANGELIST_OVERFLOW,
    LAPTOP,
    OVERFLOW,
    PHONE,
    SPILLING_CELLS,
    size_viewport,
)
from tests.cases.browser.test_end_to_end import log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_MATTER = "咨询城乡居民最低生活保障申请需要准备哪些材料，以及家庭收入如何核算，办理时限多长"


@pytest.fixture
def cases(org, register):
    made = [
        register(
            matter_text=f"{LONG_MATTER}（第{i}件）",
            person={"name": f"市民{i}", "phone": "13800000001"},
        )
        for i in range(6)
    ]
    for case in made[:4]:
        services.case_transfer(case=case, by=org.clerk.user, to_department=org.social)
    return made


def test_the_admin_case_list_holds_every_cell_at_a_laptops_width(
    browser, live_server, org, cases, artifacts
):
    log_in(browser, live_server.url, org.supervisor)
    size_viewport(browser, *LAPTOP)
    browser.get(live_server.url + reverse("admin:cases_case_changelist"))
    wait_for(browser, "#result_list")
    browser.save_screenshot(str(artifacts / "admin-cases-1366.png"))

    assert browser.execute_script(CHANGELIST_OVERFLOW) == 0  # no sideways scroll in the list
    assert browser.execute_script(OVERFLOW) <= 0  # nor on the page
    assert browser.execute_script(SPILLING_CELLS, "#result_list td, #result_list th") == []
    assert browser.execute_script(BROKEN_LABELS, "#result_list td, #result_list th") == []
    summary = browser.execute_script(
        "return document.querySelector('#result_list td.field-short_matter')"
        ".getBoundingClientRect().width;"
    )
    assert summary >= 150  # the matter is readable, not a sliver


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("clerk", "cases:my_cases"),
        ("handler", "cases:my_cases"),
        ("social_head", "cases:queue"),
        ("clerk", "cases:intake"),
    ],
)
def test_the_desk_fits_a_phone(browser, live_server, org, cases, artifacts, who, page):
    log_in(browser, live_server.url, getattr(org, who))
    size_viewport(browser, *PHONE)
    browser.get(live_server.url + reverse(page))
    wait_for(browser, "main")
    browser.save_screenshot(str(artifacts / f"desk-390-{who}-{page.split(':')[1]}.png"))

    assert browser.execute_script(OVERFLOW) <= 0
    assert browser.execute_script(SPILLING_CELLS, "main td, main th") == []
    assert browser.execute_script(BROKEN_LABELS, "main td, main th") == []


def test_the_case_page_fits_a_phone(browser, live_server, org, cases, artifacts):
    # With its files: one withdrawn (struck through, who/when/why), one to withdraw.
    wrong, _kept = services.case_attach(
        case=cases[0],
        files=[
            check_bytes("错传的另一位市民的身份证扫描件.pdf", pdf_bytes()),
            check_bytes("申请表.pdf", pdf_bytes()),
        ],
        by=org.clerk.user,
        source=AttachmentSource.DESK,
    )
    services.case_withdraw_attachment(
        attachment=wrong, by=org.clerk.user, reason="传错了，是另一位市民的材料，已当面说明"
    )
    log_in(browser, live_server.url, org.handler)
    size_viewport(browser, *PHONE)
    browser.get(live_server.url + reverse("cases:case", args=[cases[0].pk]))
    wait_for(browser, "main")
    browser.execute_script("document.querySelector('details.withdraw-attachment').open = true")
    browser.save_screenshot(str(artifacts / "desk-390-case.png"))

    assert browser.execute_script(OVERFLOW) <= 0
    assert browser.execute_script(SPILLING_CELLS, "#attachments td, #attachments th") == []
