import Foundation
import OneDoorCore
import OneDoorServices

/// A day to pick on the booking pages: a link, closed days shown but not linked.
struct DayChoice: Sendable {
    var date: String
    var label: String
    var isOpen: Bool
    var selected: Bool
    var href: String

    static func label(_ day: CivilDate) -> String {
        "\(day.month)月\(day.day)日 周" + ["一", "二", "三", "四", "五", "六", "日"][day.weekday - 1]
    }
}

/// A slot to pick: a radio button, disabled when full or begun.
struct SlotChoice: Sendable {
    var start: String
    var label: String
    var remaining: Int
    var bookable: Bool
    var selected: Bool

    init(_ availability: SlotAvailability, selected: String?) {
        start = AppointmentSlot.clock(availability.slot.start)
        label = availability.slot.label
        remaining = availability.remaining
        bookable = availability.isBookable
        self.selected = start == selected && bookable
    }
}

/// The day and slot pickers, shared by booking and rescheduling.
struct SlotPicker: Sendable {
    var days: [DayChoice]
    var slots: [SlotChoice]
    var hasSlots: Bool
    var dayLabel: String
    var day: String

    /// `link` makes a day's address from its date.
    init(days: [BookableDay], chosen: CivilDate?, slots: [SlotAvailability], selected: String?, link: (CivilDate) -> String) {
        let day = chosen ?? days.first { $0.isOpen }?.day
        self.days = days.map { DayChoice(date: $0.day.description, label: DayChoice.label($0.day), isOpen: $0.isOpen, selected: $0.day == day, href: link($0.day)) }
        self.slots = slots.map { SlotChoice($0, selected: selected) }
        hasSlots = !slots.isEmpty
        dayLabel = day.map(DayChoice.label) ?? ""
        self.day = day?.description ?? ""
    }
}

/// 在线预约: pick a business, a day and a slot, give one's document.
struct AppointmentBookingPage: PageModel {
    var title: String { "预约 · \(hallName)" }
    var hallCode: HallCode
    var hallName: String
    var queues: [SelectOption]
    var queue: String
    var queueName: String
    var picker: SlotPicker
    var documentTypes: [SelectOption]
    var documentNumber: String
    var phone: String
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?
    var policy: String
}

/// An appointment: what, when, where, how to check in, and the forms to cancel or move it.
struct AppointmentPage: PageModel {
    var title: String { "预约 \(day) \(time)" }
    var id: String
    var hallCode: HallCode
    var hallName: String
    var queueName: String
    var day: String
    var time: String
    var state: String
    var holder: String
    var checkIn: String
    var changeable: Bool
    var ticket: String?
    var pageURL: String
    var qrSVG: String
    var picker: SlotPicker?
    var done: String?
    var error: String?
    var problems: [ValidationProblemRow]
    var hasProblems: Bool

    init(_ a: Appointment, hallName: String, queueName: String, now: Int64, policy: AppointmentPolicy, pageURL: String, qrSVG: String) {
        id = a.id
        hallCode = a.hall
        self.hallName = hallName
        self.queueName = queueName
        day = DayChoice.label(a.slot.day)
        time = a.slot.label
        state = a.state.label
        holder = "\(a.documentType.label) \(a.maskedDocumentNumber)"
        let from = AppointmentSlot.clock(a.slot.start - policy.graceMinutes), until = AppointmentSlot.clock(a.slot.start + policy.graceMinutes)
        checkIn = "请于 \(from)–\(until) 持本人证件到取号机“预约签到”，签到后优先叫号；\(until) 以后签到按普通号排队，时段结束仍未签到视为爽约。"
        changeable = a.isChangeable(at: now)
        ticket = a.ticket
        self.pageURL = pageURL
        self.qrSVG = qrSVG
        problems = []
        hasProblems = false
    }
}
