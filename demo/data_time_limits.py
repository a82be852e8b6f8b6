"""Time limits of single matters of the demo's duty list, from the regulations that govern
them (the seeds in /work/shared/seeds and the national rules the matters name). Matters not
listed follow the organisation's preset (municipal: 3 working days; letters 30 days, web 2
working days, referred by a superior body 10 working days).

Checked against the seeds (issue 20): seed 004 is /work/shared/seeds/004_c0dae2632c905841.txt,
its 限时办结制 第五条（六） (letters and visits, reviews) and 责任追究制 第九条 (complaints
about staff: acceptance within 5 days, investigation within 15 working days, 15 more with
approval). The national limits (信息公开, 工伤认定, 低保) are in no seed: their regulations are
named on each row."""

from typing import NamedTuple

from cases.choices import LimitUnit

WD, CD = LimitUnit.WORKING_DAYS, LimitUnit.CALENDAR_DAYS


class MatterLimitRow(NamedTuple):
    matter: str  # the matter's name in the duty list
    resolve: tuple[int, str]
    max_extension: tuple[int | None, str]
    basis: str


MATTER_LIMITS = (
    # Seed 004 限时办结制 第五条（六）1: "由直接受理的来信来访,应自受理之日起30日内办结,……
    # 延长期限不得超过60个工作日" (days: calendar days, as the law counts 日).
    MatterLimitRow(
        "来信来访登记受理",
        (30, CD),
        (60, WD),
        "种子 004 第五条（六）1：来信来访自受理之日起 30 日内办结，经批准可延长，"
        "延长期限不得超过 60 个工作日",
    ),
    MatterLimitRow(
        "网上信访受理",
        (30, CD),
        (60, WD),
        "按来信来访同等时限（种子 004 第五条（六）1）",
    ),
    # Seed 004 限时办结制 第五条（六）3: "应在收到复查或审核请求之日起30日内提出复查或审核
    # 意见,并予以书面答复" (no extension); 《信访工作条例》 sets the same 30 days.
    MatterLimitRow(
        "信访事项复查复核申请",
        (30, CD),
        (0, WD),
        "种子 004 第五条（六）3：自收到复查或复核请求之日起 30 日内提出意见并书面答复",
    ),
    # Not in the seeds: 《中华人民共和国政府信息公开条例》（2019）第三十三条.
    MatterLimitRow(
        "政府信息公开申请",
        (20, WD),
        (20, WD),
        "《中华人民共和国政府信息公开条例》第三十三条：自收到申请之日起 20 个工作日内答复，"
        "经批准可延长，最长不超过 20 个工作日",
    ),
    # Not in the seeds: 《工伤保险条例》第二十条 (60 days; the time stops while a court's or an
    # authority's conclusion is awaited, which is a pause, not an extension).
    MatterLimitRow(
        "工伤认定申请",
        (60, CD),
        (0, WD),
        "《工伤保险条例》第二十条：自受理工伤认定申请之日起 60 日内作出认定决定",
    ),
    # Not in the seeds: 《最低生活保障审核确认办法》（民发〔2021〕57号）: 30 working days,
    # 45 in special cases (an extension of 15).
    MatterLimitRow(
        "最低生活保障申请",
        (30, WD),
        (15, WD),
        "《最低生活保障审核确认办法》：自受理之日起 30 个工作日内完成审核确认，"
        "特殊情况可延长至 45 个工作日",
    ),
    # Seed 004 责任追究制 第九条（三）: "决定进行调查的事项,应当在15个工作日内调查处理完毕,
    # 情况复杂的,经领导批准可延长15个工作日" — for every complaint or report about a member of
    # staff, a complaint that the first-inquiry rules were not kept included (it had the
    # preset's 3 working days before: wrong).
    MatterLimitRow(
        "首问责任制执行情况投诉",
        (15, WD),
        (15, WD),
        "种子 004 责任追究制第九条（三）：对工作人员违反岗位职责的投诉，决定调查的"
        "15 个工作日内调查处理完毕，经批准可延长 15 个工作日",
    ),
    MatterLimitRow(
        "工作人员违纪违规举报",
        (15, WD),
        (15, WD),
        "种子 004 责任追究制第九条（三）：15 个工作日内调查处理完毕，经批准可延长 15 个工作日",
    ),
    MatterLimitRow(
        "首问责任制违规责任追究",
        (15, WD),
        (15, WD),
        "种子 004 责任追究制第九条（三）：15 个工作日内调查处理完毕，经批准可延长 15 个工作日",
    ),
)
