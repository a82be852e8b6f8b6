"""The quarterly notice and the monthly red and black list: page, XLSX, PDF, who reads them."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from penalties import services
from penalties.models import AssessmentSettings
from penalties.periods import parse_period

from .metrics_data import NOW, build_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(people, preset):
    return build_quarter(people, preset)


@pytest.fixture
def assessed(people, quarter):
    # The hand-built quarter is small: 3 cases handled by each of its departments.
    AssessmentSettings.objects.create(organisation=people.organisation, minimum_volume=3)
    run = services.assess_period(
        organisation=people.organisation, period=parse_period("2026Q2"), now=NOW
    )
    services.assess_period(
        organisation=people.organisation, period=parse_period("2026-05"), now=NOW
    )
    return run


def test_the_notice_shows_the_organisation_period_ranking_penalties_and_commendations(
    client, people, assessed
):
    client.force_login(people.supervisor.user)

    page = client.get(reverse("reports:notice", args=["2026Q2"]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "城东区政务服务中心" in text
    assert "2026年第2季度（2026年4月1日至2026年6月30日）" in text
    # Ranked first (60.71 and 20.44), then 首问办, which handled nothing: 不参评.
    assert text.index("社会事务科") < text.index("民政科") < text.index("不参评")
    assert "通报批评" in text  # the colleague's penalty of May
    assert "季度红榜" in text  # the commendation of 民政科
    assert "penalties/reports.css" in text  # @page A4 and the print rules
    stylesheet = settings.BASE_DIR / "penalties/static/penalties/reports.css"
    assert "@page { size: A4" in stylesheet.read_text()


def test_the_notice_is_provisional_only_while_its_quarter_runs(client, people, quarter):
    import time_machine

    from .metrics_data import at

    client.force_login(people.auditor.user)
    url = reverse("reports:notice", args=["2026Q2"])

    with time_machine.travel(at(6, 20, 12), tick=False):
        page = client.get(url)
        workbook = client.get(url, {"format": "xlsx"})
    with time_machine.travel(NOW, tick=False):  # ended, not assessed by the beat yet
        ended = client.get(url)
        ended_workbook = client.get(url, {"format": "xlsx"})

    assert page.status_code == 200
    assert "数据为临时结果" in page.content.decode()
    assert "尚未考核" in load_workbook(io.BytesIO(workbook.content)).active["A2"].value
    assert "数据为临时结果" not in ended.content.decode()
    assert "临时" not in load_workbook(io.BytesIO(ended_workbook.content)).active["A2"].value


def test_the_notice_downloads_as_a_workbook_with_chinese_sheets_real_dates_and_no_formulas(
    client, people, assessed
):
    people.civil.name = '=HYPERLINK("http://x")'
    people.civil.save()
    client.force_login(people.supervisor.user)

    response = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "xlsx"})

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["部门排名", "先进部门", "末位部门", "责任追究", "表扬"]
    ranking = [[cell.value for cell in row] for row in book["部门排名"].iter_rows(min_row=3)]
    assert ranking[0][:4] == ["名次", "部门", "办理量", "得分"]
    assert ranking[2][1] == '=HYPERLINK("http://x")'  # as typed: a string cell is no formula
    assert all(cell.data_type != "f" for row in book["部门排名"].iter_rows() for cell in row)
    penalties = list(book["责任追究"].iter_rows(min_row=4, values_only=True))
    assert penalties[0][0].date().isoformat() == "2026-05-10"
    assert response["Content-Disposition"].endswith('notice-CD-2026Q2.xlsx"')


def test_the_notice_workbook_has_a_title_the_period_and_a_printable_header(
    client, people, assessed
):
    client.force_login(people.supervisor.user)

    response = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "xlsx"})

    for sheet in load_workbook(io.BytesIO(response.content)).worksheets:
        assert sheet["A1"].value == "城东区政务服务中心 2026年第2季度 季度通报"
        assert sheet["A2"].value.startswith("考核期：2026-04-01 至 2026-06-30 · ")
        assert sheet["A2"].value.endswith(" 导出")
        assert sheet["A3"].font.bold and sheet.freeze_panes == "A4"
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0


def test_the_notice_workbook_has_rates_as_percentages_and_sanction_amounts_as_numbers(
    client, people, assessed
):
    client.force_login(people.supervisor.user)

    response = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "xlsx"})

    book = load_workbook(io.BytesIO(response.content))
    ranking = book["部门排名"]
    header = [cell.value for cell in ranking[3]]
    rates = [
        ranking.cell(row, header.index(name) + 1)
        for row in range(4, ranking.max_row + 1)
        for name in ("及时办结率", "办结率", "满意率")
    ]
    measured = [cell for cell in rates if cell.value is not None]
    assert measured and all(cell.number_format == "0.00%" for cell in measured)
    assert all(isinstance(cell.value, float) and 0 <= cell.value <= 1 for cell in measured)
    assert all(cell.data_type == "n" for cell in rates)  # "—" is an empty cell, not text
    penalties = book["责任追究"]
    header = [cell.value for cell in penalties[3]]
    assert header[3:6] == ["处理", "数额", "上限"]
    sanctions = {
        (row[3], row[4], row[5]) for row in penalties.iter_rows(min_row=4, values_only=True)
    }
    assert ("扣减年度绩效奖金（%）", 20, None) in sanctions
    assert ("扣减年度绩效奖金（%）", 5, None) in sanctions
    assert ("通报批评", None, None) in sanctions


def test_the_notice_downloads_as_a_pdf(client, people, assessed):
    client.force_login(people.supervisor.user)

    response = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "pdf"})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"STSong" not in response.content


def test_the_red_and_black_list_names_the_best_and_the_worst_of_the_month(client, people, assessed):
    client.force_login(people.supervisor.user)

    page = client.get(reverse("reports:red_black", args=["2026-05"]))
    book = load_workbook(
        io.BytesIO(
            client.get(reverse("reports:red_black", args=["2026-05"]), {"format": "xlsx"}).content
        )
    )

    assert page.status_code == 200
    assert "2026年5月" in page.content.decode()
    assert book.sheetnames[:4] == ["红榜（部门）", "红榜（个人）", "黑榜（部门）", "黑榜（个人）"]
    violations = list(book["查实违规"].iter_rows(min_row=4, values_only=True))
    assert [row[1] for row in violations] == ["周杰"]
    # 周杰's complaint substantiated on 10 May puts him on the black list, with it.
    black = list(book["黑榜（个人）"].iter_rows(min_row=4, values_only=True))
    assert [(row[1], row[-1]) for row in black] == [("周杰", "群众投诉工作人员（2026-05-10）")]
    red = book["红榜（个人）"].iter_rows(min_row=4, values_only=True)
    assert "周杰" not in [row[1] for row in red]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("notice", ["2026-05"]),
        ("notice", ["2026Q9"]),
        ("red_black", ["2026Q2"]),
        ("red_black", ["x"]),
    ],
)
def test_a_wrong_period_is_not_found(client, people, name, args):
    client.force_login(people.supervisor.user)

    assert client.get(reverse(f"reports:{name}", args=args)).status_code == 404


@pytest.mark.parametrize("who", ["clerk", "head"])
def test_clerks_and_heads_do_not_read_the_reports(client, people, who):
    client.force_login(getattr(people, who).user)

    assert client.get(reverse("reports:notice", args=["2026Q2"])).status_code == 403
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_each_organisation_reads_its_own_reports_only(
    client, people, assessed, other_administrator
):
    client.force_login(other_administrator.user)

    text = client.get(reverse("reports:notice", args=["2026Q2"])).content.decode()

    assert "社会事务科" not in text and "城西区政务服务中心" in text


def test_the_red_and_black_list_is_headed_as_a_sheet_to_post(client, people, assessed):
    from pypdf import PdfReader

    from penalties.models import AssessmentPeriod

    from .metrics_data import at

    client.force_login(people.auditor.user)
    url = reverse("reports:red_black", args=["2026-05"])
    before = client.get(url).content.decode()
    may = AssessmentPeriod.objects.get(organisation=people.organisation, label="2026-05")
    services.assessment_lock(by=people.supervisor.user, run=may, now=at(6, 2, 10))

    page = client.get(url).content.decode()
    pdf = PdfReader(io.BytesIO(client.get(url, {"format": "pdf"}).content))

    assert "打印日期" in before and "排名尚未锁定" in before
    assert '<p class="report-organisation">城东区政务服务中心</p>' in page
    assert "<h1>2026年5月红黑榜</h1>" in page
    assert "统计期间：2026年5月1日至2026年5月31日 · 发布日期：2026年6月2日" in page
    assert "排名尚未锁定" not in page and "onclick" not in page
    text = pdf.pages[0].extract_text()
    for part in ("城东区政务服务中心", "2026年5月红黑榜", "发布日期：2026年6月2日", "黑榜（个人）"):
        assert part in text
    assert (round(pdf.pages[0].mediabox.width), round(pdf.pages[0].mediabox.height)) == (595, 842)
