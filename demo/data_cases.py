"""The demo cases: what people asked the centre over the last weeks, and what happened next.

Each case is a script: its registration and the steps that followed, at moments counted
back from the moment the demo is built, so that the demo always looks current:

- ``W(n, "hh:mm")``: on the nth working day before today (``W(1)`` is the last one);
- ``C(n, "hh:mm")``: n calendar days ago, moved forward to a working day if that was off;
- ``Fresh(m)``: m minutes before the latest moment the office was open (today, or the last
  working day when today is off or the office has not opened yet).

No step happens today except the ``Fresh`` ones, so what is green, in the warning window or
overdue does not depend on the time of day the demo is built (see the notes on the open
cases below). Phone numbers are made up; staff are named by badge number (data_staff.py).
Every person's name is used once, except for the duplicate that is merged into its main case.
"""

from typing import NamedTuple

from cases.choices import Channel, Kind, Outcome, Satisfaction, Urgency

VISIT, PHONE, LETTER, EMAIL = Channel.VISIT, Channel.PHONE, Channel.LETTER, Channel.EMAIL
WEB, BOX, MEDIA, SUPERIOR = Channel.WEB, Channel.SUGGESTION_BOX, Channel.MEDIA, Channel.SUPERIOR
CONSULTATION, APPLICATION, COMPLAINT = Kind.CONSULTATION, Kind.APPLICATION, Kind.COMPLAINT
REPORT, SUGGESTION, HELP = Kind.REPORT, Kind.SUGGESTION, Kind.HELP
VERY_SATISFIED, SATISFIED = Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED
BASICALLY_SATISFIED, DISSATISFIED = Satisfaction.BASICALLY_SATISFIED, Satisfaction.DISSATISFIED


# --- moments ------------------------------------------------------------------------------
class W(NamedTuple):
    days: int  # working days before today, >= 1
    time: str


class C(NamedTuple):
    days: int  # calendar days before today
    time: str


class Fresh(NamedTuple):
    minutes: int  # before the latest office moment, <= 60


# --- rows ---------------------------------------------------------------------------------
class Person(NamedTuple):
    name: str
    phone: str
    address: str = ""
    unit: str = ""
    email: str = ""


class Step(NamedTuple):
    at: W | C | Fresh
    action: str
    by: str  # badge number
    details: dict


class DemoCase(NamedTuple):
    key: str
    at: W | C | Fresh
    by: str  # badge number of whoever registered it
    channel: str
    kind: str
    text: str
    person: Person | None
    # register (held at the desk), transfer, handle_now, one_time_notice, refer_out, or
    # public_complaint (registered by the complaint service for the supervising office)
    route: str
    routing: dict  # the route's inputs, departments and staff by key and badge
    matter: str = ""  # name of the duty-list matter
    urgency: str = Urgency.NORMAL
    asked_with: tuple[str, ...] = ()  # badge numbers of staff asked together with ``by``
    steps: tuple[Step, ...] = ()


# --- steps --------------------------------------------------------------------------------
def transfer(at, by, to, note=""):
    return Step(at, "transfer", by, {"to": to, "note": note})


def accept(at, by, handler):
    return Step(at, "accept", by, {"handler": handler})


def give_back(at, by, reason):
    return Step(at, "return", by, {"reason": reason})


def reject_return(at, by, note):
    return Step(at, "reject_return", by, {"note": note})


def opinion(at, by, department, text):
    return Step(at, "opinion", by, {"department": department, "text": text})


def resolve(at, by, result, outcome=Outcome.HANDLED):
    return Step(at, "resolve", by, {"outcome": outcome, "result": result})


def call_back(at, by, satisfaction, note="", praise=False):
    return Step(at, "call_back", by, {"satisfaction": satisfaction, "note": note, "praise": praise})


def unreachable(at, by, note):
    return Step(at, "call_back", by, {"satisfaction": None, "note": note, "praise": False})


def reopen(at, by, note):
    return Step(at, "reopen", by, {"note": note})


def urge(at, by, note):
    return Step(at, "urge", by, {"note": note})


def merge(at, by, into, note):
    return Step(at, "merge", by, {"into": into, "note": note})


def pause(at, by, materials):
    return Step(at, "pause", by, {"materials": materials})


def extend(at, by, reason, working_days):
    """Ask for the running stage's deadline to move ``working_days`` later."""
    return Step(at, "extend", by, {"reason": reason, "working_days": working_days})


def approve(at, by, note=""):
    return Step(at, "approve", by, {"note": note})


