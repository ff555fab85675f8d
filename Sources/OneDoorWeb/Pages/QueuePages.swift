import Foundation
import OneDoorCore
import OneDoorServices

/// A queue on the kiosk, the call screen and the workstation.
struct QueueTile: Sendable {
    var code: String
    var name: String
    var prefix: String
    var waiting: Int
    var waitMinutes: Int
    var windows: String
    var selected: Bool

    init(_ status: QueueStatus, selected: String? = nil) {
        code = status.queue.code.rawValue
        name = status.queue.name
        prefix = status.queue.prefix
        waiting = status.waiting
        waitMinutes = status.estimatedWaitSeconds / 60
        windows = status.windows.map(\.rawValue).joined(separator: "、")
        self.selected = status.queue.code.rawValue == selected
    }
}

/// 取号机: large touch targets, the queues with their waits, the holder's document.
struct KioskPage: PageModel {
    /// A matter found by the kiosk's search, with the queue it is served in.
    struct Matter: Sendable {
        var name: String
        var queueName: String
        var link: String
    }

    var title: String { "取号 · \(hallName)" }
    var bodyClass: String { "kiosk" }
    var bare: Bool { true }
    var hallCode: HallCode
    /// Seconds untouched before the kiosk returns to its start (kiosk.js).
    var idleSeconds = 60
    var query = ""
    var matters: [Matter] = []
    var searched = false
    var hasMatters = false
    /// The matter chosen, shown above the queues ("您要办：食品经营许可").
    var chosen: String?
    var hallName: String
    var queues: [QueueTile]
    var documentTypes: [SelectOption]
    var lanes: [SelectOption]
    var documentNumber: String
    var phone: String
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?

    init(hall: Hall, queues: [QueueStatus], form: FormData? = nil, problems: [ValidationProblem] = [], message: String? = nil,
         selectedQueue: String? = nil) {
        hallCode = hall.code
        hallName = hall.name
        self.queues = queues.map { QueueTile($0, selected: form?["queue"] ?? selectedQueue) }
        documentTypes = SelectOption.documentTypes(selected: form?["documentType"] ?? DocumentType.residentID.rawValue)
        let lane = form?["priority"] ?? ""
        lanes = PriorityLane.allCases.filter { $0 != .elderly }.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0.rawValue == lane) }
        documentNumber = form?["documentNumber"] ?? ""
        phone = form?["phone"] ?? ""
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        self.message = message
    }

    /// The matters the search `query` finds among the items this hall serves, each routed to
    /// its queue; choosing one preselects that queue.
    mutating func search(_ query: String, snapshot: CatalogSnapshot, hall: Hall, queues: [HallQueue]) {
        self.query = query
        searched = !query.isEmpty
        guard searched else { return }
        let found = snapshot.list(ItemQuery(text: query, hallLevel: hall.level, includeSuspended: false, page: 1, pageSize: 8))
        // 一件事 first: taken in at the queue of its first item, where the window accepts it all.
        matters = snapshot.themes(matching: query).prefix(2).compactMap { entry in
            guard let first = entry.theme.items.first, let item = snapshot.itemsByCode[first.item],
                  let queue = HallQueue.route(category: item.guide.windowCategory, in: queues) else { return nil }
            let idle = idleSeconds == 60 ? nil : String(idleSeconds)
            return Matter(name: "一件事：" + entry.theme.name, queueName: "\(queue.prefix) \(queue.name)",
                          link: SiteURL.hallKiosk(.value(hall.code)).path(["q": query, "theme": entry.code, "queue": queue.code.rawValue, "idle": idle],
                                                                          fragment: "take"))
        }
        matters += found.items.compactMap { item in
            guard let queue = HallQueue.route(category: item.guide.windowCategory, in: queues) else { return nil }
            // The kiosk's own links carry an idle time other than the usual one.
            let idle = idleSeconds == 60 ? nil : String(idleSeconds)
            return Matter(name: item.guide.name, queueName: "\(queue.prefix) \(queue.name)",
                          link: SiteURL.hallKiosk(.value(hall.code)).path(["q": query, "item": item.code.rawValue, "queue": queue.code.rawValue, "idle": idle], fragment: "take"))
        }
        hasMatters = !matters.isEmpty
    }
}

/// What a browser that is not a registered kiosk sees at a hall's kiosk address: tickets need
/// presence, so only a device an administrator registered gives them.
struct KioskRegisterPage: PageModel {
    var title: String { "取号机未登记 · \(hallName)" }
    var bodyClass: String { "kiosk" }
    var hallCode: HallCode
    var hallName: String
    var message: String?

