import OneDoorCore
import OneDoorServices

/// 好差评 on 我的 case page (issue 18 §1): the five levels and the reasons to rate a concluded
/// case, the rating given (changeable within 7 days), and a 差评's rectification with the
/// rater's answer to its feedback.
struct RatingSection: Sendable {
    struct Level: Sendable {
        var value: Int
        var label: String
        var checked: Bool
    }

    struct Reason: Sendable {
        var code: String
        var label: String
        var checked: Bool
    }

    struct Step: Sendable {
        var step: String
        var at: String
        var text: String
    }

    var action: String
    /// The channel the rating came through: 我的, or the link in a concluding message or on a
    /// notice's QR code, which lead here with `?via=`.
    var channel: String
    var answerAction: String
    /// Where answering leads back to.
    var back: String
    var csrf: String
    var levels: [Level]
    var reasons: [Reason]
    var comment: String
    /// "不满意：等候或办理时间过长", when rated.
    var given: String?
    var changeable: Bool
    var rectificationState: String?
    var steps: [Step]
    var hasSteps: Bool
    var canAnswer: Bool
    var problems: [ValidationProblemRow]
    var hasProblems: Bool

    /// `action` takes the rating, `back` is the page it is on.
    init(action: String, back: String, view: RatingView?, csrf: String, channel: RatingChannel = .mine, form: FormData? = nil,
         problems: [ValidationProblem] = []) {
        self.csrf = csrf
        self.action = action
        self.channel = channel.rawValue
        answerAction = view.map { SiteURL.meRatingAnswer(.value(String($0.rating.id))).path } ?? ""
        self.back = back + "#rating"
        let level = form?["level"].flatMap(Int.init) ?? view?.rating.level.rawValue
        levels = RatingLevel.allCases.reversed().map { Level(value: $0.rawValue, label: $0.label, checked: $0.rawValue == level) }
        let chosen = Set(form?.all("reason") ?? view?.rating.reasons.map(\.rawValue) ?? [])
        reasons = RatingReason.allCases.map { Reason(code: $0.rawValue, label: $0.label, checked: chosen.contains($0.rawValue)) }
        comment = form?["comment"] ?? view?.rating.comment ?? ""
        given = view.map { "\($0.rating.level.label)" + ($0.rating.reasonText.isEmpty ? "" : "：\($0.rating.reasonText)") }
        changeable = view?.changeable ?? true
        rectificationState = view?.rectification?.state.label
        steps = view?.rectification?.steps.map { Step(step: $0.step, at: PageDates.dateTime($0.at), text: $0.text) } ?? []
        hasSteps = !steps.isEmpty
        canAnswer = view?.rectification?.state == .feedback
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
    }

    /// The channel a citizen's page or form names (`via`, `channel`): a message's or a notice's
    /// link, else 我的. The window evaluator is not theirs to claim.
    static func channel(claimed: String?) -> RatingChannel {
        switch claimed.flatMap(RatingChannel.init(rawValue:)) {
        case .message: .message
        case .notice: .notice
        default: .mine
        }
    }
}