# Who is who (data_staff.py): reception 1101 吴婷婷 (head), 1102 郑晓燕 (the demo clerk), 1103
# 冯磊, 1104 何佳怡, 1105 罗俊杰; office 1005 刘海涛 (head), 1006 赵雪梅 (the demo supervisor),
# 1008 黄晓琳; letters 1202 沈佳, 1203 袁浩; market 1601 郭建军 (the demo head), 1603 宋凯 (the
# demo handler). Department heads sign for transfers and name the handler.

# --- handled at the desk and called back -----------------------------------------------------
ON_THE_SPOT = (
    DemoCase(
        key="social-security-card-guide",
        at=W(16, "09:12"),
        by="1102",
        channel=VISIT,
        kind=CONSULTATION,
        matter="办事指引与政策咨询",
        person=Person("张建国", "0123-0571 6021", "示范市东城区和平街道幸福里 12幢"),
        text="社会保障卡丢失，咨询如何挂失补办、需要带哪些材料、到哪个窗口办理。",
        route="handle_now",
        routing={
            "outcome": Outcome.ANSWERED,
            "result": "告知先拨打 12333 或通过手机 APP 临时挂失，再持身份证原件到二楼 205室"
            "人社科窗口补办，当场可领取临时卡。",
        },
        steps=(
            call_back(W(15, "10:05"), "1102", VERY_SATISFIED, "已按指引补办，称窗口指引清楚。"),
        ),
    ),
    DemoCase(
        key="elderly-allowance-notice",
        at=W(15, "10:30"),
        by="1103",
        channel=VISIT,
        kind=APPLICATION,
        matter="高龄津贴申领",
        person=Person("李秀英", "0123-5710 2288", "示范市西城区新华街道建新社区 8幢"),
        text="为 82 岁的母亲申领高龄津贴，只带了母亲的身份证。",
        route="one_time_notice",
        routing={
            "notification_text": "请备齐以下材料到二楼 201室社会事务科办理：\n"
            "1. 老年人身份证和户口簿原件\n"
            "2. 老年人本人银行卡或存折\n"
            "3. 代办人（您本人）的身份证",
            "result": "已出具一次性告知单，约定备齐材料后到社会事务科办理。",
        },
        steps=(call_back(W(13, "15:20"), "1103", SATISFIED, "已备齐材料提交申请。"),),
    ),
    DemoCase(
        key="passport-referral",
        at=W(14, "14:05"),
        by="1104",
        channel=PHONE,
        kind=CONSULTATION,
        person=Person("王强", "0123-0571 8830"),
        text="来电询问护照过期后如何换发，能否在政务服务中心办理。",
        route="refer_out",
        routing={
            "referred_to": "市公安局出入境管理支队",
            "result": "护照换发由市公安局出入境管理支队办理，已告知其地址（建设路 88号）、"
            "电话和网上预约方式。",
        },
        steps=(call_back(W(13, "09:40"), "1104", SATISFIED, "已预约下周办理。"),),
    ),
    DemoCase(
        key="elderly-self-service-help",
        at=W(11, "09:05"),
        by="1105",
        # Asked together with the head of the reception: the higher rank is first-responsible.
        asked_with=("1101",),
        channel=VISIT,
        kind=HELP,
        matter="老年人、残疾人帮办代办",
        person=Person("周桂英", "0123-5810 6612", "示范市东城区朝阳新村 4幢"),
        text="老人不会在自助机上打印养老金发放明细，同时向窗口的罗俊杰和科长吴婷婷求助。",
        route="handle_now",
        routing={
            "outcome": Outcome.HANDLED,
            "result": "吴婷婷陪同老人在自助机上打印了养老金发放明细，并教会老人用手机查询。",
        },
        steps=(
            call_back(
                W(10, "10:20"),
                "1101",
                VERY_SATISFIED,
                "老人的女儿表扬窗口工作人员耐心细致。",
                praise=True,
            ),
        ),
    ),
    DemoCase(
        key="marriage-record-not-permitted",
        at=W(10, "11:15"),
        by="1105",
        channel=VISIT,
        kind=CONSULTATION,
        matter="婚姻登记预约与咨询",
        person=Person("赵立新", "0123-6710 3345"),
        text="要求查询前妻再婚后的婚姻登记信息。",
        route="handle_now",
        routing={
            "outcome": Outcome.NOT_PERMITTED,
            "result": "婚姻登记档案只向当事人本人或其委托的律师、法院等依法查询。已解释无法向其"
            "提供他人的登记信息，并告知可通过诉讼由法院调取。",
        },
        steps=(
            call_back(W(9, "16:10"), "1105", BASICALLY_SATISFIED, "理解规定，对查不到仍有意见。"),
        ),
    ),
)

