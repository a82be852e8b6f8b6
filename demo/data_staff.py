"""The demo staff, their logins and who takes the overall duty at night and on days off."""

from departments.roles import Role
from departments.two_factor import DEMO_TOTP_SECRET  # noqa: F401 (load_demo prints it)

from .records import StaffRow

CLERK, HANDLER, HEAD = Role.CLERK, Role.HANDLER, Role.HEAD
SUPERVISOR, AUDITOR, ADMINISTRATOR = Role.SUPERVISOR, Role.AUDITOR, Role.ADMINISTRATOR


def _row(badge, name, username, department, position, rank, *roles):
    # The office line ends in the badge number; area code 0123 does not exist in China, so
    # no demo number rings a real phone.
    return StaffRow(badge, name, username, department, position, rank, f"0123-6690 {badge}", roles)


# Rank decides who is first-responsible when several staff were asked together, so the
# scale follows the positions: 主任 10, 副主任 9, 科长 7, 副科长 6, 科员 4.
# Badge numbers: two digits for the department, two for the person.
STAFF = (
    # 办公室（首问办）: the centre's leaders sit here, and so does the first-inquiry office.
    _row("1001", "周建国", "zhoujianguo", "office", "主任", 10, SUPERVISOR),
    _row("1002", "李文华", "liwenhua", "office", "副主任", 9, SUPERVISOR),
    _row("1003", "陈志强", "chenzhiqiang", "office", "副主任", 9, SUPERVISOR),
    _row("1004", "王慧敏", "wanghuimin", "office", "副主任", 9, SUPERVISOR),
    _row("1005", "刘海涛", "liuhaitao", "office", "办公室主任", 7, HEAD, SUPERVISOR),
    _row("1006", "赵雪梅", "supervisor", "office", "副科长", 6, SUPERVISOR),
    _row("1007", "孙立新", "admin", "office", "科员", 4, ADMINISTRATOR),
    _row("1008", "黄晓琳", "huangxiaolin", "office", "科员", 4, HANDLER),
    # 首问接待处
    _row("1101", "吴婷婷", "wutingting", "reception", "科长", 7, HEAD),
    _row("1102", "郑晓燕", "clerk", "reception", "科员", 4, CLERK),
    _row("1103", "冯磊", "fenglei", "reception", "科员", 4, CLERK),
    _row("1104", "何佳怡", "hejiayi", "reception", "科员", 4, CLERK),
    _row("1105", "罗俊杰", "luojunjie", "reception", "科员", 4, CLERK),
    # 信访科
    _row("1201", "蒋卫东", "jiangweidong", "letters", "科长", 7, HEAD),
    _row("1202", "沈佳", "shenjia", "letters", "副科长", 6, HANDLER),
    _row("1203", "袁浩", "yuanhao", "letters", "科员", 4, HANDLER),
    # 社会事务科
    _row("1301", "马国平", "maguoping", "social", "科长", 7, HEAD),
    _row("1302", "许静", "xujing", "social", "科员", 4, HANDLER),
    _row("1303", "朱文斌", "zhuwenbin", "social", "科员", 4, HANDLER),
    # 民政科
    _row("1401", "胡秀兰", "huxiulan", "civil", "科长", 7, HEAD),
    _row("1402", "高明", "gaoming", "civil", "副科长", 6, HANDLER),
    _row("1403", "林晓东", "linxiaodong", "civil", "科员", 4, HANDLER),
    # 人力资源和社会保障科
    _row("1501", "邓丽华", "denglihua", "hr", "科长", 7, HEAD),
    _row("1502", "彭博", "pengbo", "hr", "副科长", 6, HANDLER),
    _row("1503", "曾晓薇", "zengxiaowei", "hr", "科员", 4, HANDLER),
    # 市场监管科: the demo head and handler work here, so the head sees the handler's cases.
    _row("1601", "郭建军", "head", "market", "科长", 7, HEAD),
    _row("1602", "梁婉清", "liangwanqing", "market", "副科长", 6, HANDLER),
    _row("1603", "宋凯", "handler", "market", "科员", 4, HANDLER),
    _row("1604", "谢丽娜", "xielina", "market", "科员", 4, HANDLER),
    # 城建管理科
    _row("1701", "唐志刚", "tangzhigang", "urban", "科长", 7, HEAD),
    _row("1702", "韩冰", "hanbing", "urban", "科员", 4, HANDLER),
    _row("1703", "曹宇", "caoyu", "urban", "科员", 4, HANDLER),
    # 法制科
    _row("1801", "程立", "chengli", "legal", "科长", 7, HEAD),
    _row("1802", "魏雅琴", "weiyaqin", "legal", "科员", 4, HANDLER),
    # 财务科
    _row("1901", "叶淑芬", "yeshufen", "finance", "科长", 7, HEAD),
    _row("1902", "杜鹏", "dupeng", "finance", "科员", 4, HANDLER),
    # 纪检监察室
    _row("2001", "苏振华", "suzhenhua", "discipline", "纪检监察室主任", 7, HEAD, AUDITOR),
    _row("2002", "潘雯", "auditor", "discipline", "科员", 4, AUDITOR),
)

# The logins the command prints, one per role, in this order.
DEMO_LOGINS = (
    ("clerk", CLERK),
    ("handler", HANDLER),
    ("head", HEAD),
    ("supervisor", SUPERVISOR),
    ("auditor", AUDITOR),
    ("admin", ADMINISTRATOR),
)

# Operates every tenant, so it has no staff record (see departments.access).
PLATFORM_USERNAME = "platform"

DEFAULT_PASSWORD = "firstask-demo"
DEMO_MAIL_DOMAIN = "ww.example.org"

# 总值班 at night and on days off rotates among the centre's leaders.
OVERALL_DUTY_BADGES = ("1001", "1002", "1003", "1004")

# The authenticator secret of every demo login that needs two-factor login (administrators,
# supervisors, auditors, the platform operator) is departments.two_factor.DEMO_TOTP_SECRET,
# published like the password: the code page recognises it and, with DEBUG on, shows the code.
