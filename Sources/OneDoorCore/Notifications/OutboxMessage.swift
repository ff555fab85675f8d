/// How a message reaches a person (issue 15 §5).
public enum MessageChannel: String, Sendable, Codable, CaseIterable {
    /// A text message through the SMS gateway.
    case sms
    /// An e-mail through SMTP.
    case email
    /// A message in the citizen's own page (我的).
    case inSite = "in-site"

    public var label: String {
        switch self {
        case .sms: "短信"
        case .email: "电子邮件"
        case .inSite: "站内消息"
        }
    }
}

/// Where a message stands. `queued` until a send succeeds (`sent`) or the attempts are used up
/// (`failed`); `delivered` when the gateway reports that it reached the phone.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    case queued, sent, delivered, failed
    /// Withdrawn before it went out: the reminder of an appointment cancelled or moved.
    case cancelled
    /// Not sent on its channel because the person turned that channel off
    /// (``NotificationPreferences``); shown in 我的消息 all the same.
    case withheld

    public var label: String {
        switch self {
        case .cancelled: "已撤回"
        case .withheld: "按本人设置未发送"
        case .queued: "待发送"
        case .sent: "已发送"
        case .delivered: "已送达"
        case .failed: "发送失败"
        }
    }
}

/// A message to send, written in the same transaction as the event that causes it, so that no
/// committed event goes untold and no rolled-back one is told (ADR 0022).
public struct OutgoingMessage: Sendable, Hashable {
    /// Unique per message: the event's identity and the channel ("case:CC-20260928-00001:accepted:sms").
    /// Writing the same key twice stores one message, and the gateway is given the key so that a
    /// send retried after a crash is not delivered twice.
    public var key: String
    public var channel: MessageChannel
    /// A phone number, an e-mail address or a citizen account, as the channel needs.
    public var recipient: String
    /// The template it was rendered from (``MessageTemplate/code``).
    public var template: String
    public var subject: String
    public var body: String
    /// Sign-in codes and the like go out at once; the rest waits out the quiet hours.
    public var urgent: Bool
    /// Not to be sent before this moment (a reminder for the day before an appointment); nil: now.
    public var notBefore: Int64?
    /// The enterprise a message about its case or application is about ("uscc:…"), so that all
    /// its authorised people read it in 我的, whoever's phone it went to (issue 15 §1). Nil for
    /// a person's own matters (never a person's ID number in the outbox).
    public var about: String?

    public init(key: String, channel: MessageChannel, recipient: String, template: String, subject: String = "", body: String, urgent: Bool = false) {
        self.key = key
        self.channel = channel
        self.recipient = recipient
        self.template = template
        self.subject = subject
        self.body = body
        self.urgent = urgent
    }
}

/// A message as the outbox holds it.
public struct OutboxMessage: Sendable, Hashable {
    public var id: Int64
    public var message: OutgoingMessage
    public var state: OutboxState
    public var attempts: Int
    /// Not to be sent before this moment (epoch seconds): the quiet hours' end, or the next retry.
    public var notBefore: Int64
    public var createdAt: Int64
    public var sentAt: Int64?
    public var lastError: String?

    public init(id: Int64, message: OutgoingMessage, state: OutboxState, attempts: Int, notBefore: Int64, createdAt: Int64,
                sentAt: Int64? = nil, lastError: String? = nil) {
        self.id = id
        self.message = message
        self.state = state
        self.attempts = attempts
        self.notBefore = notBefore
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.lastError = lastError
    }

    /// The body as administrators read it: a message that carries a secret (a sign-in code) with
    /// its digits hidden, so reading the outbox does not let anyone sign in as a citizen.
    public var displayBody: String {
        guard CitizenMessages.secretTemplates.contains(message.template) else { return message.body }
        return String(message.body.map { $0.isASCII && $0.isNumber ? "*" : $0 })
    }

    /// The recipient as lists and logs show it: a phone's middle digits and an address's local
    /// part hidden.
    public var maskedRecipient: String {
        switch message.channel {
        case .sms:
            return PersonalDataMask.phone(message.recipient)
        case .email:
            return EmailAddress.masked(message.recipient)
        case .inSite:
            return message.recipient
        }
    }
}

/// What one attempt to send a message came to.
public enum SendOutcome: Sendable, Hashable {
    /// The channel took the message; `reference` is the gateway's id of it, if any.
    case sent(reference: String?)
    /// It failed; retried later unless `permanent` (a number the gateway says does not exist).
    case failed(reason: String, permanent: Bool)
    /// Not sent: what it was about no longer holds (a material handed in before its reminder).
    case withdrawn(reason: String)
    /// Not sent: the person turned its channel off.
    case withheld(reason: String)
    /// Not sent yet: the person's own quiet hours last until `until`. Not an attempt.
    case postponed(until: Int64)
}
