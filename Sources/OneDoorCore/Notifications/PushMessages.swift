/// What a holder is told when a push is made for them (推送办, issue 17 §3): one SMS and one
/// e-mail per push, keyed by the push, so a replayed event sends nothing twice.
public enum PushMessages {
    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "push-recommendation", channel: .sms, subject: "为您推荐",
                        text: "{{reason}}您可能需要办理：{{target}}{{deadline}}，可在“我的”中一键申请。{{link}}"),
    ].map { ($0.code, $0) })

    /// The messages of `push`, whose target is called `targetName`, to the holder's phone and e-mail.
    public static func messages(_ push: Push, targetName: String, phone: String, email: String?, book: TemplateBook = .standard) -> [OutgoingMessage] {
        let deadline = push.deadline.map { "（请于\($0.chinese)前办理）" } ?? ""
        guard let text = book.render("push-recommendation", ["reason": push.reason, "target": targetName, "deadline": deadline,
                                                             "link": book.link("/me#recommendations")]) else { return [] }
        return CaseMessages.smsAndEmail(key: "push:" + push.key, template: "push-recommendation", text: text.text,
                                        subject: text.subject.isEmpty ? "为您推荐" : text.subject, phone: CaseMessages.mobile(phone),
                                        email: email.flatMap { EmailAddress.isValid($0) ? $0 : nil },
                                        about: push.holder.hasPrefix("uscc:") ? push.holder : nil)
    }
}
