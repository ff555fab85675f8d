import OneDoorCore
import OneDoorStorage

/// One push as 我的 shows it: what, why, by when, and the one tap to start.
public struct Recommendation: Sendable, Hashable {
    public var stored: StoredPush
    public var targetName: String
    public var stageLabel: String
    /// Where the tap leads: the item's online application, or the theme's guide.
    public var link: String
}

/// 推送办 for citizens and supervisors (issue 17 §3): 为您推荐 in 我的, turning stages off, and
/// the conversion of each rule.
public final class PushService: Sendable {
    public let repository: PushRepository
    let licences: LicenceService
    let catalog: CatalogService
    let clock: any AppClock
    /// When the messages of pushes may be sent (the platform's quiet hours, ADR 0022).
    let policy: DispatchPolicy

    public init(repository: PushRepository, licences: LicenceService, catalog: CatalogService, clock: any AppClock, policy: DispatchPolicy = DispatchPolicy()) {
        self.policy = policy
        self.repository = repository
        self.licences = licences
        self.catalog = catalog
        self.clock = clock
    }

    /// The holders a citizen receives pushes for: themselves once a clerk verified their
    /// identity, and the enterprises they represent or act for (as for their cases and licences).
    func holders(_ identity: CitizenIdentity) async throws -> [String] {
        let account = identity.account
        return try await licences.holderCodes(identity).map { code in
            code == account.documentNumber && account.seesWindowCases
                ? Applicant.person(Person(name: "", documentType: account.documentType ?? .residentID, documentNumber: code)).key
                : "uscc:" + code
        }
    }

    /// 为您推荐, newest first.
    public func recommendations(by identity: CitizenIdentity, limit: Int = 50) async throws -> [Recommendation] {
        let snapshot = catalog.snapshot
        return try await repository.pushes(for: try await holders(identity), limit: limit).map { Self.recommendation($0, snapshot: snapshot) }
    }

    static func recommendation(_ stored: StoredPush, snapshot: CatalogSnapshot) -> Recommendation {
        let link = switch stored.push.target {
        case .item(let code): "/me/apply/\(code)"
        case .theme(let code): "/themes/\(code)"
        }
        return Recommendation(stored: stored, targetName: snapshot.pushTargetName(stored.push.target), stageLabel: stored.push.stage.label, link: link)
    }

    /// Follows a push: marked opened (measured), and where to go. Nil for another's push.
    public func open(_ id: Int64, by identity: CitizenIdentity) async throws -> Recommendation? {
        guard let opened = try await repository.open(id, holders: try await holders(identity), at: clock.now()) else { return nil }
        return Self.recommendation(opened, snapshot: catalog.snapshot)
    }

    /// The stages the citizen (as a person) turned off.
    public func optedOut(by identity: CitizenIdentity) async throws -> Set<LifeStage> {
        guard let person = try await holders(identity).first(where: { !$0.hasPrefix("uscc:") }) else { return [] }
        return try await repository.optedOut(person)
    }

    /// Turns the stages in `off` off for the citizen as a person (their enterprises' stages with
    /// them, for each enterprise they act for); refused before a clerk verified who they are.
    public func setOptedOut(_ off: Set<LifeStage>, by identity: CitizenIdentity) async throws {
        let holders = try await holders(identity)
        guard !holders.isEmpty else { throw CaseRuleError.notAllowed("请先到任一综合窗口核验实名，才能接收和设置推送") }
        for holder in holders {
            let kind: LicenceHolderKind = holder.hasPrefix("uscc:") ? .enterprise : .person
            try await repository.setOptedOut(holder, stages: off.filter { $0.holder == kind }, at: clock.now())
        }
    }

    /// The day's birthday sweep (推送办): every stored person whose ID says they reach, on `day`,
    /// an age some rule listens for gets that rule's pushes — their stages turned off left out —
    /// with the messages, in one transaction per person; a second sweep of the same day adds
    /// nothing (the event is keyed by age and person). Returns the pushes made.
    public func sweepBirthdays(on day: CivilDate, book: TemplateBook = .standard) async throws -> Int {
        let snapshot = catalog.snapshot
        let evaluator = snapshot.pushes
        guard !evaluator.birthdayAges.isEmpty else { return 0 }
        var made = 0
        for applicant in try await repository.bornOn(month: day.month, day: day.day) {
            guard case .person(let person) = applicant else { continue }
            let facts = PushHolderFacts(residentID: person.documentNumber)
            guard let age = facts.age(on: day), evaluator.birthdayAges.contains(age) else { continue }
            let event = PushEvent(holder: applicant.key, kind: .person, trigger: .birthday(age), on: day, key: "birthday:\(age):\(applicant.key)", facts: facts)
            let pushes = evaluator.pushes(for: event, optedOut: try await repository.optedOut(applicant.key))
            guard !pushes.isEmpty else { continue }
            made += try await repository.insert(pushes, messages: { push in
                PushMessages.messages(push, targetName: snapshot.pushTargetName(push.target), phone: person.phone, email: person.email, book: book)
            }, policy: policy, at: clock.now()).count
        }
        return made
    }

    /// The day's sweep of licences about to expire (ADR 0038): each valid licence of a listened
    /// type whose validity ends the listened number of days after `day` gets the pushes for its
    /// holder, told to the contact the holder last gave; sweeping a day twice adds nothing.
    public func sweepExpiring(on day: CivilDate, book: TemplateBook = .standard) async throws -> Int {
        let snapshot = catalog.snapshot
        let evaluator = snapshot.pushes
        var made = 0
        for watch in evaluator.expiring.sorted(by: { ($0.type, $0.days) < ($1.type, $1.days) }) {
            for record in try await licences.repository.expiring(type: watch.type, on: day.adding(days: watch.days)) {
                let licence = record.licence
                let holder = licence.holder.applicant
                let event = PushEvent(holder: holder.key, kind: licence.holder.kind, trigger: .licenceExpiring(watch.type, days: watch.days), on: day,
                                      key: "licence:\(licence.identifier):expiring:\(watch.days)", facts: CaseService.facts(holder))
                let pushes = evaluator.pushes(for: event, optedOut: try await repository.optedOut(holder.key))
                guard !pushes.isEmpty else { continue }
                let contact = try await repository.applicant(key: holder.key)
                made += try await repository.insert(pushes, messages: { push in
                    PushMessages.messages(push, targetName: snapshot.pushTargetName(push.target), phone: contact?.phone ?? "", email: contact?.email,
                                          book: book)
                }, policy: policy, at: clock.now()).count
            }
        }
        return made
    }

    /// Each rule's pushes, opened and applied within 30 days, over the last `days` days.
    public func figures(days: Int, by identity: Identity) async throws -> [PushRuleFigure] {
        try identity.require(.readAuditLog)
        let now = clock.now()
        return try await repository.figures(from: now - Int64(max(1, min(days, 366))) * 86_400, to: now + 1)
    }
}
