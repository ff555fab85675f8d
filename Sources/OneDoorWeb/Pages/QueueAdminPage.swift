import OneDoorCore
import OneDoorServices

/// An administrator's page of a hall's queues (排队队列) and of what each window calls
/// (窗口叫号档案). Typed values come back with every problem.
struct QueueAdminPage: PageModel {
    struct QueueForm: Sendable {
        var code: String
        var name: String
        var prefix: String
        var firstNumber: String
        var lastNumber: String
        var targetWaitMinutes: String
        var category: String
        var saveLink: String
    }

    struct WindowProfile: Sendable {
        var number: String
        /// The queue codes it calls, in order, as typed in the form.
        var queues: String
        /// "按窗口类别" when it has no profile of its own.
        var source: String
        var saveLink: String
    }

    var title: String { "排队队列与窗口叫号 · \(hallName)" }
    var bodyClass: String { "admin" }
    var hallCode: HallCode
    var hallName: String
    var queues: [QueueForm]
    var newQueue: QueueForm
    var windows: [WindowProfile]
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?

    init(hall: Hall, queues: [HallQueue], configured: Set<WindowNumber>, calls: [WindowNumber: [QueueCode]], categories: [WindowCategory],
         typed: QueueForm? = nil, typedWindow: WindowProfile? = nil, problems: [ValidationProblem] = [], message: String? = nil) {
        hallCode = hall.code
        hallName = hall.name
        let names = Dictionary(categories.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.queues = queues.map { q in
            if let typed, typed.code == q.code.rawValue { return typed }
            return QueueForm(code: q.code.rawValue, name: q.name, prefix: q.prefix, firstNumber: String(q.firstNumber), lastNumber: String(q.lastNumber),
                             targetWaitMinutes: String(q.targetWaitMinutes), category: q.category.flatMap { names[$0] } ?? "—",
                             saveLink: SiteURL.adminHallQueue(.value(hall.code), .value(q.code)).path)
        }
        newQueue = typed.flatMap { t in queues.contains { $0.code.rawValue == t.code } ? nil : t }
            ?? QueueForm(code: "", name: "", prefix: "", firstNumber: "1", lastNumber: "999", targetWaitMinutes: "15", category: "—",
                         saveLink: SiteURL.adminHallQueues(.value(hall.code)).path)
        windows = calls.keys.sorted { (Int($0.rawValue) ?? .max, $0.rawValue) < (Int($1.rawValue) ?? .max, $1.rawValue) }.map { number in
            if let typedWindow, typedWindow.number == number.rawValue { return typedWindow }
            return WindowProfile(number: number.rawValue, queues: (calls[number] ?? []).map(\.rawValue).joined(separator: ","),
                                 source: configured.contains(number) ? "自定义" : "按窗口类别",
                                 saveLink: SiteURL.adminWindowQueues(.value(hall.code), .value(number)).path)
        }
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        self.message = message
    }
}
