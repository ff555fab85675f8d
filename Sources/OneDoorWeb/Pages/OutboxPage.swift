import OneDoorCore

/// The notification outbox as administrators read it (ADR 0022): every message to citizens,
/// newest first, recipients masked, with its state, attempts and last error. In the demo this
/// is where the messages "sent" through the built-in outbox are read.
struct OutboxPage: PageModel {
    struct Row: Sendable {
        var createdAt: String
        var channel: String
        var recipient: String
        var template: String
        var body: String
        var state: String
        var failed: Bool
        var attempts: Int
        var lastError: String?
    }

    var title: String { "消息发送记录" }
    var bodyClass: String { "admin" }
    var rows: [Row]
    var total: Int
    var states: [SelectOption]
    var previousLink: String?
    var nextLink: String?

    init(messages: [OutboxMessage], total: Int, state: OutboxState?, page: PageRequest) {
        rows = messages.map { m in
            Row(createdAt: PageDates.dateTime(m.createdAt), channel: m.message.channel.label, recipient: m.maskedRecipient,
                template: m.message.template, body: m.displayBody, state: m.state.label, failed: m.state == .failed,
                attempts: m.attempts, lastError: m.lastError)
        }
        self.total = total
        states = OutboxState.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0 == state) }
        let kept = state?.rawValue
        previousLink = page.hasPrevious ? SiteURL.adminOutbox.path(["state": kept, "page": String(page.page - 1)]) : nil
        nextLink = page.hasNext(total: total) ? SiteURL.adminOutbox.path(["state": kept, "page": String(page.page + 1)]) : nil
    }
}
