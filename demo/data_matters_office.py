"""Duty list of the office (首问办), the reception window, finance and discipline."""

from .records import MatterRow

LOCAL_RULES = "《示范市机关首问责任制暂行规定》"

MATTERS = (
    # 办公室（首问办）
    MatterRow(
        department="office",
        name="首问责任制执行情况投诉",
        keywords="首问 推诿 扯皮 踢皮球 不作为 态度差 投诉",
        description="群众反映工作人员不执行首问责任制、推诿扯皮、不一次性告知或态度生硬的，"
        "由首问办登记核查，查实后按规定追究责任并将结果告知投诉人。",
        materials=(
            "投诉人姓名和联系电话（可匿名）",
            "被投诉人姓名、工号或窗口号",
            "事情经过及时间",
        ),
        legal_basis=LOCAL_RULES,
    ),
    MatterRow(
        department="office",
        name="办理部门不明确事项的协调分办",
        keywords="不知道找谁 找哪个科室 分办 协调 多部门",
        description="首问责任人无法确定承办科室，或涉及多个科室的事项，交首问办指定主办和协办科室，"
        "并跟踪办理进度。",
        materials=("首问登记单", "群众提交的全部材料"),
        legal_basis=LOCAL_RULES,
    ),
    MatterRow(
        department="office",
        name="政府信息公开申请",
        keywords="信息公开 依申请公开 公开申请 文件查询",
        description="公民、法人或其他组织申请获取本中心制作或保存的政府信息，"
        "能当场答复的当场答复，不能当场答复的在法定期限内书面答复。",
        materials=(
            "政府信息公开申请表",
            "申请人身份证明（法人提交营业执照复印件）",
            "所需信息的名称或内容描述",
        ),
        legal_basis="《中华人民共和国政府信息公开条例》",
    ),
    MatterRow(
        department="office",
        name="意见箱和留言板意见建议办理",
        keywords="意见箱 建议 留言 意见簿 改进服务",
        description="每周开启大厅意见箱、汇总网上留言，分送有关科室研究办理，署名的意见建议在办结后回复。",
        materials=("意见建议原件或留言截图",),
    ),
    MatterRow(
        department="office",
        name="超期事项督办催办",
        keywords="督办 催办 超期 预警 黄牌 红牌",
        description="对临近时限或已超期的首问事项发出催办通知，约谈承办科室负责人，督办结果计入季度考核。",
        materials=("督办通知单", "承办科室书面说明"),
        legal_basis=LOCAL_RULES,
        is_public=False,
    ),
    MatterRow(
        department="office",
        name="首问责任制季度考核与通报",
        keywords="考核 通报 季度 评议 红黑榜",
        description="每季度汇总各科室登记、办结、回访和满意度情况，组织考核评议，形成通报报中心领导。",
        materials=("各科室季度自查报告", "首问登记汇总表", "回访满意度统计表"),
        legal_basis=LOCAL_RULES,
        is_public=False,
    ),
    # 首问接待处
    MatterRow(
        department="reception",
        name="办事指引与政策咨询",
        keywords="咨询 怎么办 去哪办 指引 政策 问询",
        description="解答到大厅或来电群众的办事和政策咨询，属其他科室的带到或告知承办科室、"
        "地点和电话，不属本中心的告知应去的单位。",
        materials=("无需材料，可携带相关证件或通知以便准确解答",),
    ),
    MatterRow(
        department="reception",
        name="一次性告知单出具",
        keywords="一次性告知 告知单 材料清单 补正 缺材料",
        description="材料不全的，按事项的职责清单一次性写明需补正的全部材料、要求和办理地点，"
        "告知单由首问责任人签名并留存底联。",
        materials=("已提交材料清单", "申请人联系电话"),
    ),
    MatterRow(
        department="reception",
        name="老年人、残疾人帮办代办",
        keywords="帮办 代办 老年人 残疾人 行动不便 陪同办理",
        description="为老年人、残疾人和行动不便的群众提供全程陪同、代为取号、代为填表和上门收件服务。",
        materials=("本人身份证原件", "委托他人代办的，提供委托书和受托人身份证"),
    ),
    MatterRow(
        department="reception",
        name="收件回执查询与补发",
        keywords="回执 查询码 办件进度 补发 丢失",
        description="凭收件编号和查询码查询办理进度；回执遗失的，核对身份后补发。",
        materials=("收件编号或登记时预留的电话", "身份证原件"),
    ),
    # 财务科
    MatterRow(
        department="finance",
        name="行政事业性收费票据查询与退费",
        keywords="收费 票据 发票 退费 多收费",
        description="查询本中心开具的行政事业性收费票据，核实多收、错收费用并办理退付。",
        materials=("缴费票据原件", "身份证原件", "本人银行卡或账户信息", "退费申请表"),
        legal_basis="《财政票据管理办法》",
    ),
    MatterRow(
        department="finance",
        name="部门预算执行与经费报销",
        keywords="预算 报销 经费 财务",
        description="各科室经费报销审核和预算执行情况统计，按月报中心领导。",
        materials=("报销单", "发票原件", "经办人和科室负责人签字"),
        is_public=False,
    ),
    # 纪检监察室
    MatterRow(
        department="discipline",
        name="工作人员违纪违规举报",
        keywords="举报 吃拿卡要 收红包 刁难 违纪 作风",
        description="受理对本中心工作人员吃拿卡要、故意刁难、以权谋私等问题的举报，"
        "对举报人信息严格保密。",
        materials=("被举报人姓名或工号", "问题线索和相关证据", "举报人联系方式（可匿名）"),
        legal_basis="《中华人民共和国公职人员政务处分法》",
    ),
    MatterRow(
        department="discipline",
        name="首问责任制违规责任追究",
        keywords="责任追究 通报批评 扣罚 效能告诫 查实",
        description="对投诉查实的违规行为，按年度内被查实次数确定处理意见，连带追究科室负责人责任，"
        "处理结果书面告知当事人。",
        materials=("投诉查实材料", "当事人陈述", "科室自查报告"),
        legal_basis=LOCAL_RULES,
        is_public=False,
    ),
)
