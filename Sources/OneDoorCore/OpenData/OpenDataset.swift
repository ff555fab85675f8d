/// What one column of an open dataset holds (issue 18 §7): its machine name (JSON key), its
/// Chinese title (CSV header), its kind and meaning — and whether it is a count of people's
/// services, suppressed below the threshold, or a figure computed from such counts.
public struct OpenDataField: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case text, integer, decimal, date, month

        public var label: String {
            switch self {
            case .text: "文本"
            case .integer: "整数"
            case .decimal: "小数"
            case .date: "日期（YYYY-MM-DD）"
            case .month: "月份（YYYY-MM）"
            }
        }
    }

    public var name: String
    public var title: String
    public var kind: Kind
    public var summary: String
    /// A count of services, cases or people: below ``OpenDataSuppression/threshold`` it is not published.
    public var isCount: Bool
    /// The counts a rate or an average is computed from: it is withheld with any of them (a rate
    /// and its shown denominator give away the hidden numerator).
    public var dependsOn: [String]

    public init(_ name: String, _ title: String, _ kind: Kind, _ summary: String, isCount: Bool = false, dependsOn: [String] = []) {
        self.name = name
        self.title = title
        self.kind = kind
        self.summary = summary
        self.isCount = isCount
        self.dependsOn = dependsOn
    }

    /// A count (suppressed when small).
    public static func count(_ name: String, _ title: String, _ summary: String) -> OpenDataField {
        OpenDataField(name, title, .integer, summary, isCount: true)
    }

    /// A rate or average of counts.
    public static func derived(_ name: String, _ title: String, _ summary: String, from counts: [String]) -> OpenDataField {
        OpenDataField(name, title, .decimal, summary, dependsOn: counts)
    }
}

/// Counts that add up to another in the same row (satisfied + 差评 = ratings): with one part
/// hidden and the total shown, the hidden one is a subtraction away, so a second part goes too.
/// An incomplete partition leaves an unpublished rest (concluded on time of all concluded: the
/// late ones), which is protected the same way.
public struct OpenDataPartition: Sendable, Hashable {
    public var total: String
    public var parts: [String]
    public var complete: Bool

    public init(total: String, parts: [String], complete: Bool) {
        self.total = total
        self.parts = parts
        self.complete = complete
    }
}

/// How often a dataset is brought up to date.
public enum OpenDataFrequency: String, Sendable, Hashable, Codable {
    case realTime, daily, monthly

    public var label: String {
        switch self {
        case .realTime: "实时"
        case .daily: "每日"
        case .monthly: "每月"
        }
    }
}

/// A dataset of the catalogue (数据开放目录): its metadata and columns. What rows it has is the
/// services' business; these definitions are fixed (``OpenDataCatalog``).
public struct OpenDataset: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var summary: String
    /// The department that answers for it (the centre's operator for the platform's own records).
    public var publisher: String
    public var frequency: OpenDataFrequency
    public var theme: String
    public var fields: [OpenDataField]
    public var partitions: [OpenDataPartition]

    public init(id: String, title: String, summary: String, publisher: String, frequency: OpenDataFrequency, theme: String,
                fields: [OpenDataField], partitions: [OpenDataPartition] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.publisher = publisher
        self.frequency = frequency
        self.theme = theme
        self.fields = fields
        self.partitions = partitions
    }

    /// Every dataset is open under the same terms: attribution, no claim of endorsement.
    public static let licence = "政府数据开放许可（署名）：可免费获取、使用、加工和传播，须注明数据来源，不得暗示数据提供方认可使用者"

    public var hasSuppression: Bool { fields.contains(where: \.isCount) }
}
