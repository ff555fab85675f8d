/// What 电子监察 raises an alert for (issue 18 §3, ADR 0048), each subject once.
public enum AlertRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// A running case past its promised deadline (红灯).
    case caseRed = "case-red"
    /// A complaint not replied by its due day.
    case complaintOverdue = "complaint-overdue"
    /// A hall where someone has waited over ``SupervisionAlerts/longWaitMinutes`` today.
    case longWait = "long-wait"
    /// A member of staff who read ``SupervisionAlerts/readsPerHour`` records of personal data within an hour.
    case heavyReading = "heavy-reading"

    public var label: String {
        switch self {
        case .caseRed: "办件超承诺时限（红灯）"
        case .complaintOverdue: "投诉举报超期未答复"
        case .longWait: "窗口等候超过 30 分钟"
        case .heavyReading: "工作人员一小时内查阅个人信息超过 50 次"
        }
    }
}

/// One thing found by a rule: `subject` is what it is about and keeps it from being raised twice
/// (a case number; a hall and day; a member of staff and hour), `text` what the message says.
public struct AlertFinding: Sendable, Hashable {
    public var rule: AlertRule
    public var subject: String
    public var text: String

    public init(rule: AlertRule, subject: String, text: String) {
        self.rule = rule
        self.subject = subject
        self.text = text
    }
}

/// An alert raised, as the overview lists it.
public struct RaisedAlert: Sendable, Hashable {
    public var rule: AlertRule
    public var subject: String
    public var text: String
    public var raisedAt: Int64

    public init(rule: AlertRule, subject: String, text: String, raisedAt: Int64) {
        self.rule = rule
        self.subject = subject
        self.text = text
        self.raisedAt = raisedAt
    }
}

/// The rules' thresholds and the messages to the supervisors on duty, pure.
public enum SupervisionAlerts {
    public static let longWaitMinutes = 30
    public static let readsPerHour = 50
    /// Subjects named in one message; the rest are counted.
    public static let namedPerMessage = 5

    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "supervision-alert", channel: .sms, subject: "电子监察预警", text: "电子监察预警：{{rule}}，新增 {{count}} 项：{{items}}。{{link}}"),
    ].map { ($0.code, $0) })

    /// One message per rule with new findings, to every contact (a mobile number by SMS, an
    /// address by e-mail). `key` makes the messages of one sweep idempotent.
    public static func messages(_ findings: [AlertFinding], contacts: [String], key: String, book: TemplateBook = .standard) -> [OutgoingMessage] {
        guard !contacts.isEmpty else { return [] }
        var messages: [OutgoingMessage] = []
        for rule in AlertRule.allCases {
            let found = findings.filter { $0.rule == rule }
            guard !found.isEmpty else { continue }
            let named = found.prefix(namedPerMessage).map(\.text).joined(separator: "；")
            let items = found.count > namedPerMessage ? named + " 等" : named
            guard let text = book.render("supervision-alert", ["rule": rule.label, "count": String(found.count), "items": items,
                                                                "link": book.link("/supervision")]) else { continue }
            for (i, contact) in contacts.enumerated() {
                let email = contact.contains("@")
                messages += CaseMessages.smsAndEmail(key: "alert:\(key):\(rule.rawValue):\(i)", template: "supervision-alert", text: text.text,
                                                     subject: text.subject, phone: email ? nil : contact, email: email ? contact : nil, about: nil)
            }
        }
        return messages
    }

    /// The contacts of a setting ("13800000000, jiancha@example.cn"), each a mobile number or an
    /// e-mail address; every bad one named.
    public static func contacts(_ text: String) throws -> [String] {
        var c = ProblemCollector()
        var contacts: [String] = []
        for (i, raw) in text.split(separator: ",").enumerated() {
            let contact = String(raw).trimmingWhitespace()
            if contact.isEmpty { continue }
            if let mobile = CaseMessages.mobile(contact) { contacts.append(mobile) }
            else if EmailAddress.isValid(contact) { contacts.append(contact) }
            else { c.add("supervisionAlerts[\(i)]", "“\(contact.prefix(40))”不是手机号码或电子邮件地址") }
        }
        try c.throwIfAny()
        return contacts
    }
}
