/// What an applicant is told by SMS and e-mail when their case moves (issue 15 §5, ADR 0022):
/// received, correction needed, refused, decided, ready for pick-up, posted. SMS go to a mobile
/// number, e-mail to the address the applicant gave; the e-mail says the same with a subject. Pure: the service asks, and
/// storage writes the messages in the transaction of the change.
///
/// No message carries a secret: administrators read every message in the outbox, and a case's
/// query code (which opens its progress) is on the applicant's paper notice, not in an SMS.
public enum CaseMessages {
    /// Stands for the case number in messages written with an intake, before the number is given:
    /// storage puts in the number it assigns.
    public static let numberPlaceholder = "{{number}}"

    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "case-accepted", channel: .sms, subject: "办件受理通知",
                        text: "您申请的{{item}}已受理，办件号{{number}}，承诺{{promised}}前办结，可凭受理通知书上的查询码查询进度。{{link}}"),
        MessageTemplate(code: "case-correction", channel: .sms, subject: "补齐补正告知",
                        text: "您申请的{{item}}需补齐补正材料，请按告知书到{{hall}}补交（办件号{{number}}）。{{link}}"),
        MessageTemplate(code: "case-not-accepted", channel: .sms, subject: "不予受理通知",
                        text: "您申请的{{item}}不予受理，理由和救济途径见不予受理通知书（办件号{{number}}）。欢迎评价本次服务，{{link}}"),
        MessageTemplate(code: "case-granted", channel: .sms, subject: "办件决定通知", text: "您申请的{{item}}已作出准予决定（办件号{{number}}）。{{link}}"),
        MessageTemplate(code: "case-denied", channel: .sms, subject: "办件决定通知",
                        text: "您申请的{{item}}已作出不予许可决定，理由和救济途径见决定书（办件号{{number}}）。{{link}}"),
        MessageTemplate(code: "case-ready", channel: .sms, subject: "办结领取通知",
                        text: "您申请的{{item}}已办结，请凭受理通知书到任一服务中心综合窗口领取（办件号{{number}}）。欢迎评价本次服务，{{link}}"),
        MessageTemplate(code: "case-ready-electronic", channel: .sms, subject: "办结通知",
                        text: "您申请的{{item}}已办结，办理结果可在“我的”中下载（办件号{{number}}）。欢迎评价本次服务，{{link}}"),
        MessageTemplate(code: "case-posted", channel: .sms, subject: "办理结果邮寄通知", text: "您申请的{{item}}办理结果已邮寄，邮件号{{tracking}}（办件号{{number}}）。欢迎评价本次服务，{{link}}"),
        MessageTemplate(code: "case-special-start", channel: .sms, subject: "特别程序告知",
                        text: "您申请的{{item}}进入{{procedure}}，预计{{days}}天，期间不计入办理时限（办件号{{number}}）。{{link}}"),
        MessageTemplate(code: "case-special-end", channel: .sms, subject: "恢复办理通知",
                        text: "您申请的{{item}}特别程序已结束，恢复办理，承诺{{promised}}前办结（办件号{{number}}）。{{link}}"),
        MessageTemplate(code: "case-material-due", channel: .sms, subject: "容缺材料补交提醒",
                        text: "您申请的{{item}}容缺受理的“{{material}}”请于{{due}}前到任一综合窗口补交（办件号{{number}}）。"),
        MessageTemplate(code: "licence-renewal", channel: .sms, subject: "证照到期提醒",
                        text: "您持有的{{licence}}将于{{until}}到期，如需继续使用，请在到期前办理延续（换证）手续（原办件号{{number}}）。{{link}}"),
    ].map { ($0.code, $0) })

    /// The messages `events` of `record` send: per event that tells the applicant something, an
    /// SMS to the applicant's mobile number and an e-mail to their address, each when there is
    /// one. Each is keyed by the case, the step, the revision and the channel, so the same step
    /// told twice is one message.
    public static func messages(_ record: CaseRecord, events: [CaseEvent], hallName: String, book: TemplateBook = .standard) -> [OutgoingMessage] {
        let phone = mobile(record.applicant.phone)
        let email = record.applicant.email.flatMap { EmailAddress.isValid($0) ? $0 : nil }
        guard phone != nil || email != nil else { return [] }
        let number = record.number.rawValue.isEmpty ? numberPlaceholder : record.number.rawValue
        let values = ["item": record.itemName, "number": number, "hall": hallName, "link": book.link("/me/cases/\(number)"),
                      "promised": record.promisedDeadline?.chinese ?? "期限", "tracking": record.delivery?.trackingNumber ?? "",
                      "procedure": record.specialProcedure?.kind.label ?? "特别程序", "days": String(record.specialProcedure?.expectedDays ?? 0)]
        var messages: [OutgoingMessage] = []
        for event in events where event.action == "accept" {
            if let phone { messages += dueReminders(record, number: number, phone: phone, book: book) }
        }
        for event in events {
            let code: String
            switch event.action {
            case "accept": code = "case-accepted"
            case "request-correction": code = "case-correction"
            case "refuse": code = "case-not-accepted"
            case "start-special-procedure": code = "case-special-start"
            case "end-special-procedure": code = "case-special-end"
            case "decide": code = record.decision?.granted == false ? "case-denied" : "case-granted"
            case "conclude":
                // A refusal was told when decided.
                guard record.decision?.granted != false else { continue }
                // The applicant asked for the result by post (told when posted) or electronically.
                switch record.deliveryChoice?.method {
                case .post: continue
                case .electronic: code = "case-ready-electronic"
                case .pickup, nil: code = "case-ready"
                }
            case "deliver":
                guard record.delivery?.method == .post else { continue }
                code = "case-posted"
            default: continue
            }
            // The messages that end a case link to its rating (好差评's channel "message").
            let ending = ["case-not-accepted", "case-ready", "case-ready-electronic", "case-posted"].contains(code)
            var filled = values
            if ending { filled["link"] = book.link("/me/cases/\(number)?via=message#rating") }
            guard let text = book.render(code, filled) else { continue }
            messages += smsAndEmail(key: "case:\(number):\(event.action):\(record.revision)", template: code, text: text.text,
                                    subject: "\(text.subject.isEmpty ? "办件通知" : text.subject)（办件号\(number)）", phone: phone, email: email,
                                    about: enterpriseKey(record.applicant))
        }
        return messages
    }

    /// One piece of news as an SMS to `phone` and an e-mail with `subject` to `email`, each when
    /// there is one, keyed by `key` and the channel (ADR 0022).
    static func smsAndEmail(key: String, template: String, text: String, subject: String, phone: String?, email: String?,
                            about: String?) -> [OutgoingMessage] {
        var messages: [OutgoingMessage] = []
        if let phone {
            messages.append(OutgoingMessage(key: key + ":sms", channel: .sms, recipient: phone, template: template, body: text))
        }
        if let email {
            messages.append(OutgoingMessage(key: key + ":email", channel: .email, recipient: email, template: template, subject: subject,
                                            body: text + "\n\n本邮件由政务服务平台自动发送，请勿直接回复。"))
        }
        for i in messages.indices { messages[i].about = about }
        return messages
    }

    /// The key of an enterprise applicant ("uscc:…"); nil for a person.
    static func enterpriseKey(_ applicant: Applicant) -> String? {
        if case .enterprise = applicant { return applicant.key }
        return nil
    }

    /// Reminders sent three days before a 容缺 material is due, at 09:00 China time: written with
    /// the acceptance, each waiting in the outbox until its day. Whether the material is still
    /// owed is asked when the reminder comes due (``dueReminder(key:)``): one handed in by then is
    /// not asked for.
    public static func dueReminders(_ record: CaseRecord, number: String, phone: String, book: TemplateBook = .standard) -> [OutgoingMessage] {
        record.materials.enumerated().compactMap { index, material in
            guard !material.received, let due = material.dueDate,
                  let text = book.render("case-material-due", ["item": record.itemName, "material": material.name, "due": due.chinese, "number": number])
            else { return nil }
            var reminder = OutgoingMessage(key: "case:\(number):due:\(index):\(due):sms", channel: .sms, recipient: phone, template: "case-material-due",
                                           body: text.text)
            reminder.notBefore = AppointmentSlot(day: CivilDate(dayNumber: due.dayNumber - 3), start: 9 * 60, end: 9 * 60).epoch(9 * 60)
            return reminder
        }
    }

    /// The notice that a licence the case issued runs out: 30 days before its last day, at 09:00
    /// China time, written when the licence is issued and waiting in the outbox until then. Whether
    /// it still runs out is asked when it comes due (``licenceRenewal(key:)``): one revoked,
    /// changed or renewed meanwhile is not told about. None for a licence without an end, or one
    /// that ends within 30 days (its holder was told the date at issue).
    public static func renewalNotices(_ record: CaseRecord, licence: Licence, today: CivilDate, book: TemplateBook = .standard) -> [OutgoingMessage] {
        guard let until = licence.validUntil, until.dayNumber - 30 > today.dayNumber else { return [] }
        let number = record.number.rawValue.isEmpty ? numberPlaceholder : record.number.rawValue
        guard let text = book.render("licence-renewal", ["licence": licence.typeName, "until": until.chinese, "number": number,
                                                         "link": book.link("/me/licences")]) else { return [] }
        let notBefore = AppointmentSlot(day: CivilDate(dayNumber: until.dayNumber - 30), start: 9 * 60, end: 9 * 60).epoch(9 * 60)
        var messages = smsAndEmail(key: "case:\(number):licence-renewal:\(until)", template: "licence-renewal", text: text.text,
                                   subject: text.subject.isEmpty ? "证照到期提醒" : text.subject, phone: mobile(record.applicant.phone),
                                   email: record.applicant.email.flatMap { EmailAddress.isValid($0) ? $0 : nil }, about: enterpriseKey(record.applicant))
        for i in messages.indices { messages[i].notBefore = notBefore }
        return messages
    }

    /// The case and last day a renewal notice's key names ("case:CC-…:licence-renewal:2031-09-27:sms").
    public static func licenceRenewal(key: String) -> (number: CaseNumber, until: CivilDate)? {
        let parts = key.split(separator: ":")
        guard parts.count == 5, parts[0] == "case", parts[2] == "licence-renewal", let number = CaseNumber(parsing: String(parts[1])),
              let until = CivilDate(String(parts[3])) else { return nil }
        return (number, until)
    }

    /// The case, material and due date a due reminder's key names ("case:CC-…:due:2:2026-10-15:sms").
    public static func dueReminder(key: String) -> (number: CaseNumber, material: Int, due: CivilDate)? {
        let parts = key.split(separator: ":")
        guard parts.count == 6, parts[0] == "case", parts[2] == "due", let number = CaseNumber(parsing: String(parts[1])),
              let index = Int(parts[3]), let due = CivilDate(String(parts[4])) else { return nil }
        return (number, index, due)
    }

    /// A mainland mobile number (11 digits, 1 first), as the SMS gateway takes it; nil otherwise
    /// (a landline or nothing: no SMS).
    public static func mobile(_ phone: String) -> String? {
        let digits = phone.filter { $0 != " " && $0 != "-" }
        let number = digits.hasPrefix("+86") ? String(digits.dropFirst(3)) : digits
        guard number.count == 11, number.first == "1", number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return number
    }
}
