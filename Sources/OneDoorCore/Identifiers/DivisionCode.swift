/// Administrative division code (行政区划代码), GB/T 2260, extended to town and village levels.
///
/// 6 digits for province, prefecture and county (440604 禅城区); 9 digits add the town/street,
/// 12 digits add the village/community (6 + 3 + 3).
public struct DivisionCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    public init?(_ raw: String) {
        let trimmed = raw.trimmingWhitespace()
        guard DivisionCode.problem(in: trimmed) == nil else { return nil }
        self.value = trimmed
    }

    /// Why a candidate is not a division code, or nil when it is one.
    public static func problem(in raw: String) -> String? {
        guard raw.allSatisfy(\.isASCIIDigit) else { return "行政区划代码只能由数字组成" }
        guard [6, 9, 12].contains(raw.count) else { return "行政区划代码应为 6、9 或 12 位（现为 \(raw.count) 位）" }
        if raw.hasPrefix("00") { return "行政区划代码的省级部分不能为 00" }
        return nil
    }

    /// The county-level (6-digit) code this division lies in.
    public var countyCode: String { String(value.prefix(6)) }

    /// The code of the division directly above, or nil for a province.
    public var parent: DivisionCode? {
        switch value.count {
        case 12: return DivisionCode(String(value.prefix(9)))
        case 9: return DivisionCode(String(value.prefix(6)))
        default:
            if value.hasSuffix("0000") { return nil }
            if value.hasSuffix("00") { return DivisionCode(String(value.prefix(2)) + "0000") }
            return DivisionCode(String(value.prefix(4)) + "00")
        }
    }

    public static func < (lhs: DivisionCode, rhs: DivisionCode) -> Bool { lhs.value < rhs.value }
}
