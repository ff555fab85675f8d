import Crypto
import Foundation
import OneDoorCore
import OneDoorSMTP

/// Who the platform's e-mail comes from, and through which server (ADR 0023).
public struct EmailConfiguration: Sendable, Hashable {
    public var smtp: SMTPConfiguration
    public var fromAddress: String
    /// The display name, e.g. "禅城区政务服务中心".
    public var fromName: String

    public init(smtp: SMTPConfiguration, fromAddress: String, fromName: String) {
        self.smtp = smtp
        self.fromAddress = fromAddress
        self.fromName = fromName
    }
}

/// Sends the outbox's e-mail through SMTP (our own client, ADR 0023). An SMTP server cannot be
/// given an idempotency key, so a message resent after a crash may arrive twice; it carries the
/// same Message-ID both times (made from the outbox key), which mail clients show once.
public struct EmailSender: MessageSender {
    let configuration: EmailConfiguration
    let client: SMTPClient

    public init(configuration: EmailConfiguration) throws {
        self.configuration = configuration
        self.client = try SMTPClient(configuration: configuration.smtp)
    }

    public func send(_ message: OutboxMessage) async -> SendOutcome {
        let mail = MailMessage(
            fromAddress: configuration.fromAddress, fromName: configuration.fromName, to: message.message.recipient,
            subject: message.message.subject.isEmpty ? "政务服务通知" : message.message.subject, body: message.message.body,
            messageID: Self.messageID(key: message.message.key, fromAddress: configuration.fromAddress), date: Date()
        )
        do {
            try await client.send(mail)
            return .sent(reference: mail.messageID)
        } catch let error as SMTPError {
            return .failed(reason: "邮件服务器拒绝：\(error)", permanent: error.isPermanent)
        } catch {
            return .failed(reason: "邮件服务器无法访问：\(String(describing: error).prefix(200))", permanent: false)
        }
    }

    /// "<32 hex digits of SHA-256(key)>@<the sender's domain>": the same for every attempt at
    /// one message, and telling nothing of the event behind it.
    static func messageID(key: String, fromAddress: String) -> String {
        let digest = Hex.string(SHA256.hash(data: Array(key.utf8)).prefix(16))
        let domain = fromAddress.split(separator: "@").last.map(String.init) ?? "onedoor"
        return "\(digest)@\(domain)"
    }
}
