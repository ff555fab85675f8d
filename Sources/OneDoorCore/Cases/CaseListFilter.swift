/// What a member of staff narrows a case list to: a search (case number, applicant name or
/// masked ID number, item) and filters (state, light, dates received, hall, department).
/// Every field is optional; the list's own scope (a clerk's hall, an approver's department) is
/// applied on top by the service, never taken from the request.
public struct CaseListFilter: Sendable, Hashable {
    /// The lights of running cases a list can be narrowed to (``CaseClock/light(_:today:calendar:yellowShare:)``).
    public enum Late: String, Sendable, CaseIterable {
        /// 绿灯: within its limits with room to spare.
        case green
        /// 黄灯: less than a fifth of its promised limit (or one working day) left.
        case yellow
        /// 红灯: past the promised deadline (or worse).
        case red
        /// 超期: past the legal deadline.
        case overdue

        public var label: String {
            switch self {
            case .green: "绿灯（正常）"
            case .yellow: "黄灯（预警）"
            case .red: "红灯（超承诺时限）"
            case .overdue: "超期（超法定时限）"
            }
        }

        /// Green and yellow depend on working days left, counted per case: the database narrows
        /// to running cases not yet late, and the service sorts the rest by their light.
        public var needsCounting: Bool { self == .green || self == .yellow }
    }

    public var text: String?
    /// Items whose names contain `text` (found in the catalogue by the service).
    public var itemCodes: [ItemCode] = []
    public var state: CaseState?
    public var late: Late?
    public var receivedFrom: CivilDate?
    public var receivedTo: CivilDate?
    public var hall: HallCode?
    public var department: DepartmentCode?

    public init() {}

    /// The search text as a LIKE pattern on an applicant key's number: `*` of a masked number
    /// (4401**********001X) stands for any one character; nil when the text is no such number.
    public var maskedNumberPattern: String? {
        guard let text, text.utf8.count >= 6, text.utf8.count <= 30,
              text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2A }),
              text.contains("*")
        else { return nil }
        return "%:" + String(text.uppercased().map { $0 == "*" ? "_" : $0 })
    }

    /// Problems with what was asked, with query-parameter paths.
    public func problems() -> [ValidationProblem] {
        var c = ProblemCollector()
        if let text { c.limitText("q", text, label: "搜索词", maxLength: 60) }
        if let from = receivedFrom, let to = receivedTo, to < from { c.add("to", "结束日期不能早于开始日期") }
        return c.problems
    }
}
