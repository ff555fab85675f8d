/// An administrative region (行政区划): GB/T 2260 code and name.
public struct Region: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// The region directly above, if it is in the catalogue.
    public var parent: String?

    public init(code: String, name: String, parent: String? = nil) {
        self.code = code
        self.name = name
        self.parent = parent
    }
}

/// A department (部门 / 条线) that decides items.
public struct Department: Sendable, Hashable, Codable {
    /// Short stable code used in URLs and the catalogue file (e.g. `SCJG` for 市场监管).
    public var code: DepartmentCode
    public var name: String
    /// GB 32100 code; its first 18 characters start every implementation code of the department.
    public var uscc: String
    public var region: String
    public var phone: String

    public init(code: DepartmentCode, name: String, uscc: String, region: String, phone: String = "") {
        self.code = code
        self.name = name
        self.uscc = uscc
        self.region = region
        self.phone = phone
    }
}

/// The level of a service hall.
public enum HallLevel: String, Sendable, Codable, CaseIterable {
    /// 区级行政服务中心.
    case district
    /// 镇（街道）便民服务中心.
    case town
    /// 村（社区）便民服务站.
    case village

    public var label: String {
        switch self {
        case .district: "区级"
        case .town: "镇街"
        case .village: "村居"
        }
    }
}

/// A service hall (行政服务中心 / 便民服务中心).
public struct Hall: Sendable, Hashable, Codable {
    public var code: HallCode
    public var name: String
    public var level: HallLevel
    public var region: String
    public var address: String
    public var phone: String
    public var openingHours: [OpeningPeriod]

    public init(
        code: HallCode, name: String, level: HallLevel, region: String, address: String,
        phone: String = "", openingHours: [OpeningPeriod]
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.region = region
        self.address = address
        self.phone = phone
        self.openingHours = openingHours
    }
}

/// One opening period of a hall on one weekday (1 = Monday … 7 = Sunday), times as "HH:MM".
///
/// Weekdays are the ordinary week; holidays and 调休 working days come from the calendar.
public struct OpeningPeriod: Sendable, Hashable, Codable {
    public var weekday: Int
    public var opens: String
    public var closes: String

    public init(weekday: Int, opens: String, closes: String) {
        self.weekday = weekday
        self.opens = opens
        self.closes = closes
    }

    /// Minutes after midnight for "HH:MM", or nil when malformed.
    public static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }
}

/// A comprehensive-window category (综合窗口类别); the five of the seeds are data, not code.
public struct WindowCategory: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// An item type (事项类型); code tables differ between provinces, so they are data.
public struct ItemType: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A comprehensive window (综合窗口) of a hall, serving one or more window categories.
public struct ServiceWindow: Sendable, Hashable, Codable {
    public var hall: HallCode
    /// The number shown above the counter ("3" for 3 号窗口).
    public var number: WindowNumber
    public var categories: [String]

    public init(hall: HallCode, number: WindowNumber, categories: [String]) {
        self.hall = hall
        self.number = number
        self.categories = categories
    }
}
