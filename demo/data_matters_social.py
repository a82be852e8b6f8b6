"""Duty list of social affairs, civil affairs and human resources and social security."""

from .records import MatterRow

SOCIAL_ASSISTANCE = "《社会救助暂行办法》"

MATTERS = (
    # 社会事务科
    MatterRow(
        department="social",
        name="困难残疾人生活补贴和重度残疾人护理补贴申请",
        keywords="残疾人 两项补贴 护理补贴 生活补贴 残疾证",
        description="持第二代残疾人证的低保家庭残疾人可申请生活补贴，一、二级重度残疾人可申请护理补贴，"
        "审核通过后按月发放。",
        materials=(
            "申请人身份证和户口簿原件及复印件",
            "第二代残疾人证",
            "补贴申请表",
            "本人银行卡",
        ),
        legal_basis="《中华人民共和国残疾人保障法》；"
        "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见",
    ),
    MatterRow(
        department="social",
        name="高龄津贴申领",
        keywords="高龄 津贴 老人 80岁 补贴",
        description="年满 80 周岁的本市户籍老年人可申领高龄津贴，次月起按月发放到本人账户。",
        materials=("老年人身份证和户口簿原件", "本人银行卡或存折", "代办的，提供代办人身份证"),
        legal_basis="《中华人民共和国老年人权益保障法》",
    ),
    MatterRow(
        department="social",
        name="养老机构备案",
        keywords="养老院 养老机构 备案 敬老院",
        description="设立养老机构的，在办理登记后向民政部门备案，备案后接受日常监督检查。",
        materials=(
            "养老机构备案书",
            "登记证书或营业执照复印件",
            "服务场所权属或租赁证明",
            "消防安全相关材料",
        ),
        legal_basis="《养老机构管理办法》",
    ),
    MatterRow(
        department="social",
        name="临时救助申请",
        keywords="临时救助 急难 突发困难 救急",
        description="因火灾、交通事故、突发重病等导致基本生活暂时困难的家庭可申请临时救助，"
        "情况紧急的先行救助、后补手续。",
        materials=(
            "申请人身份证和户口簿",
            "临时救助申请书",
            "致困原因证明（如医疗费票据、事故证明）",
        ),
        legal_basis=SOCIAL_ASSISTANCE,
    ),
    # 民政科
    MatterRow(
        department="civil",
        name="最低生活保障申请",
        keywords="低保 最低生活保障 困难家庭 生活困难",
        description="家庭人均收入低于当地低保标准且财产符合规定的，以家庭为单位申请，"
        "经入户调查、民主评议和公示后审批。",
        materials=(
            "户主身份证和户口簿原件及复印件",
            "最低生活保障申请书",
            "家庭收入和财产状况声明",
            "家庭经济状况核对授权书",
            "患病、残疾的提供诊断证明或残疾人证",
        ),
        legal_basis=f"{SOCIAL_ASSISTANCE}；《最低生活保障审核确认办法》",
    ),
    MatterRow(
        department="civil",
        name="特困人员救助供养申请",
        keywords="特困 五保 救助供养 无依无靠",
        description="无劳动能力、无生活来源、无法定赡养抚养扶养义务人的老年人、残疾人和未成年人，"
        "可申请特困人员救助供养。",
        materials=("申请人身份证和户口簿", "特困人员救助供养申请书", "劳动能力和收入财产状况说明"),
        legal_basis=f"{SOCIAL_ASSISTANCE}；《特困人员认定办法》",
    ),
    MatterRow(
        department="civil",
        name="婚姻登记预约与咨询",
        keywords="结婚 离婚 婚姻登记 领证 预约 补领结婚证",
        description="解答结婚、离婚和补领婚姻登记证的条件与材料，办理网上预约；登记由婚姻登记处办理。",
        materials=("双方身份证原件", "双方户口簿原件", "近期半身免冠合影照片（结婚登记）"),
        legal_basis="《婚姻登记条例》",
    ),
    MatterRow(
        department="civil",
        name="社会团体成立登记咨询",
        keywords="社会团体 协会 商会 社团 成立登记",
        description="解答社会团体成立的条件、业务主管单位和登记程序，指导准备申请材料。",
        materials=("登记申请书", "业务主管单位批准文件", "章程草案", "住所使用权证明", "验资报告"),
        legal_basis="《社会团体登记管理条例》",
    ),
    MatterRow(
        department="civil",
        name="惠民殡葬补贴申领",
        keywords="殡葬 丧葬 火化 补贴 骨灰",
        description="本市户籍居民去世后火化的，家属可申领基本殡葬服务费用补贴。",
        materials=("死亡证明", "火化证明", "逝者户口簿和身份证", "申领人身份证和银行卡"),
        legal_basis="《殡葬管理条例》",
    ),
    # 人力资源和社会保障科
    MatterRow(
        department="hr",
        name="拖欠工资投诉",
        keywords="欠薪 拖欠工资 农民工 工资 讨薪 劳动监察",
        description="受理劳动者被拖欠工资的投诉，对用人单位立案调查、责令限期支付；"
        "农民工欠薪优先办理。",
        materials=(
            "投诉人身份证",
            "劳动合同、工资条或考勤记录等劳动关系证明",
            "用人单位名称和地址",
        ),
        legal_basis="《保障农民工工资支付条例》；《劳动保障监察条例》",
    ),
    MatterRow(
        department="hr",
        name="失业保险金申领",
        keywords="失业 失业金 失业保险 下岗",
        description="参保满一年、非本人意愿中断就业并已办理失业登记的，可申领失业保险金。",
        materials=("身份证原件", "解除或终止劳动合同的证明", "本人社会保障卡"),
        legal_basis="《失业保险条例》",
    ),
    MatterRow(
        department="hr",
        name="社会保障卡申领与挂失补换",
        keywords="社保卡 社会保障卡 挂失 补卡 换卡 激活",
        description="办理社会保障卡的首次申领、临时挂失、补卡和换卡，补换卡可当场制卡。",
        materials=("身份证原件", "近期一寸免冠白底照片（首次申领）"),
    ),
    MatterRow(
        department="hr",
        name="灵活就业人员社会保险参保登记",
        keywords="灵活就业 个体 社保 参保 养老保险 自由职业",
        description="无雇工的个体工商户、非全日制从业人员和其他灵活就业人员办理基本养老保险参保登记。",
        materials=("身份证原件", "社会保障卡", "参保登记表"),
        legal_basis="《中华人民共和国社会保险法》",
    ),
    MatterRow(
        department="hr",
        name="工伤认定申请",
        keywords="工伤 工伤认定 受伤 职业病 上班受伤",
        description="用人单位未在规定时限内申请的，受伤职工或其近亲属可在事故发生之日起一年内申请工伤认定。",
        materials=(
            "工伤认定申请表",
            "劳动关系证明",
            "医疗诊断证明或职业病诊断证明书",
            "受伤职工身份证",
        ),
        legal_basis="《工伤保险条例》",
    ),
    MatterRow(
        department="hr",
        name="就业创业补贴申请",
        keywords="创业 补贴 就业 担保贷款 高校毕业生",
        description="符合条件的高校毕业生、就业困难人员等可申请一次性创业补贴、社保补贴和创业担保贷款贴息。",
        materials=("身份证原件", "就业创业证", "营业执照复印件（创业补贴）", "补贴申请表"),
    ),
)
