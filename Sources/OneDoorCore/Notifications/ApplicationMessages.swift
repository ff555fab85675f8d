/// What the applicant of an online application is told before it becomes a case (ADR 0026):
/// received, 补齐补正 needed with the whole list, and for depth Ⅱ which originals to bring
/// where. Accepted and refused are told by the case (``CaseMessages``). Messages go to the
/// account holder — the applicant, or the agent who applied for them.
public enum ApplicationMessages {
    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "application-received", channel: .sms, subject: "网上申报已提交",
                        text: "您网上申报的{{item}}已提交（申报号{{id}}），将于{{due}}前完成预审，结果可在“我的”查看。{{link}}"),
        MessageTemplate(code: "application-correction", channel: .sms, subject: "补齐补正告知",
                        text: "您网上申报的{{item}}需补齐补正：{{list}}。请在“我的”上传后重新提交（申报号{{id}}）。{{link}}"),
        MessageTemplate(code: "application-originals", channel: .sms, subject: "预审通过通知",
                        text: "您网上申报的{{item}}已通过预审，请携带原件（{{list}}）到{{hall}}综合窗口办理受理，只需跑一次（申报号{{id}}）。{{link}}"),
    ].map { ($0.code, $0) })

    /// The messages `event` of `application` sends, to the account holder's mobile and e-mail.
    public static func messages(_ application: OnlineApplication, event: ApplicationEvent, hallName: String, book: TemplateBook = .standard) -> [OutgoingMessage] {
        let code: String
        let list: String
        switch event.action {
        case "submit", "resubmit": (code, list) = ("application-received", "")
        case "request-correction": (code, list) = ("application-correction", application.defects.map(\.line).joined(separator: "；"))
        case "pre-review-pass": (code, list) = ("application-originals", application.originals.joined(separator: "、"))
        default: return []
        }
        let holderPhone = application.agent?.phone ?? application.applicant.phone
        let holderEmail = application.agent != nil ? application.agent?.email : application.applicant.email
        let phone = CaseMessages.mobile(holderPhone)
        let email = holderEmail.flatMap { EmailAddress.isValid($0) ? $0 : nil }
        let values = ["item": application.itemName, "id": application.id, "due": application.reviewDeadline?.chinese ?? "近日",
                      "list": list, "hall": hallName, "link": book.link("/me/applications/\(application.id)")]
        guard let text = book.render(code, values) else { return [] }
        return CaseMessages.smsAndEmail(key: "application:\(application.id):\(event.action):\(application.revision)", template: code,
                                        text: text.text, subject: "\(text.subject.isEmpty ? "网上申报通知" : text.subject)（申报号\(application.id)）", phone: phone, email: email,
                                        about: CaseMessages.enterpriseKey(application.applicant))
    }
}
