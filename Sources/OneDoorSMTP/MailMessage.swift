import Foundation

/// A plain-text e-mail in Chinese, formatted for SMTP's DATA (RFC 5322 headers, MIME): the
/// display names and subject as RFC 2047 encoded words, the body UTF-8 in base64, so every
/// line is short ASCII and none can start with a dot or smuggle a header.
public struct MailMessage: Sendable, Hashable {
    public var fromAddress: String
    public var fromName: String
    public var to: String
    public var subject: String
    public var body: String
    /// Without angle brackets: "3f2a…@onedoor". The same message sent again carries the same id,
    /// so mail clients show it once.
    public var messageID: String
    public var date: Date

    public init(fromAddress: String, fromName: String, to: String, subject: String, body: String, messageID: String, date: Date) {
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
    }

    /// An address we put in a command or header: local@domain, printable ASCII without spaces,
    /// angle brackets, quotes or line ends (no internationalised addresses yet).
    public static func isValidAddress(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        let forbidden = Set("<>\"(),;:\\[]".utf8)
        guard (3...254).contains(bytes.count), bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }),
              bytes.filter({ $0 == UInt8(ascii: "@") }).count == 1, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        return at > 0 && at < bytes.count - 1
    }

    /// The DATA payload, lines ending in CRLF, without the final ".".
    public func formatted() -> [UInt8] {
        var lines: [String] = []
        lines.append("From: \(Self.encodedWord(fromName)) <\(fromAddress)>")
        lines.append("To: <\(to)>")
        lines.append("Subject: \(Self.encodedWords(subject).joined(separator: "\r\n "))")
        lines.append("Date: \(Self.rfc5322Date(date))")
        lines.append("Message-ID: <\(messageID)>")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: base64")
        lines.append("")
        let encoded = Data(body.utf8).base64EncodedString()
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return Self.dotStuffed(Array(lines.joined(separator: "\r\n").utf8) + Array("\r\n".utf8))
    }

    /// RFC 5321 §4.5.2: a line that starts with "." gets another, so it cannot end the data.
    static func dotStuffed(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var atLineStart = true
        for byte in bytes {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        return out
    }

    /// "=?UTF-8?B?…?=" for text that is not plain ASCII; ASCII text without specials as it is.
    static func encodedWord(_ text: String) -> String {
        encodedWords(text).joined(separator: " ")
    }

    /// RFC 2047 encoded words of at most 75 characters, split between characters (never inside
    /// one UTF-8 sequence).
    static func encodedWords(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && !text.contains("=?") && text.utf8.count <= 70 { return [text] }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 45 bytes of UTF-8 become 60 base64 characters; with "=?UTF-8?B?" and "?=", 72.
        for character in text where character != "\r" && character != "\n" {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
