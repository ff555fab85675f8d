/// The two codes of a service item (standards.md §4; GB/T 39554.1-2020).
///
/// The basic code (基本编码, 12 characters) names the item nationally. The implementation code
/// (实施编码, 31 characters) names it at one implementing body: that body's USCC (18) +
/// 行使层级 (1) + the basic code (12). Formats are inferred from real samples, so the checks
/// are structural and checksum-based, not a registry lookup.
public enum ItemCodes {
    /// Problems with a basic code, each in Chinese; empty when it is well formed.
    public static func basicCodeProblems(_ code: String) -> [String] {
        var problems: [String] = []
        if code.count != 12 {
            problems.append("基本编码应为 12 位（现为 \(code.count) 位）")
        }
        if !code.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) {
            problems.append("基本编码只能包含数字和大写字母")
        }
        return problems
    }

    /// Builds the implementation code for a basic code at an implementing body and level.
    public static func implementationCode(uscc: String, level: ExerciseLevel, basicCode: String) -> String {
        uscc + String(level.rawValue) + basicCode
    }

    /// Problems with an implementation code measured against its parts; empty when consistent.
    public static func implementationCodeProblems(
        _ code: String,
        departmentUSCC: String?,
        level: ExerciseLevel,
        basicCode: String
    ) -> [String] {
        var problems: [String] = []
        let chars = Array(code)
        guard chars.count == 31 else {
            return ["实施编码应为 31 位（实施主体统一社会信用代码 18 位 + 行使层级 1 位 + 基本编码 12 位），现为 \(chars.count) 位"]
        }
        let uscc = String(chars[0..<18])
        let usccCheck = USCC.check(uscc)
        if !usccCheck.isValid {
            problems.append("实施编码前 18 位不是有效的统一社会信用代码：" + usccCheck.problems.joined(separator: "；"))
        }
        if let departmentUSCC, departmentUSCC != uscc {
            problems.append("实施编码前 18 位（\(uscc)）与实施主体的统一社会信用代码（\(departmentUSCC)）不一致")
        }
        if String(chars[18]) != String(level.rawValue) {
            problems.append("实施编码第 19 位（行使层级）应为 \(level.rawValue)（\(level.label)），实为 \(chars[18])")
        }
        if String(chars[19...]) != basicCode {
            problems.append("实施编码后 12 位应与基本编码 \(basicCode) 一致")
        }
        return problems
    }
}

public enum ItemCodeTag {}

/// A service item's identity across versions: its implementation code (实施编码, 31 characters),
/// typed so that a department, hall or case code cannot be passed for it (ADR 0019).
public typealias ItemCode = Tagged<ItemCodeTag, String>

extension Tagged where Tag == ItemCodeTag, RawValue == String {
    /// An item code as a request carried it, trimmed and upper-cased; nil unless it has the
    /// shape of an implementation code (31 ASCII digits and capital letters), so a malformed
    /// code is refused at the edge as unknown instead of being looked up.
    public init?(parsing text: some StringProtocol) {
        let value = String(text).trimmingWhitespace().uppercased()
        guard value.utf8.count == 31, value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) else { return nil }
        self.init(rawValue: value)
    }
}
