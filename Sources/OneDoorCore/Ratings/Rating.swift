/// 好差评's five levels (国办发〔2019〕51号; GB/T 39734-2020): 2 and 1 are 差评.
public enum RatingLevel: Int, Sendable, Hashable, Codable, CaseIterable {
    case veryDissatisfied = 1, dissatisfied, basic, satisfied, verySatisfied

    public var label: String {
        switch self {
        case .verySatisfied: "非常满意"
        case .satisfied: "满意"
        case .basic: "基本满意"
        case .dissatisfied: "不满意"
        case .veryDissatisfied: "非常不满意"
        }
    }

    /// 差评: it carries a reason and opens a rectification.
    public var isNegative: Bool { rawValue <= 2 }
}

/// The reasons a 差评 may give from the list (or it is written instead).
public enum RatingReason: String, Sendable, Hashable, Codable, CaseIterable {
    case attitude
    case slow
    case unclear
    case trips
    case repeated
    case online
    case order
    case other

    public var label: String {
        switch self {
        case .attitude: "服务态度差"
        case .slow: "等候或办理时间过长"
        case .unclear: "告知不清、一次性告知未做到"
        case .trips: "多次跑动"
        case .repeated: "重复提交材料"
        case .online: "网上办理不畅"
        case .order: "大厅秩序、环境差"
        case .other: "其他"
        }
    }
}

/// What is rated: one visit to a window (一次一评), one case (一事一评), one online application.
public enum RatedService: Sendable, Hashable, Codable {
    case ticket(String)
    case `case`(CaseNumber)
    case application(String)

    /// `ticket`, `case`, `application` — stored beside `id`, one rating each.
    public var kind: String {
        switch self {
        case .ticket: "ticket"
        case .case: "case"
        case .application: "application"
        }
    }

    public var id: String {
        switch self {
        case .ticket(let id), .application(let id): id
        case .case(let number): number.rawValue
        }
    }

    public init?(kind: String, id: String) {
        switch kind {
        case "ticket": self = .ticket(id)
        case "case": self = .case(CaseNumber(rawValue: id))
        case "application": self = .application(id)
        default: return nil
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, id }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        guard let service = RatedService(kind: kind, id: try c.decode(String.self, forKey: .id)) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown rated service \(kind)")
        }
        self = service
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
    }
}

/// Where the rating was given.
public enum RatingChannel: String, Sendable, Hashable, Codable, CaseIterable {
    /// The evaluator facing the citizen at the window.
    case window
    /// The link in the concluding message.
    case message
    /// 我的.
    case mine = "me"
    /// The QR code on a notice.
    case notice

    public var label: String {
        switch self {
        case .window: "窗口评价器"
        case .message: "短信链接"
        case .mine: "我的"
        case .notice: "通知书二维码"
        }
    }
}

/// Who and what served: recorded with each rating (standards §6), read by supervisors and the
/// figures — the service's item, department, hall, window and staff number.
public struct RatingContext: Sendable, Hashable, Codable {
    public var caseNumber: CaseNumber?
    public var itemCode: ItemCode?
    public var itemName: String?
    public var department: DepartmentCode?
    public var hall: HallCode?
    public var window: WindowNumber?
    public var staffNumber: String?

    public init(caseNumber: CaseNumber? = nil, itemCode: ItemCode? = nil, itemName: String? = nil, department: DepartmentCode? = nil,
                hall: HallCode? = nil, window: WindowNumber? = nil, staffNumber: String? = nil) {
        self.caseNumber = caseNumber
        self.itemCode = itemCode
        self.itemName = itemName
        self.department = department
        self.hall = hall
        self.window = window
        self.staffNumber = staffNumber
    }
}

/// One rating of one service. The rater (their applicant key) is seen by supervisors only.
public struct Rating: Sendable, Hashable, Codable {
    public var id: Int64
    public var service: RatedService
    public var level: RatingLevel
    public var reasons: [RatingReason]
    public var comment: String
    public var channel: RatingChannel
    public var rater: String
    public var context: RatingContext
    /// When first given; a change within ``RatingRules/changeDays`` replaces it and sets `changedAt`.
    public var ratedAt: Int64
    public var changedAt: Int64?

    public init(id: Int64, service: RatedService, level: RatingLevel, reasons: [RatingReason], comment: String, channel: RatingChannel, rater: String,
                context: RatingContext, ratedAt: Int64, changedAt: Int64? = nil) {
        self.id = id
        self.service = service
        self.level = level
        self.reasons = reasons
        self.comment = comment
        self.channel = channel
        self.rater = rater
        self.context = context
        self.ratedAt = ratedAt
        self.changedAt = changedAt
    }

    /// The reasons in words, the written one last.
    public var reasonText: String {
        (reasons.map(\.label) + (comment.isEmpty ? [] : [comment])).joined(separator: "；")
    }
}

/// A rating as the rater gives it.
public struct RatingInput: Sendable, Hashable {
    public var level: Int
    public var reasons: [String]
    public var comment: String
    public var channel: RatingChannel

    public init(level: Int, reasons: [String] = [], comment: String = "", channel: RatingChannel) {
        self.level = level
        self.reasons = reasons
        self.comment = comment
        self.channel = channel
    }
}

/// What storing a rating or a rectification can refuse (kept in the core like the cases' own,
/// so every entrance names it the same way).
public enum RatingStoreError: Error, Sendable, Equatable {
    /// The service was rated already (one rating per service; change it instead).
    case alreadyRated
    /// Changed by someone else since it was read.
    case conflict
}

/// One row of the published 好差评 figures (issue 18 §1): the ratings of a hall, a department or
/// an item in a period, how many were satisfied (基本满意 and better), how many 差评 and how many of
/// those were rectified. 差评 removed on appeal are not counted.
public struct RatingFigure: Sendable, Hashable {
    public var key: String
    public var ratings: Int
    public var satisfied: Int
    public var negative: Int
    public var rectified: Int

    public init(key: String, ratings: Int, satisfied: Int, negative: Int, rectified: Int) {
        self.key = key
        self.ratings = ratings
        self.satisfied = satisfied
        self.negative = negative
        self.rectified = rectified
    }

    /// 满意率 in hundredths of a percent (9996 → 99.96 %), nil without ratings.
    public var satisfactionBasisPoints: Int? { ratings == 0 ? nil : satisfied * 10_000 / ratings }
    /// 整改率 in hundredths of a percent, nil without 差评.
    public var rectificationBasisPoints: Int? { negative == 0 ? nil : rectified * 10_000 / negative }

    /// "99.96 %".
    public static func percent(_ basisPoints: Int?) -> String {
        guard let basisPoints else { return "—" }
        let hundredths = basisPoints % 100
        return "\(basisPoints / 100).\(hundredths < 10 ? "0" : "")\(hundredths) %"
    }
}

/// What the figures are grouped by. `staff` is for performance only, never published.
public enum RatingGrouping: String, Sendable, Hashable {
    case hall, department, item, staff

    /// The groupings of the public figures (好差评公示).
    public static let published: [RatingGrouping] = [.hall, .department, .item]
}