# --- transferred, handled and called back ----------------------------------------------------
CLOSED = (
    DemoCase(
        key="minimum-living-allowance",
        at=W(16, "10:20"),
        by="1102",
        channel=VISIT,
        kind=APPLICATION,
        matter="最低生活保障申请",
        person=Person("陈红梅", "0123-0571 2745", "示范市西城区建新社区 5幢 2单元 301"),
        text="丈夫因病去世，本人没有固定收入，独自抚养上初中的儿子，申请最低生活保障。",
        route="transfer",
        routing={"to": "civil", "note": "申请材料已齐，请民政科受理。"},
        steps=(
            accept(W(16, "14:30"), "1401", handler="1402"),
            resolve(
                W(14, "16:40"),
                "1402",
                "已受理低保申请，完成入户调查和家庭经济状况核对，现进入公示，"
                "公示无异议后次月起发放。",
            ),
            call_back(W(13, "10:15"), "1102", SATISFIED),
        ),
    ),
    DemoCase(
        key="fee-refund-email",
        at=W(15, "11:30"),
        by="1103",
        channel=EMAIL,
        kind=APPLICATION,
        matter="行政事业性收费票据查询与退费",
        person=Person("唐敏", "0123-6710 2238", email="tangmin@example.com"),
        text="来邮件：上月在中心办理证照时重复缴费 80 元，申请退费并补开票据。",
        route="transfer",
        routing={"to": "finance"},
        steps=(
            accept(W(15, "15:00"), "1901", handler="1902"),
            resolve(
                W(13, "10:00"),
                "1902",
                "经核实确属重复缴费，80 元已原路退回，电子票据已发送到申请人邮箱。",
            ),
            call_back(W(12, "14:30"), "1103", SATISFIED, "退款已到账。"),
        ),
    ),
    DemoCase(
        key="hall-suggestion",
        at=W(12, "08:40"),
        by="1102",
        channel=BOX,
        kind=SUGGESTION,
        matter="意见箱和留言板意见建议办理",
        person=Person("孟凡", "0123-0671 0938"),
        text="意见箱来信：建议在一楼大厅增设老年人休息座椅，并在窗口配备老花镜和放大镜。",
        route="transfer",
        routing={"to": "office"},
        steps=(
            accept(W(12, "10:00"), "1005", handler="1008"),
            resolve(
                W(10, "15:00"), "1008", "已在一楼大厅增设爱心座椅 6 个，各窗口配备老花镜和放大镜。"
            ),
            call_back(W(9, "09:30"), "1102", VERY_SATISFIED, "看到了新座椅，感谢采纳建议。"),
        ),
    ),
    DemoCase(
        key="wage-arrears",
        at=W(13, "09:40"),
        by="1103",
        channel=VISIT,
        kind=COMPLAINT,
        urgency=Urgency.URGENT,
        matter="拖欠工资投诉",
        person=Person("赵德明", "0123-5710 9921", unit="示范市宏达建筑劳务有限公司"),
        text="在宏达建筑劳务公司工地做木工三个月，公司拖欠工资 18600 元，多次讨要未果。",
        route="transfer",
        routing={"to": "hr", "note": "涉及农民工工资，请优先办理。"},
        steps=(
            accept(W(13, "11:05"), "1501", handler="1502"),
            resolve(
                W(11, "17:05"),
                "1502",
                "劳动保障监察约谈了用工单位，单位承认欠薪，已当日通过银行转账足额支付 18600 元。",
            ),
            call_back(W(10, "09:30"), "1103", VERY_SATISFIED, "工资已全部到账。"),
        ),
    ),
    DemoCase(
        key="manhole-media",
        at=W(12, "16:00"),
        by="1202",
        channel=MEDIA,
        kind=COMPLAINT,
        urgency=Urgency.VERY_URGENT,
        person=Person("陈静", "0123-0571 8812", unit="示范电视台《民生热线》栏目"),
        text="示范电视台《民生热线》栏目反映：南湖路人行道井盖缺失多日，已有老人夜间跌倒受伤。",
        route="transfer",
        routing={"to": "urban", "note": "媒体反映，有安全隐患，请立即处置。"},
        steps=(
            accept(W(12, "16:30"), "1701", handler="1703"),
            resolve(
                W(11, "11:00"),
                "1703",
                "当晚已补装井盖并设置警示标志；排查南湖路沿线井盖 46 处，更换破损井盖 5 个。",
            ),
            call_back(W(10, "15:00"), "1202", SATISFIED, "栏目组将做跟踪报道。"),
        ),
    ),
    DemoCase(
        key="prepaid-card",
        at=W(12, "15:10"),
        by="1104",
        channel=PHONE,
        kind=COMPLAINT,
        matter="消费投诉受理",
        person=Person("孙丽", "0123-6710 8803"),
        text="在滨河路一家美容店办了 3000 元预付卡，店铺突然关门，老板联系不上。",
        route="transfer",
        routing={"to": "market"},
        steps=(
            accept(W(11, "09:10"), "1601", handler="1603"),
            resolve(
                W(9, "15:30"),
                "1603",
                "经调解，经营者同意退还余额 2140 元，分两期退清，双方已签订调解协议。",
            ),
            call_back(W(8, "10:00"), "1104", BASICALLY_SATISFIED, "希望能一次退清。"),
        ),
    ),
    DemoCase(
        key="street-lamps",
        at=W(11, "16:20"),
        by="1105",
        channel=PHONE,
        kind=HELP,
        matter="路灯井盖等市政设施报修",
        person=Person("吴秀珍", "0123-0671 4456", "示范市东城区朝阳路与光明街交叉口"),
        text="朝阳路光明街口三盏路灯不亮已有一周，晚上行人过马路很危险。",
        route="transfer",
        routing={"to": "urban"},
        steps=(
            accept(W(10, "08:50"), "1701", handler="1702"),
            resolve(
                W(9, "11:40"), "1702", "已通知路灯养护单位更换灯具和线路，三盏路灯当晚恢复照明。"
            ),
            unreachable(W(8, "10:30"), "1105", "电话无人接听。"),
            call_back(W(7, "15:45"), "1105", SATISFIED, "已看到路灯修好。"),
        ),
    ),
    DemoCase(
        key="fruit-shop-licence",
        at=W(9, "10:05"),
        by="1102",
        channel=VISIT,
        kind=CONSULTATION,
        matter="个体工商户设立登记",
        person=Person("郑海", "0123-8810 7632"),
        text="准备在小区门口开一家水果店，咨询个体工商户营业执照怎么办、要多久。",
        route="transfer",
        routing={"to": "market"},
        steps=(
            accept(W(9, "11:20"), "1601", handler="1604"),
            resolve(
                W(8, "10:30"),
                "1604",
                "已告知可网上登记或到 207室窗口办理，材料齐全的当场发照，并指导其在网上预填信息。",
                outcome=Outcome.ANSWERED,
            ),
            call_back(W(7, "09:50"), "1102", SATISFIED, "已领到营业执照。"),
        ),
    ),
    DemoCase(
        key="green-space-parking",
        at=W(8, "09:30"),
        by="1103",
        channel=VISIT,
        kind=COMPLAINT,
        matter="物业服务纠纷调解",
        person=Person("黄淑芬", "0123-0571 9087", "示范市西城区锦绣花园 7幢"),
        text="锦绣花园物业公司擅自把小区公共绿地改成收费停车位，业主多次反映没有回应。",
        route="transfer",
        routing={"to": "urban"},
        steps=(
            accept(W(8, "14:00"), "1701", handler="1703"),
            resolve(
                W(5, "16:30"),
                "1703",
                "约谈物业公司并会同街道调解，物业已停止收费、恢复绿地，并在小区公示整改情况。",
            ),
            call_back(W(4, "10:10"), "1103", SATISFIED),
        ),
    ),
    # The same person about the same matter: merged into the case above (并单).
    DemoCase(
        key="green-space-parking-again",
        at=W(7, "15:20"),
        by="1104",
        channel=PHONE,
        kind=COMPLAINT,
        matter="物业服务纠纷调解",
        person=Person("黄淑芬", "0123-0571 9087", "示范市西城区锦绣花园 7幢"),
        text="来电再次反映锦绣花园公共绿地被改成收费停车位，要求尽快处理。",
        route="register",
        routing={},
        steps=(
            merge(
                W(7, "15:35"),
                "1104",
                into="green-space-parking",
                note="同一人就同一事项再次来电，并入原件办理。",
            ),
        ),
    ),
    DemoCase(
        key="night-market",
        at=W(7, "10:40"),
        by="1102",
        channel=VISIT,
        kind=COMPLAINT,
        matter="占道经营和违法搭建举报",
        person=Person("何建华", "0123-5710 6623", "示范市东城区人民路 166号"),
        text="人民路菜场北侧每天傍晚的夜市摊位占用人行道和盲道，行人只能走机动车道。",
        route="transfer",
        routing={"to": "urban"},
        steps=(
            give_back(W(7, "16:00"), "1703", "夜市摊贩经营属于市场监管范畴，建议转市场监管科。"),
            # The office finds the return unjustified: a suspected refused transfer.
            reject_return(
                W(6, "09:30"),
                "1006",
                "占道经营在城建管理科的职责清单内（占道经营和违法搭建举报），退回理由不成立，"
                "指定城建管理科办理。",
            ),
            accept(W(6, "10:15"), "1701", handler="1702"),
            resolve(
                W(4, "16:00"),
                "1702",
                "会同街道规范夜市经营时段和摊位范围，清理盲道占用，设置隔离护栏并安排每日巡查。",
            ),
            call_back(W(3, "10:30"), "1102", SATISFIED),
        ),
    ),
    DemoCase(
        key="house-fire-relief",
        at=W(6, "08:45"),
        by="1104",
        channel=VISIT,
        kind=HELP,
        urgency=Urgency.VERY_URGENT,
        matter="临时救助申请",
        person=Person("刘春生", "0123-0671 8854", "示范市北城区红星村 3组"),
        text="昨夜家中厨房失火，房屋部分烧毁，一家四口无处居住，急需临时救助。",
        route="transfer",
        routing={"to": "social", "note": "情况紧急，请立即受理。"},
        steps=(
            accept(W(6, "09:20"), "1301", handler="1303"),
            resolve(
                W(5, "17:00"),
                "1303",
                "已发放临时救助金 5000 元和棉被、米面油等生活物资，协调村委会提供过渡住房。",
            ),
            call_back(W(4, "09:15"), "1104", VERY_SATISFIED, "一家人已住进过渡房。"),
        ),
    ),
)

