/// The rules of sign-in by phone and one-time code (issue 15 §1): a 6-digit code lives five
/// minutes and allows five tries; one code a minute per phone and ten a day; a client may ask
/// for thirty codes an hour and fail twenty sign-ins in ten minutes. Pure values; storage and the
/// services enforce them.
public struct SignInCodePolicy: Sendable, Hashable {
    public var lifetime: Int64 = 300
    public var maximumTries = 5
    public var interval: Int64 = 60
    public var perPhonePerDay = 10
    public var perClientPerHour = 30
    public var failuresPerClient = 20
    /// A citizen's session lasts this long from sign-in.
    public var sessionLifetime: Int64 = 12 * 3_600

    public init() {}

    /// Six decimal digits from `generator`, leading zeros kept.
    public static func code<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let n = Int.random(in: 0..<1_000_000, using: &generator)
        let digits = String(n)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Whether `text` has a code's shape (six ASCII digits), before any lookup.
    public static func isCodeShaped(_ text: String) -> Bool {
        text.utf8.count == 6 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// The text message that carries a sign-in code. Urgent (it goes out in the quiet hours too);
/// secret (the outbox's lists show the code masked, ADR 0022).
public enum CitizenMessages {
    public static let codeTemplate = MessageTemplate(code: "citizen-code", channel: .sms,
                                                     text: "您的登录验证码为{{code}}，5分钟内有效。如非本人操作，请忽略本短信。")
    /// Templates whose bodies carry a secret: administrators see them masked.
    public static let secretTemplates: Set<String> = ["citizen-code"]

    /// The message for `code`, keyed by the phone and the moment it was asked for.
    public static func code(_ code: String, phone: String, at now: Int64, book: TemplateBook = .standard) -> OutgoingMessage {
        let text = book.render(codeTemplate.code, ["code": code])?.text ?? code
        return OutgoingMessage(key: "citizen-code:\(phone):\(now)", channel: .sms, recipient: phone, template: codeTemplate.code,
                               body: text, urgent: true)
    }
}
