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
        guard let (record, events) = try await repository.findWithEvents(number) else { return nil }
        let progress = progressView(record, events)
        progressCache.withLock { cache in
            if cache.entries.count >= Self.progressCacheCapacity { cache.entries.removeAll(keepingCapacity: true) }
            cache.fills += 1
            cache.entries[number] = (progress, record.queryCode, now, cache.fills)
        }
        return ConstantTime.equal(record.queryCode, code) ? progress : nil
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
