"""Duty list of letters and visits (信访科) and the legal office (法制科)."""

from .records import MatterRow

LETTERS_AND_VISITS = "《信访工作条例》"

MATTERS = (
    # 信访科
    MatterRow(
        department="letters",
        name="来信来访登记受理",
        keywords="信访 来信 来访 上访 反映问题 诉求",
        description="登记群众来信、来访反映的问题，属本中心职责的转承办科室办理，"
        "在规定时限内办结并书面答复；不属本中心的告知向有权处理的机关提出。",
        materials=("信访人身份证原件", "反映问题的书面材料", "已经处理过的，提供原处理意见书"),
        legal_basis=LETTERS_AND_VISITS,
    ),
    MatterRow(
        department="letters",
        name="网上信访受理",
        keywords="网上信访 网络 留言 信访平台",
        description="办理群众通过网上信访平台提交的诉求，按来信来访同等时限受理和答复。",
        materials=("信访平台受理编号", "相关证明材料的电子版"),
        legal_basis=LETTERS_AND_VISITS,
    ),
    MatterRow(
        department="letters",
        name="领导接访日预约",
        keywords="领导接访 接待日 预约 面谈",
        description="每月第二周的周三为中心领导公开接访日，群众可提前预约，由信访科安排接待并跟踪交办事项。",
        materials=("信访人身份证原件", "反映问题的简要书面材料"),
        legal_basis=LETTERS_AND_VISITS,
    ),
    MatterRow(
        department="letters",
        name="信访事项复查复核申请",
        keywords="复查 复核 不服 信访处理意见",
        description="对信访处理意见不服的，可自收到书面答复之日起 30 日内"
        "请求原办理机关的上一级机关复查，信访科负责指引和材料转送。",
        materials=("信访处理意见书原件", "复查（复核）请求书", "身份证原件"),
        legal_basis=LETTERS_AND_VISITS,
    ),
    MatterRow(
        department="letters",
        name="12345 热线转办件办理",
        keywords="12345 热线 转办件 工单 回复",
        description="签收 12345 市民服务热线转来的工单，分送承办科室，"
        "在热线规定时限内回复办理结果。",
        materials=("热线工单",),
        is_public=False,
    ),
    # 法制科
    MatterRow(
        department="legal",
        name="行政复议申请指引",
        keywords="行政复议 不服 具体行政行为 复议申请",
        description="对本中心作出的行政行为不服的，告知复议机关、申请期限和所需材料，"
        "协助填写行政复议申请书。",
        materials=("行政复议申请书", "申请人身份证明", "被申请复议的决定书或相关证据"),
        legal_basis="《中华人民共和国行政复议法》",
    ),
    MatterRow(
        department="legal",
        name="行政执法投诉",
        keywords="执法 乱罚款 执法不规范 投诉 执法人员",
        description="受理对本中心执法人员不出示证件、程序违法、处罚不当等问题的投诉，调查核实后书面答复。",
        materials=("处罚决定书或现场笔录", "投诉人身份证明", "相关照片、录音等证据"),
        legal_basis="《中华人民共和国行政处罚法》",
    ),
    MatterRow(
        department="legal",
        name="行政规范性文件合法性审核",
        keywords="规范性文件 合法性审核 发文",
        description="各科室起草的规范性文件在印发前送法制科审核合法性。",
        materials=("文件送审稿", "起草说明", "征求意见情况"),
        legal_basis="国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
        is_public=False,
    ),
)
