/// An e-mail address as the platform takes it from a form: local@domain in printable ASCII,
/// without spaces, angle brackets, quotes or line ends, at most 254 characters. Stricter than
/// RFC 5321 allows (no quoted local parts, no internationalised addresses), because an address
/// ends up in an SMTP command and a header.
public enum EmailAddress {
    public static func isValid(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        let forbidden = Set("<>\"(),;:\\[]".utf8)
        guard (3...254).contains(bytes.count), bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }),
              bytes.filter({ $0 == UInt8(ascii: "@") }).count == 1, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        return at > 0 && at < bytes.count - 1 && bytes[(at + 1)...].contains(UInt8(ascii: "."))
    }

    /// "z***@example.cn": the first character of the local part and the domain.
    public static func masked(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@") else { return String(repeating: "*", count: min(address.count, 8)) }
        return String(address[..<at].prefix(1)) + "***" + address[at...]
    }

    /// Checks an optional form field: empty is nil, else it must be valid.
    public static func checked(_ text: String?, field: String, into c: inout ProblemCollector) -> String? {
        let value = (text ?? "").trimmingWhitespace()
        guard !value.isEmpty else { return nil }
        if !isValid(value) { c.add(field, "电子邮箱格式不正确，应如 zhangsan@example.com") }
        return value
    }
}
