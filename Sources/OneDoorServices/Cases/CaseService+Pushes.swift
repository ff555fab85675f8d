import OneDoorCore
import OneDoorStorage

/// 推送办 (issue 17 §3): the pushes a step makes are written in the step's own transaction —
/// with the holder's opt-outs read there too — and told through the outbox; the push key makes
/// a replayed step push nothing twice.
extension CaseService {
    /// The events of a step as push rules see them: a case accepted (at intake), a case reaching
    /// 办结 with 准予 (both for its applicant), and the licence it issued (for the licence's holder).
    /// `changed`: the applicant's base-record fields the step gave a new value.
    static func pushEvents(_ record: CaseRecord, accepted: Bool, concluded: Bool, licence: Licence?, changed: [String] = [], on day: CivilDate)
        -> [PushEvent] {
        var events: [PushEvent] = changed.map { field in
            PushEvent(holder: record.applicant.key, kind: record.applicant.kind, trigger: .recordChanged(field), on: day,
                      key: "case:\(record.number):record:\(field)", facts: facts(record.applicant))
        }
        if accepted {
            events.append(PushEvent(holder: record.applicant.key, kind: record.applicant.kind, trigger: .accepted(record.itemCode), on: day,
                                    key: "case:\(record.number):accepted", facts: facts(record.applicant)))
        }
        if concluded {
            events.append(PushEvent(holder: record.applicant.key, kind: record.applicant.kind, trigger: .concluded(record.itemCode), on: day,
                                    key: "case:\(record.number):concluded", facts: facts(record.applicant)))
        }
        if let licence {
            let holder = licence.holder.applicant
            events.append(PushEvent(holder: holder.key, kind: licence.holder.kind, trigger: .licenceIssued(licence.typeCode), on: day,
                                    key: "case:\(record.number):licence", facts: facts(holder)))
        }
        return events
    }

    static func facts(_ applicant: Applicant) -> PushHolderFacts {
        if case .person(let p) = applicant, p.documentType == .residentID { return PushHolderFacts(residentID: p.documentNumber) }
        return PushHolderFacts()
    }

    /// The write that makes the pushes of a step and their messages to its applicant, inside the
    /// step's transaction, given the case as numbered there: `accepting` a case at intake,
    /// `concluding` it (counted when 准予). Nil when no rule listens for what the step does.
    func pushWrite(_ record: CaseRecord, accepting: Bool = false, concluding: Bool, licence: Licence?, changed: [String] = [], at now: Int64) async
        -> (@Sendable (CaseRecord, any SQLExecutor) async throws -> Void)? {
        let accepted = accepting && [.accepted, .waiting, .concluded].contains(record.state)
        let concluded = concluding && record.state == .concluded && record.decision?.granted == true
        guard accepted || concluded || !changed.isEmpty else { return nil }
        let snapshot = catalog.snapshot
        let evaluator = snapshot.pushes
        let today = calendar.today
        guard Self.pushEvents(record, accepted: accepted, concluded: concluded, licence: licence, changed: changed, on: today)
            .contains(where: { evaluator.listens(for: $0.trigger) }) else { return nil }
        let book = await templates.current()
        let policy = repository.messagePolicy
        return { numbered, db in
            for event in Self.pushEvents(numbered, accepted: accepted, concluded: concluded, licence: licence, changed: changed, on: today)
                where evaluator.listens(for: event.trigger) {
                let candidates = evaluator.pushes(for: event, optedOut: try await PushRepository.optedOut(event.holder, db))
                let made = try await PushRepository.insert(candidates, at: now, db)
                let messages = made.flatMap { push in
                    PushMessages.messages(push, targetName: snapshot.pushTargetName(push.target), phone: numbered.applicant.phone,
                                          email: numbered.applicant.email, book: book)
                }
                if !messages.isEmpty { try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: policy) }) }
            }
        }
    }
}
