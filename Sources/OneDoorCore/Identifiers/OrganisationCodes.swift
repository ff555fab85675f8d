// Re-exported: the core's codes are tagged, so every layer that uses them needs its conformances.
@_exported import Tagged

/// A kind of code an administrator gives to part of the organisation (a hall, a department, a
/// queue, a window category): ASCII letters, digits, '-' and '_', 1 to 40 characters, because
/// the codes appear in URLs, files and the API (ADR 0019).
public protocol OrganisationCodeKind {}

public enum HallCodeTag: OrganisationCodeKind {}
public enum DepartmentCodeTag: OrganisationCodeKind {}
public enum QueueCodeTag: OrganisationCodeKind {}

/// A service hall's code (`CC-ZX` for 禅城区行政服务中心).
public typealias HallCode = Tagged<HallCodeTag, String>
/// A department's code (`SCJG` for 市场监管).
public typealias DepartmentCode = Tagged<DepartmentCodeTag, String>
/// A queue's code within its hall (the window category's code by default).
public typealias QueueCode = Tagged<QueueCodeTag, String>

extension Tagged where Tag: OrganisationCodeKind, RawValue == String {
    /// A code as a request carried it, trimmed; nil unless it has a code's shape, so a malformed
    /// code is refused at the edge (as unknown) instead of being looked up.
    public init?(parsing text: some StringProtocol) {
        let value = String(text).trimmingWhitespace()
        guard OrganisationCodes.problem(value) == nil else { return nil }
        self.init(rawValue: value)
    }
}

public enum OrganisationCodes {
    /// What is wrong with `code` as an organisation code, in Chinese; nil when well formed.
    public static func problem(_ code: String) -> String? {
        if code.isEmpty || code.count > 40 { return "编码应为 1 到 40 个字符" }
        if !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return "编码只能包含英文字母、数字、“-”和“_”"
        }
        return nil
    }
}

public enum WindowNumberTag {}

/// The number shown above a counter ("3" for 3 号窗口), unique within its hall.
public typealias WindowNumber = Tagged<WindowNumberTag, String>

extension Tagged where Tag == WindowNumberTag, RawValue == String {
    /// A window number as a request carried it, trimmed; nil unless it has a window number's
    /// shape (1 to 10 ASCII letters, digits and '-').
    public init?(parsing text: some StringProtocol) {
        let value = String(text).trimmingWhitespace()
        guard Self.problem(value) == nil else { return nil }
        self.init(rawValue: value)
    }

    /// What is wrong with `number` as a window number, in Chinese; nil when well formed.
    public static func problem(_ number: String) -> String? {
        if number.isEmpty || number.count > 10 { return "窗口号应为 1 到 10 个字符" }
        // The number appears in URLs and on the call screen ("请到 3 号窗口").
        if !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            return "窗口号只能包含英文字母、数字和“-”"
        }
        return nil
    }
}
