/// What the holder of a ticket who left a phone number is told (issue 15 §5): that their turn is
/// near — three people ahead — so they can wait elsewhere and come back in time. Sent at once
/// (it is worth nothing late) and once per ticket (the key).
public enum TicketMessages {
    public static let templates: [String: MessageTemplate] = [
        "ticket-near": MessageTemplate(code: "ticket-near", channel: .sms,
                                       text: "您在{{hall}}取的{{number}}号（{{queue}}）前面还有{{ahead}}人，请回到等候区留意叫号。"),
    ]

    /// Told when this many or fewer wait ahead.
    public static let nearAhead = 3

    public static func near(_ ticket: Ticket, phone: String, ahead: Int, hallName: String, queueName: String, book: TemplateBook = .standard) -> OutgoingMessage? {
        guard ahead <= nearAhead, let mobile = CaseMessages.mobile(phone),
              let text = book.render("ticket-near", ["hall": hallName, "number": ticket.number, "queue": queueName, "ahead": String(ahead)])
        else { return nil }
        return OutgoingMessage(key: "ticket:\(ticket.id):near:sms", channel: .sms, recipient: mobile, template: "ticket-near", body: text.text, urgent: true)
    }
}
