/// The service guide (办事指南) of one version of an item: every field of standards.md §4.
///
/// A guide is a value: editing an item makes a new version holding a new guide, and earlier
/// guides stay readable because cases keep the version they were accepted under.
public struct ServiceGuide: Sendable, Hashable, Codable {
    /// 基本编码 (12 characters).
    public var basicCode: String
    /// 实施编码 (31 characters): implementing body's USCC + level + basic code.
    public var implementationCode: String
    public var name: String
    /// 事项类型, a code from the catalogue's item-type table (行政许可, 公共服务, …).
    public var itemType: String
    /// The implementing department (实施主体), by department code.
    public var department: DepartmentCode
    public var level: ExerciseLevel
    /// 设定依据: laws and articles, one entry each.
    public var legalBasis: [String]
    /// 受理条件.
    public var conditions: [String]
    public var handlingForms: [HandlingForm]
    public var caseKind: CaseKind
    public var legalLimit: TimeLimit
    public var promisedLimit: TimeLimit
    /// 到办事现场次数; 0 means 全程网办.
    public var trips: Int
    /// 特别程序 (hearing, inspection, testing, expert review) with their expected length.
    public var specialProcedures: [String]
    public var fee: Fee
    /// 办理流程.
    public var procedure: [ProcedureStep]
    /// 办理地点.
    public var location: String
    /// 办理时间.
    public var hours: String
    /// 咨询方式.
    public var consultation: String
    /// 监督投诉方式.
    public var complaint: String
    public var onlineDepth: OnlineDepth
    public var scope: ServiceScope
    /// Hall levels that accept the item; empty means every level (全区通办 by default).
    public var hallLevels: [HallLevel]
    public var result: ItemResult
    /// The window category (综合窗口类别) that handles the item, by code.
    public var windowCategory: String
    public var tags: [String]
    /// Everyday names people search by ("开餐馆" for 食品经营许可).
    public var aliases: [String]
    public var materials: [Material]
    /// The department's chief representative (首席代表) decides alone, in one step after
    /// acceptance, instead of 承办 → 审核 → 决定. Absent in the file means no.
    public var chiefRepresentativeDecides: Bool?
    /// Online applications are pre-reviewed by the department's own staff (专业性强的事项),
    /// not by the hall's comprehensive windows; the department then accepts online. Absent
    /// in the file means the hall.
    public var preReviewByDepartment: Bool?
    /// The deployment's own 五公开 entries beyond those derived from the guide; absent: none.
    public var disclosures: [DisclosureNote]?

    public var chiefDecides: Bool { chiefRepresentativeDecides ?? false }
    public var departmentPreReview: Bool { preReviewByDepartment ?? false }

    public init(
        basicCode: String, implementationCode: String, name: String, itemType: String,
        department: DepartmentCode, level: ExerciseLevel, legalBasis: [String], conditions: [String],
        handlingForms: [HandlingForm], caseKind: CaseKind, legalLimit: TimeLimit, promisedLimit: TimeLimit,
        trips: Int, specialProcedures: [String] = [], fee: Fee = .free, procedure: [ProcedureStep],
        location: String, hours: String, consultation: String, complaint: String,
        onlineDepth: OnlineDepth, scope: ServiceScope, hallLevels: [HallLevel] = [],
        result: ItemResult, windowCategory: String, tags: [String] = [], aliases: [String] = [],
        materials: [Material], chiefRepresentativeDecides: Bool? = nil, preReviewByDepartment: Bool? = nil,
        disclosures: [DisclosureNote]? = nil
    ) {
        self.disclosures = disclosures
        self.preReviewByDepartment = preReviewByDepartment
        self.basicCode = basicCode
        self.implementationCode = implementationCode
        self.name = name
        self.itemType = itemType
        self.department = department
        self.level = level
        self.legalBasis = legalBasis
        self.conditions = conditions
        self.handlingForms = handlingForms
        self.caseKind = caseKind
        self.legalLimit = legalLimit
        self.promisedLimit = promisedLimit
        self.trips = trips
        self.specialProcedures = specialProcedures
        self.fee = fee
        self.procedure = procedure
        self.location = location
        self.hours = hours
        self.consultation = consultation
        self.complaint = complaint
        self.onlineDepth = onlineDepth
        self.scope = scope
        self.hallLevels = hallLevels
        self.result = result
        self.windowCategory = windowCategory
        self.tags = tags
        self.aliases = aliases
        self.materials = materials
        self.chiefRepresentativeDecides = chiefRepresentativeDecides
    }
}

/// 是否收费, 收费标准 and 收费依据.
public struct Fee: Sendable, Hashable, Codable {
    public var charged: Bool
    public var standard: String
    public var basis: String
    /// The standard's amounts where it fixes them ("住宅类每件 80 元，非住宅类每件 550 元" → 住宅类
    /// 8000 fen, 非住宅类 55000 fen): a fee recorded for the item must be one of them. Nil: the
    /// standard leaves the amount to the case (a rate, a cost), and the clerk's figure stands.
    public var amounts: [FeeAmount]?

    public init(charged: Bool, standard: String = "", basis: String = "", amounts: [FeeAmount]? = nil) {
        self.charged = charged
        self.standard = standard
        self.basis = basis
        self.amounts = amounts
    }

    public static let free = Fee(charged: false)
}

/// One amount a fee standard fixes, with what it is for.
public struct FeeAmount: Sendable, Hashable, Codable {
    public var label: String
    /// In fen (分).
    public var fen: Int

    public init(label: String, fen: Int) {
        self.label = label
        self.fen = fen
    }
}

/// One step of 办理流程.
public struct ProcedureStep: Sendable, Hashable, Codable {
    public var name: String
    public var detail: String

    public init(name: String, detail: String = "") {
        self.name = name
        self.detail = detail
    }
}

/// 审批结果: its name and type (证照, 批文, 证明, 其他).
public struct ItemResult: Sendable, Hashable, Codable {
    public var name: String
    public var type: String
    /// The electronic licence type (its code) the item issues when a case concludes with 准予;
    /// absent when the result is not an electronic licence.
    public var licenceType: String?

    public init(name: String, type: String, licenceType: String? = nil) {
        self.name = name
        self.type = type
        self.licenceType = licenceType
    }
}
