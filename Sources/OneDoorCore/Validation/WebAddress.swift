/// Addresses that end up in links and QR codes: a web link given in the catalogue, the public
/// address of the platform, and the `Host` a request came to (demo mode only).
public enum WebAddress {
    /// Whether `text` is an absolute `http:` or `https:` address with a host and nothing a
    /// browser would read otherwise (no white space or control character). Catalogue links must
    /// be such: a `javascript:` link on a public guide would run in the visitor's browser.
    public static func isWebLink(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        guard let first = rest.first, first != "/", first != "\\" else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" }
    }

    /// The platform's public address (`ONEDOOR_PUBLIC_URL`) without a trailing `/`, or the reason
    /// it is not one: `http(s)://host[:port][/path]`, no query or fragment, at most 200 bytes,
    /// so that every QR code made from it stays within the encoder's size.
    public static func publicBase(_ text: String) -> Result<String, AddressProblem> {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard isWebLink(trimmed) else { return .failure(AddressProblem("公开访问地址应以 http:// 或 https:// 开头，例如 https://zwfw.chancheng.gov.cn")) }
        guard !trimmed.contains("?"), !trimmed.contains("#") else { return .failure(AddressProblem("公开访问地址不能带查询参数或 #")) }
        guard trimmed.utf8.count <= 200 else { return .failure(AddressProblem("公开访问地址不能超过 200 个字符")) }
        return .success(trimmed)
    }

    /// `host` when it is a host name or address with an optional port as a `Host` header carries
    /// it (letters, digits, `.-:[]`, at most 100 bytes); nil otherwise.
    public static func checkedAuthority(_ host: String?) -> String? {
        guard let host, !host.isEmpty, host.utf8.count <= 100 else { return nil }
        let allowed = host.utf8.allSatisfy {
            switch $0 {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
            default: false
            }
        }
        return allowed ? host : nil
    }
}

/// Why an address was refused, in Chinese.
public struct AddressProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
