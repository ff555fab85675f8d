import OneDoorCore
import OneDoorStorage

/// A hall's queue statistics for a range of days, grouped every way a centre is asked about:
/// by queue, window, member of staff and day.
public struct QueueReport: Sendable {
    public struct Row: Sendable {
        public var key: String
        public var name: String
        public var figures: QueueFigures
    }

    public var hall: Hall
    public var from: CivilDate
    public var to: CivilDate
    public var total: QueueFigures
    public var queues: [Row]
    public var windows: [Row]
    public var staff: [Row]
    public var days: [Row]
    /// Target waits by queue code, in minutes.
    public var targets: [String: Int]
}

extension QueueService {
    /// A year: a longer range is a data export, not a page.
    public static let maximumReportDays = 366

    /// The statistics of `hall` from `from` to `to` (both included). Supervisors and
    /// administrators see every hall; a clerk sees their own. `staffNames` labels staff rows.
    public func statistics(
        hall code: String, from: CivilDate, to: CivilDate, by identity: Identity, staffNames: [Int64: String] = [:]
    ) async throws -> QueueReport {
        let hall = try self.hall(code)
        if !identity.role.may(.readQueueStatistics) && !(identity.role == .clerk && identity.account.hall == hall.code) {
            throw TicketRuleError.forbidden("只能查看本中心的排队统计")
        }
        var c = ProblemCollector()
        if to < from { c.add("to", "结束日期不能早于开始日期") }
        if to.dayNumber - from.dayNumber >= Self.maximumReportDays { c.add("to", "统计区间最长 \(Self.maximumReportDays) 天") }
        try c.throwIfAny()

        let queues = try await self.queues(hall: hall.code)
        let targets = Dictionary(queues.map { ($0.code, $0.targetWaitMinutes) }, uniquingKeysWith: { a, _ in a })
        let facts = try await repository.facts(hall: hall.code, from: from, to: to)
        func rows<Key: Hashable & Comparable>(_ key: (TicketFacts) -> Key?, name: (Key) -> String, text: (Key) -> String) -> [QueueReport.Row] {
            QueueStatistics.grouped(facts, by: key, targets: targets).sorted { $0.key < $1.key }
                .map { QueueReport.Row(key: text($0.key), name: name($0.key), figures: $0.value) }
        }
        let order = Dictionary(queues.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let queueRows = QueueStatistics.grouped(facts, by: \.queue, targets: targets)
            .sorted { (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key) }
            .map { entry in
                let queue = queues.first { $0.code == entry.key }
                return QueueReport.Row(key: entry.key, name: queue.map { "\($0.prefix) \($0.name)" } ?? entry.key, figures: entry.value)
            }
        let windowRows = QueueStatistics.grouped(facts, by: \.window, targets: targets)
            .sorted { Self.windowOrder($0.key, $1.key) }
            .map { QueueReport.Row(key: $0.key, name: "\($0.key) 号窗口", figures: $0.value) }
        return QueueReport(
            hall: hall, from: from, to: to, total: QueueStatistics.figures(facts, targets: targets),
            queues: queueRows, windows: windowRows,
            staff: rows(\.staffID, name: { staffNames[$0] ?? "工作人员 #\($0)" }, text: { String($0) }),
            days: rows(\.day, name: { $0.description }, text: { $0.description }),
            targets: targets
        )
    }
}
