import OneDoorCore
import OneDoorServices

/// The evaluator facing the citizen at a window (一次一评, issue 18 §1): the name card of who
/// served, and — when a visit has just finished — the five levels, with the reasons a 差评 asks.
/// Waiting, it reloads itself every few seconds: no script needed.
struct WindowEvaluatorPage: PageModel {
    var title: String { "服务评价 · \(hallName) \(window) 号窗口" }
    var bodyClass: String { "kiosk evaluator" }
    var hallName: String
    var window: String
    var staffName: String?
    var staffNumber: String?
    var ticketID: String?
    var ticketNumber: String?
    var action: String
    var levels: [RatingSection.Level]
    var reasons: [RatingSection.Reason]
    var thanks: Bool
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    /// Seconds before the page reloads itself (while waiting, or after thanking).
    var refresh: Int?

    init(hall: Hall, window: WindowNumber, evaluation: WindowEvaluation, thanks: Bool = false, form: FormData? = nil, problems: [ValidationProblem] = []) {
        hallName = hall.name
        self.window = window.rawValue
        staffName = evaluation.staffName
        staffNumber = evaluation.staffNumber
        ticketID = thanks ? nil : evaluation.ticketID
        ticketNumber = evaluation.ticketNumber
        action = SiteURL.windowEvaluator(.value(hall.code), .value(window.rawValue)).path
        let level = form?["level"].flatMap(Int.init)
        levels = RatingLevel.allCases.reversed().map { RatingSection.Level(value: $0.rawValue, label: $0.label, checked: $0.rawValue == level) }
        let chosen = Set(form?.all("reason") ?? [])
        reasons = RatingReason.allCases.map { RatingSection.Reason(code: $0.rawValue, label: $0.label, checked: chosen.contains($0.rawValue)) }
        self.thanks = thanks
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        refresh = thanks ? 5 : ticketID == nil ? 3 : nil
    }
}
