/// What the holder of an appointment is told by SMS (issue 15 §5): booked, a reminder at 18:00
/// the day before (unless booked after that), cancelled. Pure: the service asks, storage writes
/// the messages with the booking's own transaction, and a cancellation or a move cancels the
/// reminder still waiting in the outbox (``reminderKey(_:)``).
public enum AppointmentMessages {
    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "appointment-booked", channel: .sms,
                        text: "您已预约{{hall}}{{queue}}，时间{{date}} {{time}}，预约编号{{id}}。请按时到取号机凭证件签到。"),
        MessageTemplate(code: "appointment-reminder", channel: .sms,
                        text: "温馨提示：您预约了明天{{time}}在{{hall}}办理{{queue}}，请携带证件按时到取号机签到。"),
        MessageTemplate(code: "appointment-cancelled", channel: .sms, text: "您在{{hall}}{{date}} {{time}}的预约（编号{{id}}）已取消。"),
    ].map { ($0.code, $0) })

    /// The reminder goes out at this minute of the day before (18:00 China time).
    public static let reminderMinute = 18 * 60

    /// Booked (or moved to a new slot): the confirmation now, and the reminder for the day before
    /// when that is still ahead.
    public static func booked(_ appointment: Appointment, hallName: String, queueName: String, at now: Int64, book: TemplateBook = .standard) -> [OutgoingMessage] {
        guard let phone = appointment.phone else { return [] }
        let values = values(appointment, hallName: hallName, queueName: queueName)
        var messages: [OutgoingMessage] = []
        if let text = book.render("appointment-booked", values)?.text {
            messages.append(OutgoingMessage(key: "appointment:\(appointment.id):booked:\(slotStamp(appointment)):sms", channel: .sms, recipient: phone,
                                            template: "appointment-booked", body: text))
        }
        let remindAt = AppointmentSlot(day: CivilDate(dayNumber: appointment.slot.day.dayNumber - 1), start: reminderMinute, end: reminderMinute)
            .epoch(reminderMinute)
        if remindAt > now, let text = book.render("appointment-reminder", values)?.text {
            var reminder = OutgoingMessage(key: reminderKey(appointment), channel: .sms, recipient: phone, template: "appointment-reminder", body: text)
            reminder.notBefore = remindAt
            messages.append(reminder)
        }
        return messages
    }

    public static func cancelled(_ appointment: Appointment, hallName: String, queueName: String, book: TemplateBook = .standard) -> [OutgoingMessage] {
        guard let phone = appointment.phone, let text = book.render("appointment-cancelled", values(appointment, hallName: hallName, queueName: queueName))?.text else {
            return []
        }
        return [OutgoingMessage(key: "appointment:\(appointment.id):cancelled:sms", channel: .sms, recipient: phone, template: "appointment-cancelled",
                                body: text)]
    }

    /// The key of the reminder of the appointment's current slot: cancelled when it moves or ends.
    public static func reminderKey(_ appointment: Appointment) -> String {
        "appointment:\(appointment.id):reminder:\(slotStamp(appointment)):sms"
    }

    static func slotStamp(_ appointment: Appointment) -> String { "\(appointment.slot.day)T\(AppointmentSlot.clock(appointment.slot.start))" }

    static func values(_ appointment: Appointment, hallName: String, queueName: String) -> [String: String] {
        ["hall": hallName, "queue": queueName, "date": appointment.slot.day.chinese, "time": AppointmentSlot.clock(appointment.slot.start),
         "id": appointment.id]
    }
}
