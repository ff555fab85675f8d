/// A path of this site to send a browser to after signing in (`/login?next=`).
///
/// Browsers drop tabs and line breaks from addresses and read `\` as `/`, so `"/\t/evil.example"`
/// becomes `//evil.example` — another site. Only printable ASCII without `\`, starting with one
/// `/` and not `//`, is a path of this site; everything else is refused (nil), never repaired.
public enum LocalPath {
    /// Longest accepted path; a sign-in link has no need for more.
    public static let maximumLength = 2_000

    /// `text` when it is a path of this site, nil otherwise.
    public static func checked(_ text: String?) -> String? {
        guard let text, !text.isEmpty, text.utf8.count <= maximumLength else { return nil }
        let bytes = Array(text.utf8)
        guard bytes[0] == UInt8(ascii: "/") else { return nil }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") { return nil }
        // Printable ASCII only (0x21–0x7E: no space, no control character, nothing a browser
        // might strip or fold), and no backslash.
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }) else { return nil }
        return text
    }
}
