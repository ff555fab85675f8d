/// Code tables of the service guide (standards.md §4). Raw values are the stable codes used in
/// the database, the JSON API and the catalogue file; `label` is what people read.

/// 行使层级: the administrative level that exercises an item; the 19th character of the implementation code.
public enum ExerciseLevel: Int, Sendable, Codable, CaseIterable {
    case national = 1, province, city, county, town, village

    public var label: String {
        switch self {
        case .national: "国家级"
        case .province: "省级"
        case .city: "市级"
        case .county: "县级"
        case .town: "乡镇（街道）级"
        case .village: "村（社区）级"
        }
    }
}

/// 办理形式: how an application may be handed in.
public enum HandlingForm: String, Sendable, Codable, CaseIterable {
    case window, online, post

    public var label: String {
        switch self {
        case .window: "窗口办理"
        case .online: "网上办理"
        case .post: "快递申请"
        }
    }
}

/// 办件类型.
public enum CaseKind: String, Sendable, Codable, CaseIterable {
    /// 即办件: decided on the spot.
    case immediate
    /// 承诺件: decided within the promised limit.
    case promised
    /// 上报件: accepted here, decided by a higher level.
    case reported
    /// 联办件: several departments decide together.
    case joint

    public var label: String {
        switch self {
        case .immediate: "即办件"
        case .promised: "承诺件"
        case .reported: "上报件"
        case .joint: "联办件"
        }
    }
}

/// The unit of a time limit; 行政许可法 §82 counts working days, some items count calendar days.
public enum TimeUnit: String, Sendable, Codable, CaseIterable {
    case workingDays = "working-days"
    case calendarDays = "calendar-days"

    public var label: String {
        switch self {
        case .workingDays: "个工作日"
        case .calendarDays: "个自然日"
        }
    }
}

/// 网上办理深度 Ⅰ–Ⅳ; Ⅳ is 全程网办.
public enum OnlineDepth: Int, Sendable, Codable, CaseIterable {
    case one = 1, two, three, four

    public var label: String {
        switch self {
        case .one: "Ⅰ级（网上咨询）"
        case .two: "Ⅱ级（网上预审）"
        case .three: "Ⅲ级（网上受理）"
        case .four: "Ⅳ级（全程网办）"
        }
    }
}

/// 通办范围: where an application may be handed in.
public enum ServiceScope: String, Sendable, Codable, CaseIterable {
    case none
    case district
    case city
    case province
    case nationwide

    public var label: String {
        switch self {
        case .none: "不通办"
        case .district: "全区通办"
        case .city: "全市通办"
        case .province: "全省通办"
        case .nationwide: "跨省通办"
        }
    }
}

/// The publication state of an item (not of a version).
public enum ItemStatus: String, Sendable, Codable, CaseIterable {
    case draft, published, suspended

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .published: "已发布"
        case .suspended: "已暂停"
        }
    }
}

/// 材料类型.
public enum MaterialType: String, Sendable, Codable, CaseIterable {
    case certificate, form, other

    public var label: String {
        switch self {
        case .certificate: "证件证书证明"
        case .form: "申请表格文书"
        case .other: "其他"
        }
    }
}

/// 材料形式.
public enum MaterialForm: String, Sendable, Codable, CaseIterable {
    case paper, electronic, both

    public var label: String {
        switch self {
        case .paper: "纸质"
        case .electronic: "电子"
        case .both: "纸质或电子"
        }
    }
}

/// 必要性. `deferrable` is 容缺后补: the case may be accepted while it is still missing.
public enum MaterialNecessity: String, Sendable, Codable, CaseIterable {
    case required, optional, deferrable

    public var label: String {
        switch self {
        case .required: "必要"
        case .optional: "非必要"
        case .deferrable: "容缺后补"
        }
    }
}

/// 来源渠道. Materials issued by a government body can be fetched and are never asked for again.
public enum MaterialSource: String, Sendable, Codable, CaseIterable {
    case applicant, government

    public var label: String {
        switch self {
        case .applicant: "申请人自备"
        case .government: "政府部门核发"
        }
    }
}
