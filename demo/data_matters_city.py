"""Duty list of market supervision and urban construction management."""

from .records import MatterRow

MATTERS = (
    # 市场监管科
    MatterRow(
        department="market",
        name="消费投诉受理",
        keywords="消费投诉 退货 质量问题 商家 维权 假货 预付卡",
        description="受理消费者与经营者之间的消费纠纷投诉，组织调解；涉嫌违法的转立案调查。",
        materials=(
            "投诉人身份证明和联系电话",
            "购物凭证或发票",
            "商家名称和地址",
            "问题商品照片或其他证据",
        ),
        legal_basis="《中华人民共和国消费者权益保护法》",
    ),
    MatterRow(
        department="market",
        name="食品安全问题举报",
        keywords="食品安全 过期食品 无证经营 餐馆 卫生 举报",
        description="受理过期变质食品、无证经营、餐饮后厨卫生差等问题的举报，核查处理并为举报人保密。",
        materials=("被举报单位名称和地址", "问题描述和发生时间", "照片、购物凭证等线索（如有）"),
        legal_basis="《中华人民共和国食品安全法》",
    ),
    MatterRow(
        department="market",
        name="个体工商户设立登记",
        keywords="个体户 营业执照 开店 注册 登记",
        description="办理个体工商户设立登记，材料齐全、符合法定形式的当场发放营业执照。",
        materials=("经营者身份证原件", "个体工商户登记申请书", "经营场所使用证明"),
        legal_basis="《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》",
    ),
    MatterRow(
        department="market",
        name="食品经营许可申请",
        keywords="食品经营许可证 餐饮 小卖部 食品许可",
        description="从事食品销售和餐饮服务的，在取得营业执照后申请食品经营许可，现场核查合格后发证。",
        materials=(
            "食品经营许可申请书",
            "营业执照复印件",
            "经营场所平面图和设备布局图",
            "食品安全管理制度",
        ),
        legal_basis="《食品经营许可和备案管理办法》",
    ),
    MatterRow(
        department="market",
        name="价格违法行为举报",
        keywords="乱收费 价格欺诈 明码标价 涨价 价格",
        description="受理不明码标价、价格欺诈、哄抬价格等价格违法行为的举报。",
        materials=("被举报经营者名称和地址", "价签、收费单据或照片"),
        legal_basis="《中华人民共和国价格法》",
    ),
    MatterRow(
        department="market",
        name="计量器具缺斤短两投诉",
        keywords="缺斤短两 电子秤 计量 短秤",
        description="受理集贸市场和商店使用不合格计量器具、缺斤短两的投诉，必要时现场复秤检定。",
        materials=("购物凭证", "商户摊位号或店名", "复秤结果（如有）"),
        legal_basis="《中华人民共和国计量法》",
    ),
    # 城建管理科
    MatterRow(
        department="urban",
        name="占道经营和违法搭建举报",
        keywords="占道 摆摊 违建 乱搭乱建 违章建筑 城管",
        description="受理占道经营、乱堆乱放和违法搭建的举报，交执法中队现场核查处置。",
        materials=("具体地点", "问题照片（如有）", "举报人联系电话（可匿名）"),
        legal_basis="《城市市容和环境卫生管理条例》",
    ),
    MatterRow(
        department="urban",
        name="路灯井盖等市政设施报修",
        keywords="路灯 井盖 破损 报修 道路 坑洼",
        description="受理路灯不亮、井盖缺失破损、人行道塌陷等报修，"
        "危及安全的 2 小时内到场设置警示。",
        materials=("具体位置或附近标志物", "现场照片（如有）"),
    ),
    MatterRow(
        department="urban",
        name="物业服务纠纷调解",
        keywords="物业 物业费 小区 业主委员会 物业服务",
        description="调解业主与物业服务企业之间的服务质量和收费纠纷，指导业主大会和业主委员会依法履职。",
        materials=("业主身份证明或房产证明", "物业服务合同", "纠纷情况说明及证据"),
        legal_basis="《物业管理条例》",
    ),
    MatterRow(
        department="urban",
        name="老旧小区改造咨询",
        keywords="老旧小区 改造 加装电梯 管网改造",
        description="解答老旧小区改造的范围、申报程序和居民出资政策，指导加装电梯的意见征集。",
        materials=("小区名称和楼栋号", "业主意见征集表（申报加装电梯的）"),
    ),
    MatterRow(
        department="urban",
        name="建筑施工噪声投诉",
        keywords="噪声 扰民 夜间施工 工地 噪音",
        description="受理建筑工地夜间违规施工和噪声扰民的投诉，夜间投诉由值班人员及时联系到场核查。",
        materials=("工地位置或项目名称", "施工时间段", "录音录像（如有）"),
        legal_basis="《中华人民共和国噪声污染防治法》",
    ),
)
