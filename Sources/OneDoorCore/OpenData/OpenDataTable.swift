/// One cell of an open dataset.
public enum OpenDataValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    /// A rate or an average, printed with `places` decimals.
    case decimal(Double, places: Int)
    /// Nothing to say (a rate without cases).
    case none
    /// A count below the threshold: "<5".
    case suppressed
    /// Not small itself but withheld because it would give a small one away (a second part, a
    /// rate, an average): "*".
    case withheld

    /// Either kind of hidden cell.
    public var isHidden: Bool { self == .suppressed || self == .withheld }

    /// What a CSV cell holds: suppressed cells say so ("<5"), empty ones are empty.
    public var csvText: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .decimal(let value, let places): Self.fixed(value, places: places)
        case .none: ""
        case .suppressed: "<\(OpenDataSuppression.threshold)"
        case .withheld: "*"
        }
    }

    /// `value` with `places` decimals, without Foundation and without trapping: a value too
    /// large or not finite prints as empty (no figure of the platform comes near).
    static func fixed(_ value: Double, places: Int) -> String {
        let places = min(max(places, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return "" }
        let whole = Int(scaled)
        let negative = whole < 0
        let digits = String(negative ? -whole : whole)
        guard places > 0 else { return (negative ? "-" : "") + digits }
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        return (negative ? "-" : "") + padded.dropLast(places) + "." + padded.suffix(places)
    }

    public static func share(_ part: Int, _ whole: Int, places: Int = 2) -> OpenDataValue {
        whole == 0 ? .none : .decimal(Double(part) * 100 / Double(whole), places: places)
    }

    public static func average(_ sum: Int, _ count: Int, places: Int = 1) -> OpenDataValue {
        count == 0 ? .none : .decimal(Double(sum) / Double(count), places: places)
    }
}

/// A dataset's rows as published (already suppressed) and when they were computed.
public struct OpenDataTable: Sendable {
    public var dataset: OpenDataset
    public var rows: [[OpenDataValue]]
    /// Epoch seconds.
    public var updatedAt: Int64

    /// Rows given by field name (a missing field is ``OpenDataValue/none``), suppressed by the
    /// dataset's rules: nothing leaves the platform unsuppressed.
    public init(dataset: OpenDataset, rows: [[String: OpenDataValue]], updatedAt: Int64) {
        self.dataset = dataset
        self.rows = rows.map { row in
            OpenDataSuppression.apply(dataset.fields.map { row[$0.name] ?? .none }, to: dataset)
        }
        self.updatedAt = updatedAt
    }
}

/// De-identification of open data (issue 18 §7): no personal data leaves in a dataset (its
/// fields are chosen so), and no count below the threshold — zero included — is published in any
/// cell; what would give a hidden count away goes with it: a second part of a partition whose
/// total is shown, and every rate or average computed from a hidden count.
public enum OpenDataSuppression {
    public static let threshold = 5

    public static func apply(_ row: [OpenDataValue], to dataset: OpenDataset) -> [OpenDataValue] {
        let original = row
        var row = row
        let index = Dictionary(dataset.fields.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for (i, field) in dataset.fields.enumerated() where field.isCount && i < row.count {
            if case .integer(let value) = row[i], value < threshold { row[i] = .suppressed }
        }
        // Complementary suppression: a hidden count of 1 to 4 must not come back by subtraction —
        // while a partition with a shown total has it as its only unknown piece (a hidden part, or
        // the unpublished rest of an incomplete one), the smallest shown part is hidden too. A
        // hidden zero identifies no one and is not protected.
        var changed = true
        while changed {
            changed = false
            for partition in dataset.partitions {
                guard let t = index[partition.total], t < row.count, !row[t].isHidden, let total = integer(original, t) else { continue }
                let parts = partition.parts.compactMap { index[$0] }.filter { $0 < row.count }
                var unknown = parts.filter { row[$0].isHidden }.map { integer(original, $0) ?? 0 }
                if !partition.complete { unknown.append(total - parts.reduce(0) { $0 + (integer(original, $1) ?? 0) }) }
                guard unknown.count == 1, let only = unknown.first, only > 0, only < threshold else { continue }
                let shown = parts.filter { !row[$0].isHidden }
                let smallest = shown.min { (integer(original, $0) ?? .max) < (integer(original, $1) ?? .max) }
                row[smallest ?? t] = .withheld
                changed = true
            }
        }
        for (i, field) in dataset.fields.enumerated() where i < row.count && !field.dependsOn.isEmpty {
            if field.dependsOn.contains(where: { index[$0].map { $0 < row.count && row[$0].isHidden } ?? false }) { row[i] = .withheld }
        }
        return row
    }

    static func integer(_ row: [OpenDataValue], _ i: Int) -> Int? {
        guard i < row.count, case .integer(let value) = row[i] else { return nil }
        return value
    }
}
