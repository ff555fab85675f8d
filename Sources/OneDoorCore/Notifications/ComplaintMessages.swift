/// What a complainant is told (issue 18 §2): that it was received, with its number and query
/// code (they follow it like a case), and the reply. Nothing to an anonymous report.
public enum ComplaintMessages {
    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "complaint-received", channel: .sms, subject: "来件已受理",
                        text: "您的{{kind}}已受理，编号{{number}}，查询码{{code}}，将于{{due}}答复。{{link}}"),
        MessageTemplate(code: "complaint-replied", channel: .sms, subject: "来件答复",
                        text: "您的{{kind}}（编号{{number}}）答复如下：{{reply}}。请凭编号和查询码评价答复。{{link}}"),
    ].map { ($0.code, $0) })

    public static func received(_ complaint: Complaint, book: TemplateBook = .standard) -> [OutgoingMessage] {
        send(complaint, "complaint-received", ["kind": complaint.kind.label, "number": complaint.number, "code": complaint.queryCode,
                                               "due": complaint.dueOn.map { "\($0)前" } ?? "分办后尽快"], book: book)
    }

    public static func replied(_ complaint: Complaint, book: TemplateBook = .standard) -> [OutgoingMessage] {
        send(complaint, "complaint-replied", ["kind": complaint.kind.label, "number": complaint.number, "reply": complaint.reply ?? ""], book: book)
    }

    static func send(_ complaint: Complaint, _ template: String, _ values: [String: String], book: TemplateBook) -> [OutgoingMessage] {
        guard !complaint.anonymous, complaint.phone != nil || complaint.email != nil else { return [] }
        var values = values
        values["link"] = book.link("/complaints/follow?number=\(complaint.number)")
        guard let text = book.render(template, values) else { return [] }
        return CaseMessages.smsAndEmail(key: "complaint:\(complaint.number):\(template)", template: template, text: text.text,
                                        subject: text.subject.isEmpty ? "来件" : text.subject, phone: complaint.phone, email: complaint.email, about: nil)
    }
}
