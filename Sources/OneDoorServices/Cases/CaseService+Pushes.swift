import OneDoorCore
import OneDoorStorage

/// 推送办 (issue 17 §3): the pushes a step makes are written in the step's own transaction —
/// with the holder's opt-outs read there too — and told through the outbox; the push key makes
/// a replayed step push nothing twice.
extension CaseService {
    /// The events of a case reaching 办结 with 准予 (for its applicant), and of the licence it
    /// issued (for the licence's holder), as push rules see them.
    static func pushEvents(_ record: CaseRecord, licence: Licence?, on day: CivilDate) -> [PushEvent] {
        var events = [PushEvent(holder: record.applicant.key, kind: record.applicant.kind, trigger: .concluded(record.itemCode), on: day,
                                key: "case:\(record.number):concluded", facts: facts(record.applicant))]
        if let licence {
            let holder: Applicant = licence.holder.kind == .enterprise
                ? .enterprise(Enterprise(name: licence.holder.name, uscc: licence.holder.code, legalRepresentative: ""))
                : .person(Person(name: licence.holder.name, documentType: .residentID, documentNumber: licence.holder.code))
            events.append(PushEvent(holder: holder.key, kind: licence.holder.kind, trigger: .licenceIssued(licence.typeCode), on: day,
                                    key: "case:\(record.number):licence", facts: facts(holder)))
        }
        return events
    }

    static func facts(_ applicant: Applicant) -> PushHolderFacts {
        if case .person(let p) = applicant, p.documentType == .residentID { return PushHolderFacts(residentID: p.documentNumber) }
        return PushHolderFacts()
    }

    /// The write that makes the pushes of a case concluded with 准予 now (`concluding`) and their
    /// messages to its applicant, inside the step's transaction, given the case as numbered there;
    /// nil when the step concludes nothing or no rule listens for what it does.
    func pushWrite(_ record: CaseRecord, concluding: Bool, licence: Licence?, at now: Int64) async
        -> (@Sendable (CaseRecord, any SQLExecutor) async throws -> Void)? {
        guard concluding, record.state == .concluded, record.decision?.granted == true else { return nil }
        let snapshot = catalog.snapshot
        let evaluator = snapshot.pushes
        let today = calendar.today
        guard Self.pushEvents(record, licence: licence, on: today).contains(where: { evaluator.listens(for: $0.trigger) }) else { return nil }
        let book = await templates.current()
        let names = Dictionary(snapshot.items.map { ($0.code.rawValue, $0.guide.name) }, uniquingKeysWith: { a, _ in a })
        let themes = snapshot.themesByCode.mapValues(\.theme.name)
        let policy = repository.messagePolicy
        return { numbered, db in
            for event in Self.pushEvents(numbered, licence: licence, on: today) where evaluator.listens(for: event.trigger) {
                let candidates = evaluator.pushes(for: event, optedOut: try await PushRepository.optedOut(event.holder, db))
                for push in try await PushRepository.insert(candidates, at: now, db) {
                    let target: String = switch push.target {
                    case .item(let code): names[code.rawValue] ?? code.rawValue
                    case .theme(let code): "“\(themes[code] ?? code)”一件事"
                    }
                    for message in PushMessages.messages(push, targetName: target, phone: numbered.applicant.phone, email: numbered.applicant.email,
                                                         book: book) {
                        let statement = OutboxRepository.enqueueStatement(message, at: now, policy: policy)
                        try await db.execute(statement.sql, statement.binds)
                    }
                }
            }
        }
    }
}
