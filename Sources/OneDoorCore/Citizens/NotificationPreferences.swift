/// How a citizen wants to be told (issue 15 §5): SMS and e-mail each on or off, and quiet hours
/// of their own. What a channel that is off would have said is kept and shown in 我的消息 (the
/// in-site channel is always on), and urgent messages — a sign-in code the citizen just asked
/// for — ignore both.
public struct NotificationPreferences: Sendable, Hashable {
    public var sms: Bool
    public var email: Bool
    /// Minutes after midnight in China: no non-urgent message in [quietFrom, quietUntil) (which
    /// may span midnight); nil: the platform's quiet hours only.
    public var quietFrom: Int?
    public var quietUntil: Int?

    public init(sms: Bool = true, email: Bool = true, quietFrom: Int? = nil, quietUntil: Int? = nil) {
        self.sms = sms
        self.email = email
        self.quietFrom = quietFrom
        self.quietUntil = quietUntil
    }

    /// Everything on, no quiet hours of one's own: what an account without settings gets.
    public static let standard = NotificationPreferences()

    /// Preferences from a form's "HH:MM" times: both or neither, and not the same minute.
    public static func checked(sms: Bool, email: Bool, quietFrom: String, quietUntil: String) -> Result<NotificationPreferences, ValidationFailed> {
        var c = ProblemCollector()
        let from = quietFrom.trimmingWhitespace(), until = quietUntil.trimmingWhitespace()
        var fromMinute: Int?, untilMinute: Int?
        if !from.isEmpty || !until.isEmpty {
            fromMinute = OpeningPeriod.minutes(from)
            untilMinute = OpeningPeriod.minutes(until)
            if fromMinute == nil { c.add("quietFrom", from.isEmpty ? "请填写免打扰开始时间，或两项都不填" : "免打扰开始时间应为 HH:MM，如 22:00") }
            if untilMinute == nil { c.add("quietUntil", until.isEmpty ? "请填写免打扰结束时间，或两项都不填" : "免打扰结束时间应为 HH:MM，如 08:00") }
            if let fromMinute, fromMinute == untilMinute { c.add("quietUntil", "免打扰的开始和结束时间不能相同") }
        }
        if !c.problems.isEmpty { return .failure(ValidationFailed(c.problems)) }
        return .success(NotificationPreferences(sms: sms, email: email, quietFrom: fromMinute, quietUntil: untilMinute))
    }

    /// What to do with `message` when it comes due at `now`: send it, keep it unsent (its
    /// channel is off), or wait to the end of the person's quiet hours.
    public func decide(_ message: OutgoingMessage, at now: Int64) -> PreferenceDecision {
        if message.urgent { return .send }
        switch message.channel {
        case .sms where !sms: return .withhold("本人已关闭短信通知")
        case .email where !email: return .withhold("本人已关闭邮件通知")
        default: break
        }
        guard let quietFrom, let quietUntil else { return .send }
        let quiet = DispatchPolicy(quietFrom: quietFrom, quietUntil: quietUntil)
        let at = quiet.earliestSend(at: now, urgent: false)
        return at > now ? .postpone(until: at) : .send
    }

    /// "22:00–08:00", or nil without quiet hours of one's own.
    public var quietLabel: String? {
        guard let quietFrom, let quietUntil else { return nil }
        return AppointmentSlot.clock(quietFrom) + "–" + AppointmentSlot.clock(quietUntil)
    }
}

/// What a person's preferences make of a message that is due.
public enum PreferenceDecision: Sendable, Hashable {
    case send
    /// Not sent on its channel (still shown in 我的消息).
    case withhold(String)
    case postpone(until: Int64)
}
