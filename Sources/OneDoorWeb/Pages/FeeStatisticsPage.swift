import OneDoorCore
import OneDoorServices

/// 统一收费 reported (issue 17 §2): the fees recorded at windows and online, by month and
/// department, with the totals — what the finance office reconciles against its receipts.
struct FeeStatisticsPage: PageModel {
    struct Row: Sendable {
        var month: String
        var departmentName: String
        var windowFees: Int
        var windowAmount: String
        var onlineFees: Int
        var onlineAmount: String
        var total: String
    }

    var title: String { "统一收费统计" }
    var bodyClass: String { "admin" }
    var from: String
    var to: String
    var rows: [Row]
    var hasRows: Bool
    var fees: Int
    var total: String
    var problems: [ValidationProblemRow]

    init(_ figures: [FeeFigure], from: CivilDate, to: CivilDate, snapshot: CatalogSnapshot, problems: [ValidationProblem] = []) {
        self.from = from.description
        self.to = to.description
        struct Key: Hashable { var month: String; var department: DepartmentCode }
        var order: [Key] = []
        var byKey: [Key: [FeeChannel: FeeFigure]] = [:]
        for figure in figures {
            let key = Key(month: figure.month, department: figure.department)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: [:]][figure.channel] = figure
        }
        rows = order.map { key in
            let window = byKey[key]?[.window], online = byKey[key]?[.online]
            return Row(month: key.month, departmentName: snapshot.departmentsByCode[key.department]?.name ?? key.department.rawValue,
                       windowFees: window?.fees ?? 0, windowAmount: CaseFees.yuan(window?.totalFen ?? 0), onlineFees: online?.fees ?? 0,
                       onlineAmount: CaseFees.yuan(online?.totalFen ?? 0), total: CaseFees.yuan((window?.totalFen ?? 0) + (online?.totalFen ?? 0)))
        }
        hasRows = !rows.isEmpty
        fees = figures.reduce(0) { $0 + $1.fees }
        total = CaseFees.yuan(figures.reduce(0) { $0 + $1.totalFen })
        self.problems = problems.map(ValidationProblemRow.init)
    }
}
