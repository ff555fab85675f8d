/// What the rater is told of their 差评's rectification (issue 18 §1): the written result, and
/// that they may say whether they are satisfied — one SMS and e-mail per rectification.
public enum RatingMessages {
    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "rating-feedback", channel: .sms, subject: "差评整改反馈",
                        text: "您对{{service}}的评价已整改：{{result}}。请在“我的”中告诉我们您是否满意。{{link}}"),
    ].map { ($0.code, $0) })

    public static func feedback(_ rectification: Rectification, rating: Rating, result: String, phone: String, email: String?,
                                book: TemplateBook = .standard) -> [OutgoingMessage] {
        let service = rating.context.itemName.map { "“\($0)”" } ?? "本次服务"
        guard let text = book.render("rating-feedback", ["service": service, "result": result, "link": book.link("/me#ratings")]) else { return [] }
        return CaseMessages.smsAndEmail(key: "rectification:\(rectification.id):feedback", template: "rating-feedback", text: text.text,
                                        subject: text.subject.isEmpty ? "差评整改反馈" : text.subject, phone: CaseMessages.mobile(phone),
                                        email: email.flatMap { EmailAddress.isValid($0) ? $0 : nil },
                                        about: rating.rater.hasPrefix("uscc:") ? rating.rater : nil)
    }
}