    init(hall: Hall, message: String? = nil) {
        hallCode = hall.code
        hallName = hall.name
        self.message = message
    }
}

/// The ticket: printable at 80 mm, with a QR code of its status page.
struct TicketPage: PageModel {
    var title: String { "排队号 \(number)" }
    var bodyClass: String { "ticket-page" }
    var id: String
    var number: String
    var hallName: String
    var queueName: String
    var state: String
    var waiting: Bool
    var ahead: Int
    var waitMinutes: Int
    var window: String?
    var priority: String?
    var holder: String
    var issued: String
    var statusURL: String
    var qrSVG: String
    var print: Bool
    /// From a kiosk: back to its start after a while (`<meta http-equiv="refresh">`, no script needed).
    var refresh: String?

    init(_ status: TicketStatus, statusURL: String, qrSVG: String, print: Bool) {
        let t = status.ticket
        id = t.id
        number = t.number
        hallName = status.hallName
        queueName = status.queue.name
        state = t.state.label
        waiting = t.state == .waiting
        ahead = status.ahead
        waitMinutes = status.estimatedWaitSeconds / 60
        window = t.state == .called || t.state == .serving ? t.window?.rawValue : nil
        // A ticket checked in on time for an appointment is called first: say so.
        priority = t.appointment != nil ? "预约" : t.priority?.label
        holder = "\(t.documentType.label) \(t.maskedDocumentNumber)"
        issued = PageDates.dateTime(t.issuedAt)
        self.statusURL = statusURL
        self.qrSVG = qrSVG
        self.print = print
    }
}

/// 叫号屏: the latest calls, large, and the waiting counts.
struct CallScreenPage: PageModel {
    var title: String { "叫号屏 · \(hallName)" }
    var bodyClass: String { "screen" }
    var hallCode: HallCode
    var hallName: String
    var latest: CallRow?
    var calls: [CallRow]
    var queues: [QueueTile]
}

struct CallRow: Sendable, Codable {
    var id: Int64
    var number: String
    var window: String
    var time: String
    var announcement: String

    init(_ call: TicketCall) {
        id = call.id
        number = call.number
        window = call.window.rawValue
        time = PageDates.time(call.at)
        announcement = QueueService.announcement(call)
    }
}

/// 窗口工作台: the window's tickets with their actions, and the hall's queues.
struct WorkstationPage: PageModel {
    var title: String { "窗口工作台 · \(window) 号窗口" }
    var bodyClass: String { "admin" }
    var hallCode: HallCode
    var hallName: String
    var window: String
    var windows: [SelectOption]
    var tickets: [WindowTicketRow]
    var queues: [QueueTile]
    var serves: String
    var message: String?
    var error: String?
}

struct WindowTicketRow: Sendable {
    var id: String
    var number: String
    var queueName: String
    var state: String
    var holder: String
    var priority: String?
    var issued: String
    var waited: String
    var calls: Int
    var caseNumber: String?
    var actions: [SelectOption]
    var transferTargets: [SelectOption]
    var canTransfer: Bool
    var canOpenCase: Bool

    init(_ t: Ticket, queues: [HallQueue], now: Int64, policy: TicketPolicy) {
        id = t.id
        number = t.number
        queueName = queues.first { $0.code == t.queue }?.name ?? t.queue.rawValue
        state = t.state.label
        holder = "\(t.documentType.label) \(t.maskedDocumentNumber)"
        priority = t.appointment != nil ? "预约" : t.priority?.label
        issued = PageDates.time(t.issuedAt)
        waited = "\(max(0, ((t.calledAt ?? now) - t.issuedAt) / 60)) 分钟"
        calls = t.calls
        caseNumber = t.caseNumber?.rawValue
        // The buttons are the actions the state machine allows; a recall past the last call is left to 过号.
        let possible = TicketAction.allCases.filter { action in
            action != .transfer && !(action == .recall && t.calls >= policy.maximumCalls)
                && (try? TicketLifecycle.apply(action, to: t, window: t.window ?? "", policy: policy, at: now)) != nil
        }
        actions = possible.map { SelectOption(code: $0.rawValue, name: $0 == .recall ? "重呼（第 \(t.calls + 1) 次）" : $0.label, selected: false) }
        canTransfer = t.state == .called || t.state == .serving
        transferTargets = queues.filter { $0.code != t.queue }.map { SelectOption(code: $0.code.rawValue, name: "\($0.prefix) \($0.name)", selected: false) }
        // A case is opened for the holder once called; one visit may bring several applications.
        canOpenCase = t.state == .called || t.state == .serving
    }
}
