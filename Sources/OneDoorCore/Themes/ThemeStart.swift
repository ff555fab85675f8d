/// Starting the waiting children of a theme case (issue 17 §2), pure: run in the transaction
/// that concludes a prerequisite, on the children as that transaction sees them, so that a
/// concluded prerequisite and the children it lets start are stored together or not at all.
public enum ThemeStart {
    /// How a paper still to come from a prerequisite is noted on the waiting child's checklist.
    public static let pendingPrefix = "待"

    /// Every waiting child whose prerequisites have all concluded with 准予, started today: its
    /// clock runs from today, and each paper a prerequisite produced is received from it (with
    /// the licence's number when `licences` has the producer's).
    ///
    /// - Parameters:
    ///   - children: every child of the theme case, as stored now.
    ///   - guides: the guides of the children's items (what each produces).
    ///   - licences: the licence number a child's conclusion issued, by its item.
    public static func starting(
        _ children: [CaseRecord], guides: [ItemCode: ServiceGuide], licences: [ItemCode: String] = [:],
        today: CivilDate, now: Int64, actor: CaseActor, calendar: WorkingCalendar
    ) throws(CalendarNotLoaded) -> [(record: CaseRecord, event: CaseEvent)] {
        let byItem = Dictionary(children.map { ($0.itemCode, $0) }, uniquingKeysWith: { a, _ in a })
        var producers: [String: CaseRecord] = [:]
        for child in children where ThemeProgress.satisfied(child) {
            if let result = guides[child.itemCode]?.result, let type = ThemeFigures.producedType(result) { producers["type:" + type] = child }
        }
        var started: [(record: CaseRecord, event: CaseEvent)] = []
        for child in children where child.state == .waiting {
            let waits = child.theme?.waitsFor ?? []
            guard waits.allSatisfy({ byItem[$0].map(ThemeProgress.satisfied) ?? false }) else { continue }
            var record = child
            record.state = .accepted
            record.acceptedOn = today
            try CaseClock.computeDeadlines(&record, calendar: calendar)
            var changes: [String] = []
            for i in record.materials.indices where record.materials[i].receivedOn == nil && record.materials[i].reused?.hasPrefix(pendingPrefix) == true {
                guard let producer = producers[ThemeMaterials.key(of: record.materials[i].name)] else { continue }
                let licence = licences[producer.itemCode].map { "，电子证照 \($0)" } ?? ""
                let note = "由“\(producer.itemName)”（\(producer.number)）办结转交\(licence)"
                record.materials[i].reused = note
                record.materials[i].receivedOn = today
                changes.append("\(record.materials[i].name)：\(note)")
            }
            let names = waits.compactMap { byItem[$0]?.itemName }.joined(separator: "、")
            let event = CaseEvent(action: "start", step: "开始办理", fromState: .waiting, toState: .accepted, at: now, actor: actor,
                                  opinion: "前置事项“\(names)”已办结，开始办理", materialChanges: changes.isEmpty ? nil : changes)
            started.append((record, event))
        }
        return started
    }
}
