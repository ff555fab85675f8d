/// The datasets the platform opens (issue 18 §7, ADR 0045), defined once: the services fill
/// them, the pages and the API describe them from here. Field names are JSON keys; titles are
/// the CSV headers. None holds personal data: no applicant, rater or member of staff, no
/// free text written by a citizen.
public enum OpenDataCatalog {
    public static func datasets(publisher: String) -> [OpenDataset] {
        [items(publisher), caseStatistics(publisher), queueStatistics(publisher), ratings(publisher), licences(publisher),
         themes(publisher), enterprises(publisher), halls(publisher), rectifications(publisher)]
    }

    static let month = OpenDataField("month", "月份", .month, "统计月份")

    static func items(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "service-items", title: "政务服务事项目录", summary: "已发布的政务服务事项及其办事指南要素：实施部门、办件类型、时限、跑动次数、材料数、收费和网办深度。",
            publisher: publisher, frequency: .realTime, theme: "政务服务",
            fields: [
                OpenDataField("item_code", "实施编码", .text, "事项实施编码（全省统一）"),
                OpenDataField("basic_code", "基本编码", .text, "事项基本编码"),
                OpenDataField("name", "事项名称", .text, "事项名称"),
                OpenDataField("item_type", "事项类型", .text, "行政许可、公共服务等"),
                OpenDataField("department_code", "实施部门代码", .text, "本平台的部门代码"),
                OpenDataField("department_name", "实施部门", .text, "实施部门名称"),
                OpenDataField("case_kind", "办件类型", .text, "即办件或承诺件"),
                OpenDataField("legal_limit", "法定办结时限", .text, "法律规定的办结时限"),
                OpenDataField("promised_limit", "承诺办结时限", .text, "本地承诺的办结时限"),
                OpenDataField("trips", "到办事现场次数", .integer, "申请人最多须到现场的次数"),
                OpenDataField("materials", "申请材料数", .integer, "办事指南列出的申请材料份数"),
                OpenDataField("charged", "是否收费", .text, "是或否"),
                OpenDataField("online_depth", "网办深度", .text, "网上可办到哪一步"),
                OpenDataField("window_category", "综合窗口类别", .text, "受理该事项的综合窗口类别代码"),
                OpenDataField("version", "指南版本", .integer, "已发布的办事指南版本号"),
            ])
    }

    static func caseStatistics(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "case-statistics", title: "办件量月度统计（按事项和部门）",
            summary: "近 13 个月各事项的收件、受理、不予受理、补正告知、即办、办结和按时办结情况，按收件月份统计，全部渠道（窗口、网上、一件事）合计。",
            publisher: publisher, frequency: .daily, theme: "政务服务",
            fields: [
                month,
                OpenDataField("item_code", "实施编码", .text, "事项实施编码"),
                OpenDataField("item_name", "事项名称", .text, "事项名称"),
                OpenDataField("department_code", "部门代码", .text, "实施部门代码"),
                OpenDataField("department_name", "实施部门", .text, "实施部门名称"),
                .count("received", "收件量", "当月收件的办件数"),
                .count("accepted", "受理量", "其中已受理的"),
                .count("refused", "不予受理量", "其中不予受理的"),
                .count("corrected", "一次性告知量", "其中收件时出具一次性告知（补齐补正）的"),
                .count("immediate", "即办量", "其中当场办结的"),
                .count("concluded", "办结量", "其中已办结的"),
                .count("on_time", "按时办结量", "其中在承诺时限内办结的"),
                .derived("on_time_rate", "按时办结率（%）", "按时办结量 ÷ 办结量", from: ["on_time", "concluded"]),
                .count("timed", "计时办结量", "记有受理至办结工作日数的办结件"),
                .derived("average_working_days", "平均办理工作日", "受理至办结的平均工作日数", from: ["timed"]),
            ],
            partitions: [
                OpenDataPartition(total: "received", parts: ["accepted", "refused"], complete: false),
                OpenDataPartition(total: "accepted", parts: ["immediate"], complete: false),
                OpenDataPartition(total: "concluded", parts: ["on_time"], complete: false),
            ])
    }

    static func queueStatistics(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "queue-statistics", title: "排队叫号月度统计（按服务中心）", summary: "各服务中心每月取号、叫号、办结和过号数，平均等候和平均办理时长。",
            publisher: publisher, frequency: .daily, theme: "政务服务",
            fields: [
                month,
                OpenDataField("hall_code", "服务中心代码", .text, "本平台的服务中心代码"),
                OpenDataField("hall_name", "服务中心", .text, "服务中心名称"),
                .count("arrived", "取号数", "当月取号数"),
                .count("called", "叫号数", "其中被叫到的"),
                .count("served", "办结数", "其中在窗口办完的"),
                .count("no_shows", "过号数", "叫号未到的"),
                .derived("average_wait_minutes", "平均等候（分钟）", "取号至首次叫号的平均分钟数", from: ["called"]),
                .count("over_target", "超目标等候数", "等候超过该队列目标时长的"),
                .derived("over_target_share", "超目标等候占比（%）", "超目标等候数 ÷ 叫号数", from: ["over_target", "called"]),
                .derived("average_service_minutes", "平均办理（分钟）", "窗口开始办理至办完的平均分钟数", from: ["served"]),
            ],
            partitions: [
                OpenDataPartition(total: "arrived", parts: ["called"], complete: false),
                OpenDataPartition(total: "called", parts: ["over_target"], complete: false),
            ])
    }

    static func ratings(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "ratings", title: "好差评月度统计（按服务中心和部门）", summary: "每月评价数、满意数（基本满意及以上）、差评数及已整改数，满意率和整改率；经申诉撤销的差评不计。",
            publisher: publisher, frequency: .daily, theme: "监督评价",
            fields: [
                month,
                OpenDataField("dimension", "统计维度", .text, "服务中心或部门"),
                OpenDataField("code", "代码", .text, "服务中心或部门代码；窗口服务（一次一评）不属部门时为空"),
                OpenDataField("name", "名称", .text, "服务中心或部门名称"),
                .count("ratings", "评价数", "当月评价数"),
                .count("satisfied", "满意数", "基本满意及以上的评价"),
                .count("negative", "差评数", "不满意和非常不满意的评价"),
                .count("rectified", "已整改数", "差评中整改已办结的"),
                .derived("satisfaction_rate", "满意率（%）", "满意数 ÷ 评价数", from: ["satisfied", "ratings"]),
                .derived("rectification_rate", "整改率（%）", "已整改数 ÷ 差评数", from: ["rectified", "negative"]),
            ],
            partitions: [
                OpenDataPartition(total: "ratings", parts: ["satisfied", "negative"], complete: true),
                OpenDataPartition(total: "negative", parts: ["rectified"], complete: false),
            ])
    }

    static func licences(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "licences-issued", title: "电子证照签发月度统计（按证照类型）", summary: "每月各部门签发的电子证照数，按证照类型统计（含换发的新版本）。",
            publisher: publisher, frequency: .daily, theme: "电子证照",
            fields: [
                month,
                OpenDataField("type_code", "证照类型代码", .text, "电子证照类型代码"),
                OpenDataField("type_name", "证照类型", .text, "电子证照类型名称"),
                OpenDataField("department_code", "签发部门代码", .text, "签发部门代码"),
                OpenDataField("department_name", "签发部门", .text, "签发部门名称"),
                .count("issued", "签发数", "当月签发的电子证照数"),
            ])
    }

    static func themes(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "themes", title: "“一件事”主题及成效", summary: "已发布的“一件事”主题：所含事项，分别办与一次办的时限、材料和跑动对比，以及主题办件数。",
            publisher: publisher, frequency: .daily, theme: "一件事一次办",
            fields: [
                OpenDataField("code", "主题代码", .text, "主题代码"),
                OpenDataField("name", "主题名称", .text, "主题名称"),
                OpenDataField("lead_department", "牵头部门", .text, "牵头部门名称"),
                OpenDataField("items", "事项数", .integer, "主题所含事项数"),
                OpenDataField("serial_days", "分别办理工作日", .integer, "各事项承诺时限之和"),
                OpenDataField("parallel_days", "并联办理工作日", .integer, "按前后置关系并联办理所需工作日"),
                OpenDataField("promised_days", "主题承诺工作日", .integer, "主题承诺办结时限"),
                OpenDataField("materials_separately", "分别办理材料数", .integer, "各事项材料份数之和"),
                OpenDataField("materials_merged", "一次办材料数", .integer, "合并去重、免提交后须提交的材料数"),
                OpenDataField("trips_separately", "分别办理跑动次数", .integer, "各事项到现场次数之和"),
                .count("cases_received", "主题办件数", "该主题已收件的办件数"),
                .count("cases_concluded", "主题办结数", "其中已办结的"),
            ],
            partitions: [OpenDataPartition(total: "cases_received", parts: ["cases_concluded"], complete: false)])
    }

    static func enterprises(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "enterprises", title: "市场主体名录（公开信息）", summary: "经窗口核验的企业等市场主体的统一社会信用代码、名称、主体类型和登记地区；不含法定代表人等个人信息。",
            publisher: publisher, frequency: .daily, theme: "市场主体",
            fields: [
                OpenDataField("uscc", "统一社会信用代码", .text, "GB 32100 统一社会信用代码"),
                OpenDataField("name", "名称", .text, "市场主体名称"),
                OpenDataField("kind", "主体类型", .text, "由信用代码第 1–2 位得出"),
                OpenDataField("region_code", "登记地区代码", .text, "信用代码第 3–8 位（GB/T 2260）"),
                OpenDataField("verified_on", "核验日期", .date, "窗口核验营业执照的日期"),
            ])
    }

    static func halls(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "halls", title: "政务服务中心及开放时间", summary: "区、镇（街道）、村（社区）各级服务中心的地址、电话、开放时间和窗口数。",
            publisher: publisher, frequency: .realTime, theme: "政务服务",
            fields: [
                OpenDataField("code", "服务中心代码", .text, "本平台的服务中心代码"),
                OpenDataField("name", "名称", .text, "服务中心名称"),
                OpenDataField("level", "层级", .text, "区级、镇街或村居"),
                OpenDataField("region_code", "行政区划代码", .text, "GB/T 2260 代码"),
                OpenDataField("address", "地址", .text, "办公地址"),
                OpenDataField("phone", "咨询电话", .text, "咨询电话"),
                OpenDataField("opening_hours", "开放时间", .text, "一周的开放时间（法定节假日除外）"),
                OpenDataField("windows", "窗口数", .integer, "设置的服务窗口数"),
            ])
    }

    static func rectifications(_ publisher: String) -> OpenDataset {
        OpenDataset(
            id: "rectifications", title: "差评整改公示", summary: "近 13 个月每一件差评的整改：涉及的部门、服务中心和事项，差评原因类别，整改状态和整改结果，评价人是否满意；不含评价人和评价内容。",
            publisher: publisher, frequency: .realTime, theme: "监督评价",
            fields: [
                OpenDataField("opened_on", "差评日期", .date, "差评（整改开始）的日期"),
                OpenDataField("department_name", "责任部门", .text, "负责整改的部门；窗口服务为空"),
                OpenDataField("hall_name", "服务中心", .text, "提供服务的服务中心"),
                OpenDataField("item_name", "事项", .text, "所办事项；窗口服务（一次一评）为空"),
                OpenDataField("level", "评价等级", .text, "不满意或非常不满意"),
                OpenDataField("reasons", "差评原因类别", .text, "评价人选择的原因类别（不含其填写的文字）"),
                OpenDataField("state", "整改状态", .text, "待核实、整改中、已反馈或已办结"),
                OpenDataField("result", "整改结果", .text, "责任部门公布的整改结果"),
                OpenDataField("rater_satisfied", "评价人是否满意", .text, "评价人对整改反馈的意见"),
            ])
    }
}

extension OpenDataCatalog {
    /// The kind of registrant a credit code's first two characters name (GB 32100: the
    /// registering authority and its category).
    public static func registrantKind(uscc: String) -> String {
        switch uscc.prefix(2) {
        case "91": "企业"
        case "92": "个体工商户"
        case "93": "农民专业合作社"
        case "11": "机关"
        case "12": "事业单位"
        case "51": "社会团体"
        case "52": "民办非企业单位"
        case "53": "基金会"
        default: "其他组织"
        }
    }
}
