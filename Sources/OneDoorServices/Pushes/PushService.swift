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

    public init(repository: PushRepository, licences: LicenceService, catalog: CatalogService, clock: any AppClock) {
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
        return try await repository.pushes(for: try await holders(identity), limit: limit).map { stored in
            let (name, link): (String, String)
            switch stored.push.target {
            case .item(let code): (name, link) = (snapshot.itemsByCode[code]?.guide.name ?? code.rawValue, "/me/apply/\(code)")
            case .theme(let code): (name, link) = ("“\(snapshot.themesByCode[code]?.theme.name ?? code)”一件事", "/themes/\(code)")
            }
            return Recommendation(stored: stored, targetName: name, stageLabel: stored.push.stage.label, link: link)
        }
    }

    /// Follows a push: marked opened (measured), and where to go. Nil for another's push.
    public func open(_ id: Int64, by identity: CitizenIdentity) async throws -> Recommendation? {
        let holders = try await holders(identity)
        guard try await repository.open(id, holders: holders, at: clock.now()) != nil else { return nil }
        return try await recommendations(by: identity, limit: 200).first { $0.stored.id == id }
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

    /// Each rule's pushes, opened and applied within 30 days, over the last `days` days.
    public func figures(days: Int, by identity: Identity) async throws -> [PushRuleFigure] {
        try identity.require(.readAuditLog)
        let now = clock.now()
        return try await repository.figures(from: now - Int64(max(1, min(days, 366))) * 86_400, to: now + 1)
    }
}
