import OneDoorCore

/// One channel's way out (ADR 0022): an SMS gateway, an SMTP server, the in-site inbox. It is
/// given the outbox row, whose key it passes on as the idempotency key where the far side
/// takes one, and answers what the attempt came to; it never throws.
public protocol MessageSender: Sendable {
    func send(_ message: OutboxMessage) async -> SendOutcome
}

/// The demo's channel, and every channel without a provider configured: nothing leaves the
/// machine; the message is recorded as sent and read in the outbox (`/admin/outbox`), so the
/// demo works without an SMS contract or a mail server.
public struct BuiltInOutbox: MessageSender {
    public init() {}

    public func send(_ message: OutboxMessage) async -> SendOutcome {
        .sent(reference: "outbox-\(message.id)")
    }
}
