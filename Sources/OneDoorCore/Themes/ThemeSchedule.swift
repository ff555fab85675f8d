/// The theme's promise as it stands today (issue 17 §2): the date given at acceptance (the
/// critical path), moved later when its children's special procedures or extensions move theirs
/// — along the chain, since a waiting child starts only when its prerequisites end.
public struct ThemeSchedule: Sendable, Hashable {
    /// The day the whole is promised now: never earlier than at acceptance.
    public var deadline: CivilDate?
    /// The day promised at acceptance.
    public var original: CivilDate?
    /// When each child is expected to end (concluded: the day it was decided).
    public var expected: [CaseNumber: CivilDate]
    /// The children whose special procedure or extension moved the promise, in the theme's order.
    public var movedBy: [CaseNumber]

    public var moved: Bool {
        guard let deadline, let original else { return false }
        return deadline > original
    }

    /// Each child's expected end: a decided one on its decision day; a running one on its promised
    /// deadline — the legal one once extended (§42), plus the days a running special procedure is
    /// expected to take; a waiting one its promised limit counted from the latest expected end of
    /// its prerequisites. A child that ended without a result (refused, withdrawn) and those that
    /// wait for it have none. Without the calendar for the days needed, the promise stays as given.
    public init(_ theme: ThemeCase, children: [CaseRecord], calendar: WorkingCalendar) {
        original = theme.promisedDeadline
        let byItem = Dictionary(children.map { ($0.itemCode, $0) }, uniquingKeysWith: { a, _ in a })
        var ends: [ItemCode: CivilDate] = [:]
        var delayed: Set<ItemCode> = []
        var resolving: Set<ItemCode> = []
        func end(_ item: ItemCode) -> CivilDate? {
            if let known = ends[item] { return known }
            guard let record = byItem[item], resolving.insert(item).inserted else { return nil }
            defer { resolving.remove(item) }
            var day: CivilDate?
            if let decision = record.decision {
                // Decided: a refusal gives those waiting nothing to start from.
                day = decision.granted ? decision.decidedOn : nil
            } else if record.state == .waiting {
                let after = theme.children.first { $0.item == item }?.after ?? []
                let starts = after.map(end)
                if starts.allSatisfy({ $0 != nil }) {
                    let start = starts.compactMap { $0 }.max() ?? theme.receivedOn
                    day = try? calendar.deadline(record.promisedLimit, from: start)
                    if after.contains(where: delayed.contains) { delayed.insert(item) }
                }
            } else if !record.state.isFinal, var base = record.extensionDays > 0 ? record.legalDeadline : record.promisedDeadline {
                if let procedure = record.specialProcedure {
                    base = (try? calendar.addingWorkingDays(procedure.expectedDays, to: base)) ?? base
                }
                if record.extensionDays > 0 || record.pausedDays > 0 || record.specialProcedure != nil { delayed.insert(item) }
                day = base
            }
            if let day { ends[item] = day }
            return day
        }
        var expected: [CaseNumber: CivilDate] = [:]
        for child in theme.children {
            if let day = end(child.item) { expected[child.number] = day }
        }
        self.expected = expected
        let latest = expected.values.max()
        switch (original, latest) {
        case (let promised?, let latest?): deadline = max(promised, latest)
        case (let promised, nil): deadline = promised
        case (nil, let latest): deadline = latest
        }
        // Only a child that was itself delayed, or waits on one, moved the promise.
        let promised = original
        movedBy = theme.children.filter { child in
            guard delayed.contains(child.item), let day = expected[child.number], let promised else { return false }
            return day > promised
        }.map(\.number)
    }
}
