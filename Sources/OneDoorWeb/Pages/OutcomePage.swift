import OneDoorCore
import OneDoorServices

/// 改革成效 (issue 18 §5): the seeds' headline results computed from the records of two periods.
struct OutcomePage: PageModel {
    var title: String { "改革成效" }
    var beforeFrom: String
    var beforeTo: String
    var afterFrom: String
    var afterTo: String
    var lines: [OutcomeComparison.Line]
    var problems: [ValidationProblemRow]
    var hasFigures: Bool

    init(_ comparison: OutcomeComparison?, periods: [String], problems: [ValidationProblem] = []) {
        beforeFrom = periods[0]
        beforeTo = periods[1]
        afterFrom = periods[2]
        afterTo = periods[3]
        lines = comparison?.lines ?? []
        hasFigures = comparison != nil
        self.problems = problems.map(ValidationProblemRow.init)
    }
}
