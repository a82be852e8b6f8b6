"""The quarterly notice (通报) as an official document: a draft until a supervisor publishes
it; then numbered per organisation and year, locked, and never changed."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from departments.roles import Role
from penalties import services
from penalties.errors import ActionNotAllowed
from penalties.models import AssessmentPeriod, Notice, NoticeSettings
from penalties.periods import parse_period
from penalties.reports import notice_pdf
from penalties.reports.notice_document import NoticeDocument
from tests.factories import DepartmentFactory, StaffFactory

from .conftest import SHANGHAI
from .metrics_data import NOW, at, build_quarter

pytestmark = pytest.mark.django_db
Q1, Q2 = parse_period("2026Q1"), parse_period("2026Q2")


@pytest.fixture
def quarter(people, preset):
    return build_quarter(people, preset)


@pytest.fixture
def assessed(people, quarter):
    for period in (Q1, Q2):
        services.assess_period(organisation=people.organisation, period=period, now=NOW)


def publish(people, period=Q2, now=NOW, by=None):
    return services.notice_publish(
        by=(by or people.supervisor).user, organisation=people.organisation, period=period, now=now
    )


def page_text(client, label="2026Q2"):
    response = client.get(reverse("reports:notice", args=[label]))
    assert response.status_code == 200
    return response.content.decode()


# --- the draft ---------------------------------------------------------------------------


def test_the_draft_has_every_part_of_the_document_but_no_number(client, people, assessed):
    client.force_login(people.auditor.user)

    text = page_text(client)

    assert '<p class="doc-issuer issuer-48">城东区政务服务中心</p>' in text
    assert "草稿（未发布，发布时编号）" in text and "〔" not in text
    assert "关于2026年第2季度<br>首问责任制落实情况的通报" in text
    assert '<p class="doc-recipients">各科室：</p>' in text
    for heading in ("一、总体情况", "二、考核排名", "三、违规查处情况", "四、表扬情况"):
        assert f'<p class="doc-heading">{heading}</p>' in text
    assert "附件：</span>2026年第2季度各科室考核排名" in text
    assert '<p class="doc-signatory">城东区政务服务中心</p>' in text
    assert re.search(r'<p class="doc-date">\d{4}年\d{1,2}月\d{1,2}日</p>', text)
    assert "印发</span>" in text
    assert "publish-notice" not in text  # auditors read, supervisors publish
    assert "<script>" not in text and "onclick" not in text


def test_a_supervisor_is_offered_to_publish_a_finally_assessed_quarter_only(
    client, people, quarter
):
    client.force_login(people.supervisor.user)
    assert "publish-notice" not in page_text(client)  # not assessed yet: a provisional draft

    services.assess_period(organisation=people.organisation, period=Q2, now=NOW)

    assert 'id="publish-notice"' in page_text(client)


def test_the_organisations_notice_settings_head_and_close_the_document(client, people, assessed):
    NoticeSettings.objects.create(
        organisation=people.organisation,
        issuer="城东区政务服务中心文件",
        abbreviation="城政服",
        recipients="各科室、各窗口",
        copy_to="区纪委监委、区政府办",
        printer="城东区政务服务中心首问办",
    )

    notice = publish(people)
    document = NoticeDocument.from_snapshot(notice.content)

    assert notice.reference == "城政服〔2026〕1号"
    assert (document.issuer, document.recipients) == ("城东区政务服务中心文件", "各科室、各窗口")
    assert (document.copy_to, document.printer) == (
        "区纪委监委、区政府办",
        "城东区政务服务中心首问办",
    )
    assert document.signatory == "城东区政务服务中心"


# --- the narrative -----------------------------------------------------------------------


def test_the_narrative_states_the_hand_computed_numbers_of_the_quarter(people, assessed):
    document = NoticeDocument.from_snapshot(publish(people).content)
    body = [block.text for block in document.body]

    # 2026 Q2 (tests/penalties/test_metrics.py): 5 registered, 2 transferred, 3 resolved;
    # resolution 2/5, on time 1/3, called back 2/3, satisfied 2/3 ratings. Q1: only c4,
    # registered the evening before and resolved since: resolution 1/1; nothing else to
    # measure in Q1, so the other rates have no comparison.
    assert body[2] == (
        "本季度共登记首问事项5件，转办2件，办结3件（上季度登记1件）；"
        "办结率40%，较上季度下降60个百分点；及时办结率33.33%；回访率66.67%；满意率66.67%。"
    )
    # 周杰's substantiated complaint of 10 May: the municipal preset's first offence.
    assert body[6] == (
        "本季度查实违规1起（群众投诉工作人员1起），涉及1人。依照责任追究办法，对下列人员和科室作出处理："
    )
    assert body[7] == "周杰（社会事务科）：通报批评，扣减年度绩效奖金20%，不得评为优秀。"
    assert body[8] == "张科长（社会事务科）：扣减年度绩效奖金5%。"
    assert body[10] == "本季度共表扬2次：王芳（社会事务科），热情；民政科，季度红榜。"


def test_a_quarter_of_many_commendations_is_counted_with_those_commended_most(people, assessed):
    from penalties.reports.selectors import NAMED_COMMENDATIONS

    # The hand-built quarter commends 王芳 and 民政科 once each; 21 more, by a supervisor.
    for times, staff in ((12, people.clerk), (5, people.colleague), (4, people.civil_clerk)):
        for day in range(1, times + 1):
            services.commendation_record(
                by=people.supervisor.user, staff=staff, reason=f"表扬{day}", at=at(5, day)
            )
    assert NAMED_COMMENDATIONS < 2 + 12 + 5 + 4

    body = [block.text for block in NoticeDocument.from_snapshot(publish(people).content).body]

    assert body[10] == (
        "本季度共表扬23次（督办人员23次），涉及工作人员3人、科室2个。"
        "受表扬较多的有：王芳（社会事务科）13次；周杰（社会事务科）5次；刘洋（民政科）4次；"
        "民政科1次。全部表扬名单见本通报的电子表格。"
    )


def test_the_narrative_names_the_ranking_s_best_and_bottom_departments(people, assessed):
    from django.utils import translation

    from penalties.reports import notice_narrative, selectors

    ranking = selectors.ranking(people.organisation, Q2, staff=False)
    body = [b.text for b in NoticeDocument.from_snapshot(publish(people).content).body]

    with translation.override("zh-hans"):
        assert body[4] == notice_narrative.ranking(
            ranking.best_departments,
            ranking.worst_departments,
            ranking.unranked_departments,
            ranking.minimum_volume,
        )
    assert body[3] == "二、考核排名"
    # The hand-built quarter's departments handled 3, 3 and 0 cases: none is 先进 or 末位.
    assert body[4] == (
        "本季度没有科室达到先进科室条件。本季度没有科室列入末位。"
        "民政科、社会事务科、首问办本季度办理工单不足5件，不参评。各科室考核得分及排名见附件。"
    )


def test_the_ranking_sentence_reads_the_best_and_the_bottom_with_their_scores():
    from decimal import Decimal
    from types import SimpleNamespace

    from django.utils import translation

    from penalties.reports import notice_narrative

    def row(name, score):
        return SimpleNamespace(department=name, score=Decimal(score))

    with translation.override("zh-hans"):
        both = notice_narrative.ranking(
            [row("首问办", "98.5"), row("民政科", "97")], [row("社会事务科", "60.25")]
        )
        neither = notice_narrative.ranking([], [])
        unranked = notice_narrative.ranking([row("首问办", "98.5")], [], [row("民政科", "100")], 5)

    assert both == (
        "经综合考核，首问办（98.50分）、民政科（97.00分）为本季度先进科室。"
        "社会事务科（60.25分）排名末位，请认真查找原因，限期整改。各科室考核得分及排名见附件。"
    )
    assert neither == (
        "本季度没有科室达到先进科室条件。本季度没有科室列入末位。各科室考核得分及排名见附件。"
    )
    assert unranked == (
        "经综合考核，首问办（98.50分）为本季度先进科室。本季度没有科室列入末位。"
        "民政科本季度办理工单不足5件，不参评。各科室考核得分及排名见附件。"
    )


def test_a_rate_with_nothing_to_measure_is_left_out_of_the_narrative():
    from django.utils import translation

    from penalties.metrics import Numbers
    from penalties.reports import notice_narrative

    with translation.override("zh-hans"):
        text = notice_narrative.overall(Numbers(registered=2, to_resolve=2, done=2), Numbers())

    assert text == "本季度共登记首问事项2件，转办0件，办结0件；办结率100%。"


def test_the_violations_are_counted_by_kind_in_the_order_they_first_occurred():
    from django.utils import translation

    from penalties.reports import notice_narrative
    from penalties.reports.selectors import ViolationCounts

    counted = ViolationCounts(count=3, kinds=[("群众投诉工作人员", 2), ("超期办结", 1)], people=2)
    with translation.override("zh-hans"):
        (text,) = notice_narrative.violations(counted, [])

    assert text == (
        "本季度查实违规3起（群众投诉工作人员2起、超期办结1起），涉及2人。本季度未追究责任。"
    )


def test_a_sanction_imposed_on_a_person_several_times_is_named_once_with_how_often():
    from decimal import Decimal

    from django.utils import translation

    from penalties.models import Liability, SanctionKind
    from penalties.reports import notice_narrative
    from penalties.reports.selectors import SanctionCount, ViolationCounts

    def sanction(kind, times, amount=None, liability=Liability.PERSON, name="周杰"):
        return SanctionCount(liability, name, "社会事务科", kind, amount, None, "", times)

    counted = ViolationCounts(count=3, kinds=[("群众投诉工作人员", 3)], people=1)
    penalties = [
        sanction(SanctionKind.NOTICE_OF_CRITICISM, 3),
        sanction(SanctionKind.BONUS_DEDUCTION, 1, Decimal("20")),
        SanctionCount(
            Liability.PERSON,
            "周杰",
            "社会事务科",
            SanctionKind.RATING_CAP,
            None,
            None,
            "not_excellent",
            3,
        ),
        sanction(SanctionKind.FINE, 2, Decimal("50"), Liability.LEADER, "张科长"),
    ]
    with translation.override("zh-hans"):
        text = notice_narrative.violations(counted, penalties)

    assert text[1:] == [
        "周杰（社会事务科）：通报批评（3次），扣减年度绩效奖金20%，不得评为优秀。",
        "张科长（社会事务科）：罚款50元（2次）。",
    ]


# --- publishing --------------------------------------------------------------------------


def test_publishing_locks_the_period_and_records_who_published_it_and_when(people, assessed):
    notice = publish(people)

    run = AssessmentPeriod.objects.get(organisation=people.organisation, label="2026Q2")
    assert run.locked_at == NOW and run.locked_by == people.supervisor
    assert (notice.published_at, notice.published_by) == (NOW, people.supervisor)
    assert (notice.reference, notice.dated) == ("CD〔2026〕1号", dt.date(2026, 7, 1))
    document = NoticeDocument.from_snapshot(notice.content)
    assert (document.reference, document.dated_text, document.draft) == (
        "CD〔2026〕1号",
        "2026年7月1日",
        False,
    )
    assert notice.history.count() == 1


def test_notices_are_numbered_in_sequence_per_organisation_and_year_of_issue(
    people, assessed, other_organisation
):
    department = DepartmentFactory(organisation=other_organisation, name="综合科")
    other_supervisor = StaffFactory(
        organisation=other_organisation, department=department, roles=[Role.SUPERVISOR]
    )
    services.assess_period(organisation=other_organisation, period=Q2, now=NOW)
    services.assess_period(
        organisation=people.organisation, period=parse_period("2026Q4"), now=NEXT_YEAR
    )

    first = publish(people, Q2)
    elsewhere = services.notice_publish(
        by=other_supervisor.user, organisation=other_organisation, period=Q2, now=NOW
    )
    second = publish(people, Q1, now=NOW + dt.timedelta(days=1))
    next_year = publish(people, parse_period("2026Q4"), now=NEXT_YEAR)

    assert [first.reference, second.reference] == ["CD〔2026〕1号", "CD〔2026〕2号"]
    assert elsewhere.reference == "CX〔2026〕1号"
    assert next_year.reference == "CD〔2027〕1号"


NEXT_YEAR = dt.datetime(2027, 1, 5, 9, tzinfo=SHANGHAI)


def test_a_notice_is_published_once(client, people, assessed):
    first = publish(people)

    with pytest.raises(ActionNotAllowed, match="已经发布，文号为CD〔2026〕1号"):
        publish(people, now=NOW + dt.timedelta(hours=1))

    client.force_login(people.supervisor.user)
    response = client.post(reverse("reports:notice_publish", args=["2026Q2"]), follow=True)
    assert "已经发布" in response.content.decode()
    assert list(Notice.objects.values_list("pk", "number")) == [(first.pk, 1)]


def test_an_open_or_unassessed_quarter_is_refused_and_uses_no_number(people, quarter):
    with pytest.raises(ActionNotAllowed, match="尚未考核"):
        publish(people)
    services.assess_period(
        organisation=people.organisation, period=Q2, now=NOW - dt.timedelta(days=2)
    )
    with pytest.raises(ActionNotAllowed, match="重新计算"):
        publish(people)  # assessed while the quarter was running: provisional

    services.assess_period(organisation=people.organisation, period=Q2, now=NOW)
    assert publish(people).number == 1


def test_an_auditor_or_an_administrator_cannot_publish(client, people, assessed):
    for reader in (people.auditor, people.administrator):
        with pytest.raises(ActionNotAllowed, match="只有督办人员才能发布通报"):
            publish(people, by=reader)
        client.force_login(reader.user)
        response = client.post(reverse("reports:notice_publish", args=["2026Q2"]))
        assert response.status_code == 403

    assert not Notice.objects.exists()
    assert not AssessmentPeriod.objects.filter(locked_at__isnull=False).exists()


def test_the_page_publishes_on_post_only_and_shows_the_published_notice(client, people, assessed):
    client.force_login(people.supervisor.user)
    url = reverse("reports:notice_publish", args=["2026Q2"])
    assert client.get(url).status_code == 405

    with time_machine.travel(NOW, tick=False):
        response = client.post(url, follow=True)

    text = response.content.decode()
    assert "通报已发布，文号为CD〔2026〕1号。" in text
    assert '<p class="doc-reference">CD〔2026〕1号</p>' in text
    assert "doc-watermark" not in text and "publish-notice" not in text
    assert "赵督办" in text


def test_a_published_notice_never_changes_when_the_data_underneath_does(client, people, assessed):
    notice = publish(people)
    client.force_login(people.auditor.user)
    before_page = page_text(client)
    before_pdf = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "pdf"})

    people.social.name = "社会事务管理科"
    people.social.save()
    people.organisation.name = "城东区行政审批服务局"
    people.organisation.save()
    NoticeSettings.objects.create(organisation=people.organisation, abbreviation="改")
    services.commendation_record(
        by=people.supervisor.user, staff=people.clerk, reason="补录", at=NOW - dt.timedelta(days=3)
    )
    # Even a recomputation of the quarter (were the lock lifted: on PostgreSQL only a
    # superuser can, past the trigger) would not reach the notice.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        AssessmentPeriod.objects.filter(pk=notice.assessment_id).update(locked_at=None)
    services.assess_period(organisation=people.organisation, period=Q2, now=NOW)

    after_page = page_text(client)
    after_pdf = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "pdf"})
    assert _document_part(after_page) == _document_part(before_page)
    assert "社会事务管理科" not in after_page and "补录" not in after_page
    assert _pdf_text(after_pdf.content) == _pdf_text(before_pdf.content)


def test_a_published_notice_refuses_to_be_changed_or_deleted(people, assessed):
    from penalties.models import AppendOnly

    notice = publish(people)
    notice.title = "改过的标题"

    with pytest.raises(AppendOnly):
        notice.save()
    with pytest.raises(AppendOnly):
        notice.delete()
    with pytest.raises(AppendOnly):
        Notice.objects.filter(pk=notice.pk).update(title="x")


def _document_part(html):
    return html[html.index('<article class="official-document') : html.index("</article>")]


def _pdf_text(content):
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


# --- the PDF -----------------------------------------------------------------------------


def test_the_pdf_is_a4_with_the_embedded_font_and_its_text_extracts_as_chinese(
    client, people, assessed
):
    publish(people)
    client.force_login(people.supervisor.user)

    response = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "pdf"})

    assert response["Content-Disposition"].endswith('notice-CD-2026Q2.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    assert all(
        (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)
        for page in reader.pages
    )
    fonts = _fonts(reader)
    assert fonts and all("/FontFile2" in descriptor for descriptor in fonts)
    first = reader.pages[0].extract_text()
    for part in (
        "城东区政务服务中心",
        "CD〔2026〕1号",
        "关于2026年第2季度",
        "首问责任制落实情况的通报",
        "各科室：",
        "一、总体情况",
    ):
        assert part in first, part
    everything = "\n".join(page.extract_text() for page in reader.pages)
    for part in ("办结率40%", "2026年7月1日", "附件", "2026年第2季度各科室考核排名"):
        assert part in everything
    assert "2026年7月1日印发" in reader.pages[-1].extract_text()
    assert "— 1 —" in first
    assert b"STSong" not in response.content


def _fonts(reader):
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    found.append(descriptor.get_object())
    return found


def test_the_pdf_keeps_the_text_inside_the_standard_s_margins(people, assessed):
    document = NoticeDocument.from_snapshot(publish(people).content)
    reader = PdfReader(io.BytesIO(notice_pdf.render(document)))
    mm = 72 / 25.4
    positions = []

    def visit(text, cm, tm, font, size):
        if text.strip():  # where the text starts on the page: the text matrix through the CTM
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            positions.append((text, x, y))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)

    numbers = [(x, y) for text, x, y in positions if re.fullmatch(r"— \d+ —", text.strip())]
    body = [(text, x, y) for text, x, y in positions if not re.fullmatch(r"— \d+ —", text.strip())]
    assert body
    assert min(x for _t, x, _y in body) >= 28 * mm - 0.5
    assert max(y for _t, _x, y in body) <= (297 - 37) * mm
    assert min(y for _t, _x, y in body) >= 35 * mm
    assert len(numbers) == len(reader.pages) and all(y < 35 * mm - 7 * mm for _x, y in numbers)


def test_a_draft_pdf_says_draft_and_has_no_number(client, people, assessed):
    client.force_login(people.supervisor.user)

    response = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "pdf"})

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "草稿（未发布，发布时编号）" in text and "〔" not in text


def test_the_document_is_written_in_chinese_whatever_the_reader_s_language(
    client, people, assessed, settings
):
    client.force_login(people.supervisor.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    text = page_text(client)

    assert "Publish this notice" in text  # the page speaks the reader's language
    assert "关于2026年第2季度<br>首问责任制落实情况的通报" in text  # the document does not
    assert "一、总体情况" in text and "草稿（未发布，发布时编号）" in text
    assert "附件：" in text and "印发" in text
    pdf = client.get(reverse("reports:notice", args=["2026Q2"]), {"format": "pdf"})
    assert "各科室：" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
