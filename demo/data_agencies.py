"""Where the reception window sends people whose matter lies outside the centre."""

from .records import AgencyRow

# Short hotline numbers are the real nationwide service numbers; local lines use the
# non-existent area code 0123.
EXTERNAL_AGENCIES = (
    AgencyRow(
        name="12345 市民服务热线",
        address="示范市人民路 1号 市政府便民服务大楼",
        phone="12345",
        handles="全市政务咨询、投诉、求助、建议的统一受理和转办；夜间和节假日照常接听。",
    ),
    AgencyRow(
        name="市公安局出入境管理支队",
        address="示范市建设路 88号",
        phone="0123-6612 0110",
        handles="护照、往来港澳台通行证及签注的申请、补办；外国人签证证件延期。",
    ),
    AgencyRow(
        name="市公安局户政管理支队",
        address="示范市建设路 90号",
        phone="0123-6612 0120",
        handles="户口迁移、出生和死亡登记、身份证办理；日常户籍业务由各派出所办理。",
    ),
    AgencyRow(
        name="市不动产登记中心",
        address="示范市滨河东路 16号",
        phone="0123-6633 5200",
        handles="房屋和土地的不动产登记、抵押登记、不动产权证书补换发、登记资料查询。",
    ),
    AgencyRow(
        name="市住房公积金管理中心",
        address="示范市滨河东路 18号",
        phone="12329",
        handles="住房公积金缴存、提取、贷款及账户查询。",
    ),
    AgencyRow(
        name="市税务局第一税务分局办税服务厅",
        address="示范市解放大道 201号",
        phone="12366",
        handles="发票领用、个人所得税汇算、社会保险费缴纳中的税务事项、纳税咨询。",
    ),
    AgencyRow(
        name="市医疗保障局医保服务大厅",
        address="示范市解放大道 233号",
        phone="12393",
        handles="医保参保登记、异地就医备案、医疗费用报销、医保待遇咨询。",
    ),
    AgencyRow(
        name="区人民法院诉讼服务中心",
        address="示范市东城区法院街 5号",
        phone="12368",
        handles="民事、行政案件立案，诉讼费缴纳，案件进度查询，诉前调解。",
    ),
    AgencyRow(
        name="市法律援助中心",
        address="示范市文化路 12号 司法局一楼",
        phone="12348",
        handles="经济困难群众的法律咨询、代写法律文书、法律援助申请。",
    ),
)