# --- open cases ------------------------------------------------------------------------------
# Time limits (municipal preset): hand over 2, sign for 1, resolve 3 (complaints in several
# departments 5), call back 2 working days; web inquiries resolve in 2 working days, letters
# in 30 calendar days, referrals by a superior body in 10 working days.
# A stage that started on W(n) with a limit of L working days is overdue at any time of today
# when n > L, never overdue today when n < L; it is in the warning window (75 %) at any time
# of today when L is 10 and n is 9, or for a 30-day letter accepted ~25 days ago.
OPEN = (
    # Returned with a reason (not in our duty list) and sent on to the right department.
    DemoCase(
        key="flexible-employment-insurance",
        at=W(3, "14:20"),
        by="1105",
        channel=VISIT,
        kind=CONSULTATION,
        person=Person("林芳", "0123-5710 3368"),
        text="在网上开了一家手工饰品店，没有工作单位，咨询以灵活就业人员身份缴纳养老和医疗保险"
        "怎么办理。",
        route="transfer",
        routing={"to": "civil", "note": "咨询个体人员参保。"},
        steps=(
            give_back(
                W(2, "10:00"),
                "1402",
                "灵活就业人员参保登记属人力资源和社会保障科职责，不在民政科职责清单内，"
                "请转人社科。",
            ),
            transfer(W(2, "10:30"), "1105", "hr", "按民政科意见改转人社科。"),
            accept(W(1, "09:15"), "1501", handler="1503"),
        ),
    ),
    DemoCase(
        key="startup-subsidy",
        at=W(1, "10:10"),
        by="1102",
        channel=VISIT,
        kind=APPLICATION,
        matter="就业创业补贴申请",
        person=Person("徐明", "0123-8810 6647"),
        text="大学毕业两年内自主创业开了一家奶茶店，申请一次性创业补贴。",
        route="transfer",
        routing={"to": "hr"},
        steps=(accept(W(1, "14:40"), "1501", handler="1503"),),
    ),
    DemoCase(
        key="short-weight",
        at=W(2, "15:50"),
        by="1103",
        channel=VISIT,
        kind=COMPLAINT,
        matter="计量器具缺斤短两投诉",
        person=Person("马丽", "0123-6710 5519"),
        text="在东城农贸市场 A 区 12号摊位买了 3 斤排骨，回家一称只有 2 斤 6 两，摊主不认账。",
        route="transfer",
        routing={"to": "market"},
        steps=(accept(W(1, "09:00"), "1601", handler="1603"),),
    ),
    # Referred by a superior body: 10 working days, accepted 9 ago: in the warning window.
    DemoCase(
        key="secondary-water-supply",
        at=W(10, "09:30"),
        by="1202",
        channel=SUPERIOR,
        kind=HELP,
        matter="12345 热线转办件办理",
        person=Person("钱国华", "0123-0571 8836", "示范市东城区和平里小区 9幢"),
        text="市 12345 热线转办：和平里小区居民反映二次供水水箱多年未清洗，自来水发黄有异味，"
        "要求尽快处理。",
        route="transfer",
        routing={"to": "urban", "note": "上级转办件，请按时反馈办理结果。"},
        steps=(accept(W(9, "10:30"), "1701", handler="1703"),),
    ),
    # A letter: 30 calendar days, accepted 25 days ago: in the warning window.
    DemoCase(
        key="letter-minimum-living-review",
        at=C(26, "09:30"),
        by="1203",
        channel=LETTER,
        kind=APPLICATION,
        matter="最低生活保障申请",
        person=Person("郭玉兰", "0123-5810 7714", "示范市南城区光华村 6组"),
        text="来信：丈夫瘫痪在床，家中只靠本人打零工，去年低保资格被取消，请求重新审核。",
        route="transfer",
        routing={"to": "civil"},
        steps=(accept(C(25, "10:00"), "1401", handler="1403"),),
    ),
    # Overdue, and urged by the supervising office.
    DemoCase(
        key="work-injury",
        at=W(8, "10:00"),
        by="1104",
        channel=VISIT,
        kind=APPLICATION,
        matter="工伤认定申请",
        person=Person("钱伟", "0123-5710 8821", unit="示范市精工机械厂"),
        text="在车间操作冲床时右手受伤，单位不肯申报工伤，本人申请工伤认定。",
        route="transfer",
        routing={"to": "hr"},
        steps=(
            accept(W(7, "09:20"), "1501", handler="1502"),
            urge(
                W(2, "09:00"),
                "1006",
                "该件已超过办结时限，请人社科抓紧调查核实，明日下班前反馈进展。",
            ),
        ),
    ),
    DemoCase(
        key="gym-refund",
        at=W(6, "14:30"),
        by="1102",
        channel=PHONE,
        kind=COMPLAINT,
        matter="消费投诉受理",
        person=Person("冯晓", "0123-0571 2290"),
        text="健身房突然停业，会员卡还有 9 个月没用，要求退还会费 2700 元。",
        route="transfer",
        routing={"to": "market"},
        steps=(accept(W(5, "09:40"), "1601", handler="1603"),),
    ),
    # The clock waits for the person's materials (补正): no alert while it is paused.
    DemoCase(
        key="disability-care-allowance",
        at=W(5, "10:30"),
        by="1103",
        channel=VISIT,
        kind=APPLICATION,
        matter="困难残疾人生活补贴和重度残疾人护理补贴申请",
        person=Person("宋玉珍", "0123-0671 3325", "示范市西城区春晖小区 2幢"),
        text="为儿子申请重度残疾人护理补贴，儿子为一级肢体残疾。",
        route="transfer",
        routing={"to": "social"},
        steps=(
            accept(W(5, "15:00"), "1301", handler="1302"),
            pause(
                W(4, "10:00"),
                "1302",
                "申请人尚缺：\n1. 第二代残疾人证（现持旧证，需到残联换证）\n2. 本人银行卡复印件",
            ),
        ),
    ),
    # An extension waiting for the head's decision.
    DemoCase(
        key="food-business-licence",
        at=W(3, "09:40"),
        by="1102",
        channel=VISIT,
        kind=APPLICATION,
        matter="食品经营许可申请",
        person=Person("吴晓峰", "0123-5810 6674", unit="示范市味道小馆"),
        text="新开一家餐馆，申请食品经营许可证。",
        route="transfer",
        routing={"to": "market"},
        steps=(
            accept(W(2, "09:30"), "1601", handler="1602"),
            extend(
                W(1, "15:30"),
                "1602",
                "需现场核查后厨布局，申请人约定下周整改排烟和防鼠设施后再核查。",
                working_days=5,
            ),
        ),
    ),
    # An approved extension: the deadline moved, so it is not overdue.
    DemoCase(
        key="information-disclosure",
        at=W(7, "10:00"),
        by="1103",
        channel=VISIT,
        kind=APPLICATION,
        matter="政府信息公开申请",
        person=Person("许文", "0123-5810 2214", unit="示范市晨光律师事务所"),
        text="申请公开城区老旧小区改造项目的资金安排和招标结果信息。",
        route="transfer",
        routing={"to": "office"},
        steps=(
            accept(W(6, "09:10"), "1005", handler="1008"),
            extend(
                W(4, "15:00"),
                "1008",
                "涉及城建管理科和财务科的资料需要汇总，并征求第三方意见。",
                working_days=5,
            ),
            approve(W(4, "17:00"), "1005", "同意延期，请按新期限答复。"),
        ),
    ),
    # A lead department and an assisting one (协办): the several-department limit applies.
    DemoCase(
        key="school-gate-vendors",
        at=W(3, "08:50"),
        by="1105",
        channel=VISIT,
        kind=COMPLAINT,
        matter="占道经营和违法搭建举报",
        person=Person("孔丽华", "0123-6710 4486", "示范市东城区实验小学家长委员会"),
        text="实验小学门口放学时段流动摊贩扎堆占道经营，还卖没有标签的三无食品，孩子吃了拉肚子。",
        route="transfer",
        routing={
            "to": "urban",
            "assisting": ("market",),
            "note": "占道经营由城建管理科主办，三无食品请市场监管科协办。",
        },
        steps=(
            accept(W(3, "09:30"), "1701", handler="1702"),
            opinion(
                W(2, "11:00"),
                "1604",
                "market",
                "已抽检摊贩食品 6 批次，2 批次无标签无来源，已依法没收并对摊贩批评教育，"
                "后续配合城建管理科开展联合整治。",
            ),
        ),
    ),
    # A report (举报): the informant's identity is confidential.
    DemoCase(
        key="expired-meat-report",
        at=W(2, "16:10"),
        by="1104",
        channel=PHONE,
        kind=REPORT,
        matter="食品安全问题举报",
        person=Person("韩梅", "0123-0571 7745"),
        text="举报解放大道 58号“老街坊”饭店后厨使用过期冻肉，没有健康证的人员在后厨操作。"
        "要求为举报人保密。",
        route="transfer",
        routing={"to": "market"},
        steps=(accept(W(1, "09:10"), "1601", handler="1604"),),
    ),
    # Reopened after a dissatisfied callback (不满意重办): round 2, with another handler.
    DemoCase(
        key="construction-noise",
        at=W(5, "16:50"),
        by="1104",
        channel=PHONE,
        kind=COMPLAINT,
        matter="建筑施工噪声投诉",
        person=Person("周志刚", "0123-6810 5527", "示范市南城区滨江一号小区 3幢"),
        text="小区南侧工地连续多晚施工到凌晨一两点，噪声很大，老人孩子无法休息。",
        route="transfer",
        routing={"to": "urban"},
        steps=(
            accept(W(4, "09:00"), "1701", handler="1703"),
            resolve(
                W(3, "16:20"),
                "1703",
                "已现场检查，责令施工单位晚 22 时后停止高噪声作业，并要求办理夜间施工许可。",
            ),
            call_back(W(2, "10:40"), "1104", DISSATISFIED, "整改后第三天夜里又在施工。"),
            reopen(
                W(2, "11:00"),
                "1104",
                "回访不满意：工地夜间仍在施工，请城建管理科重新处理并加强夜间巡查。",
            ),
            accept(W(1, "09:30"), "1701", handler="1702"),
        ),
    ),
    # Transferred, waiting to be signed for: one overdue, one from yesterday, one just now.
    DemoCase(
        key="nursing-home-filing",
        at=W(3, "15:40"),
        by="1102",
        channel=VISIT,
        kind=CONSULTATION,
        matter="养老机构备案",
        person=Person("蔡志明", "0123-5810 3362", unit="示范市康乐养老服务有限公司"),
        text="准备开办一家 40 张床位的社区养老院，咨询养老机构备案要求和消防验收事项。",
        route="transfer",
        routing={"to": "social"},
    ),
    DemoCase(
        key="administrative-review-web",
        at=W(1, "16:05"),
        by="1105",
        channel=WEB,
        kind=CONSULTATION,
        matter="行政复议申请指引",
        person=Person("邵磊", "0123-6710 1123", email="shaolei@example.com"),
        text="网上留言：对区市场监管局的罚款决定不服，想了解如何申请行政复议、期限是多长。",
        route="transfer",
        routing={"to": "legal"},
    ),
    DemoCase(
        key="e-bike-battery",
        at=Fresh(50),
        by="1103",
        channel=PHONE,
        kind=COMPLAINT,
        matter="消费投诉受理",
        person=Person("潘建新", "0123-0571 6651"),
        text="上个月在城南一家车行买的电动自行车，电池已经鼓包，商家说是使用不当，拒绝更换。",
        route="transfer",
        routing={"to": "market"},
    ),
    # Handled at the desk or resolved by a department, waiting for the callback.
    # Asked first in a department's own office: 宋凯 answers and will call back himself.
    DemoCase(
        key="business-scope-change",
        at=W(1, "11:30"),
        by="1603",
        channel=VISIT,
        kind=CONSULTATION,
        matter="个体工商户设立登记",
        person=Person("杨帆", "0123-8810 7765"),
        text="到市场监管科办公室询问个体工商户怎么变更经营范围，想增加预包装食品销售。",
        route="handle_now",
        routing={
            "outcome": Outcome.ANSWERED,
            "result": "已告知经营范围可网上申请变更，增加预包装食品销售的还需办理食品经营备案，"
            "并当场指导其在网上提交。",
        },
    ),
    DemoCase(
        key="unemployment-benefit",
        at=W(1, "14:15"),
        by="1104",
        channel=VISIT,
        kind=APPLICATION,
        matter="失业保险金申领",
        person=Person("高建军", "0123-0671 5583"),
        text="单位裁员，上月离职，申领失业保险金。",
        route="one_time_notice",
        routing={
            "notification_text": "请备齐以下材料到二楼 205室人社科办理：\n"
            "1. 身份证原件\n"
            "2. 原单位出具的解除劳动合同证明\n"
            "3. 本人社会保障卡",
            "result": "已一次性告知所需材料，申请人表示明天带齐后来办理。",
        },
    ),
    DemoCase(
        key="social-security-card-replacement",
        at=W(4, "09:15"),
        by="1103",
        channel=VISIT,
        kind=APPLICATION,
        matter="社会保障卡申领与挂失补换",
        person=Person("何丽萍", "0123-5710 5542"),
        text="社保卡芯片损坏，在医院无法使用，申请换卡。",
        route="transfer",
        routing={"to": "hr"},
        steps=(
            accept(W(4, "10:30"), "1501", handler="1503"),
            resolve(W(1, "11:00"), "1503", "新卡已制作完成，申请人已领取并激活。"),
        ),
    ),
    # Referred out four working days ago and never called back: the callback is overdue.
    DemoCase(
        key="out-of-town-medical",
        at=W(4, "11:20"),
        by="1105",
        channel=PHONE,
        kind=CONSULTATION,
        person=Person("刘桂兰", "0123-0571 3378"),
        text="来电询问父亲在外省住院，异地就医怎么备案、费用怎么报销。",
        route="refer_out",
        routing={
            "referred_to": "市医疗保障局医保服务大厅",
            "result": "异地就医备案和报销由市医保局办理。已告知可通过国家医保服务平台 APP 线上"
            "备案，或到解放大道 233号医保服务大厅办理，咨询电话 12393。",
        },
    ),
    # Returned with a reason; back at the reception desk for the clerk to decide.
    DemoCase(
        key="arts-school",
        at=W(2, "11:20"),
        by="1102",
        channel=VISIT,
        kind=CONSULTATION,
        matter="社会团体成立登记咨询",
        person=Person("罗建平", "0123-5810 9913"),
        text="想和几位退休教师一起办一所艺术培训学校，咨询怎么登记。",
        route="transfer",
        routing={"to": "civil"},
        steps=(
            give_back(
                W(1, "10:10"),
                "1403",
                "申请人拟办的是营利性艺术培训学校，办学许可属教育部门、登记属市场监管部门，"
                "不属民政科社会团体登记职责，请首问人重新研判后转办或告知。",
            ),
        ),
    ),
    # Returned twice: the supervising office decides (arbitration).
    DemoCase(
        key="shared-bikes",
        at=W(3, "10:00"),
        by="1104",
        channel=PHONE,
        kind=COMPLAINT,
        person=Person("邹平", "0123-6710 9927", "示范市东城区时代广场"),
        text="时代广场周边共享单车乱停乱放，堵住了商场的消防通道和盲道。",
        route="transfer",
        routing={"to": "urban"},
        steps=(
            give_back(
                W(2, "15:30"),
                "1703",
                "共享单车停放管理由市交通运输部门牵头，城建管理科无执法权，建议转交通部门。",
            ),
            transfer(W(2, "16:10"), "1104", "market", "城建管理科认为单车企业经营行为属市场监管。"),
            give_back(
                W(1, "09:40"), "1602", "共享单车停放不属于市场监管科职责，应由城建管理科牵头。"
            ),
        ),
    ),
    # A complaint about a staff member from the public complaint page.
    DemoCase(
        key="public-complaint",
        at=W(1, "20:40"),
        by="",
        channel=WEB,
        kind=COMPLAINT,
        person=Person("钟秀兰", "0123-0571 6698"),
        text="上周到民政科咨询低保，工作人员林晓东态度很不耐烦，没听完就说不归他管，"
        "让我去别的窗口问。",
        route="public_complaint",
        routing={"subject_staff": "1403"},
    ),
)

CASES = ON_THE_SPOT + CLOSED + OPEN
