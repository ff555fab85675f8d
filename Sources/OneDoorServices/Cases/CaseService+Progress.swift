import OneDoorCore
import Synchronization

/// The public progress lookup (the receipt's QR code) and what the applicant sees of a case.
extension CaseService {
    /// The public lookup: nil for an unknown case and for a wrong code alike (no enumeration).
    /// Limited per client address; past the limit, `TooManyRequests`.
    public func progress(_ text: String, code: String, client: String) async throws -> CaseProgress? {
        try admitProgressLookup(client: client)
        let now = clock.now()
        // Not the shape of a case number: unknown, like any other (no lookup made).
        guard let number = CaseNumber(parsing: text) else { return nil }
        if let hit = rememberedProgress(number, now: now) {
            return ConstantTime.equal(hit.code, code) ? hit.progress : nil
        }
        let progress: CaseProgress, queryCode: String
        if let (record, events) = try await repository.findWithEvents(number) {
            (progress, queryCode) = (progressView(record, events), record.queryCode)
        } else if let (theme, children) = try await themeCases.find(number) {
            // A theme case's number, with the one code of the theme and its children (kept three
            // seconds like a case's: a child's step does not forget its theme's entry).
            (progress, queryCode) = (themeProgressView(theme, children), theme.queryCode)
        } else {
            return nil
        }
        progressCache.withLock { cache in
            if cache.entries.count >= Self.progressCacheCapacity { cache.entries.removeAll(keepingCapacity: true) }
            cache.fills += 1
            cache.entries[number] = (progress, queryCode, now, cache.fills)
        }
        return ConstantTime.equal(queryCode, code) ? progress : nil
    }

    /// What the applicant sees of a theme case: where the whole stands and each child.
    func themeProgressView(_ theme: ThemeCase, _ children: [CaseRecord]) -> CaseProgress {
        let stage = ThemeProgress(theme, children: children)
        let words: String = switch stage.stage {
        case .correction: "待补齐补正：" + (theme.correction ?? []).joined(separator: "；")
        case .running: "各部门办理中（已办结 \(stage.concluded) / \(stage.total)）"
        case .blocked: "有前置事项未获准予，等待牵头部门决定是否继续"
        case .ready: theme.pickUp == .together ? "已全部办结，请到任一综合窗口一次领取全部结果" : "已全部办结"
        case .closed: theme.state.label
        }
        var progress = CaseProgress(
            number: theme.number, itemName: theme.themeName, state: .accepted, currentStep: words, receivedOn: theme.receivedOn,
            promisedDeadline: ThemeSchedule(theme, children: children, calendar: calendar.calendar).deadline, hallName: catalog.snapshot.hallsByCode[theme.hall]?.name ?? theme.hall.rawValue,
            pausedFor: nil, steps: [], missing: [])
        progress.stateLabel = stage.stage == .closed ? theme.state.label : stage.stage == .ready ? "已全部办结"
            : stage.stage == .correction ? "待补齐补正" : "办理中"
        progress.children = children.map {
            CaseProgress.Child(number: $0.number, itemName: $0.itemName, state: $0.state.label, promisedDeadline: $0.promisedDeadline)
        }
        return progress
    }

    /// What the applicant sees of a case: the progress page, and 我的.
    public func progressView(_ record: CaseRecord, _ events: [CaseEvent]) -> CaseProgress {
        var progress = CaseProgress(
            number: record.number, itemName: record.itemName, state: record.state, currentStep: record.state.currentStep,
            receivedOn: record.receivedOn, promisedDeadline: record.promisedDeadline,
            hallName: catalog.snapshot.hallsByCode[record.hall]?.name ?? record.hall.rawValue,
            pausedFor: record.specialProcedure.map { "\($0.kind.label)（预计 \($0.expectedDays) 天，期间不计入办理时限）" },
            steps: events.map { CaseProgress.Step(step: $0.step, at: $0.at, staffNumber: $0.staffNumber) },
            missing: record.state == .correction ? Intake.correctionList(record.materials)
                : record.state.isFinal ? [] : record.outstandingMaterials.map { "\($0.name)：容缺受理，请于 \($0.dueDate?.chinese ?? "") 前补交" }
        )
        progress.trips = record.trips
        progress.delivery = (record.delivery?.method ?? record.deliveryChoice?.method)?.label
        progress.online = record.application != nil
        progress.themeNumber = record.theme?.number
        return progress
    }

    /// Counts one public lookup from `client`; throws `TooManyRequests` past the limit.
    public func admitProgressLookup(client: String) throws {
        if let wait = progressThrottle.admit(client: client, now: clock.now()) { throw TooManyRequests(retryAfter: wait) }
    }

    /// Which remembered answer for `number` is in force (nil when none is): an answer encoded
    /// from a lookup made while the stamp stayed the same may be replayed while it still holds.
    public func progressStamp(_ text: String) -> Int? {
        CaseNumber(parsing: text).flatMap { rememberedProgress($0, now: clock.now())?.fill }
    }

    /// The remembered answer for `number`, if it is younger than `progressCacheSeconds`.
    func rememberedProgress(_ number: CaseNumber, now: Int64) -> (progress: CaseProgress, code: String, at: Int64, fill: Int)? {
        guard let hit = progressCache.withLock({ $0.entries[number] }), now - hit.at < Self.progressCacheSeconds else { return nil }
        return hit
    }
}
