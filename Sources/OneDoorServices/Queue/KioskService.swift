import OneDoorCore
import OneDoorStorage

/// Why a request that needs a kiosk is refused.
public enum KioskError: Error, Sendable, Equatable {
    /// No device token, or one no active kiosk has (never registered, or revoked).
    case notRegistered
    /// A kiosk of another hall.
    case otherHall(HallCode)
    case notFound
}

/// Ticket machines: administrators register them to a hall and revoke them; tickets and kiosk
/// check-ins are admitted only from an active kiosk of the hall, at most `callsPerMinute` a
/// kiosk (a touch kiosk serving people prints far fewer; a script would print far more).
public final class KioskService: Sendable {
    public let repository: KioskRepository
    let catalog: CatalogService
    let clock: any AppClock
    let throttle: ClientThrottle
    /// Kiosks by token hash for a few seconds: every ticket would read its kiosk otherwise.
    /// A revocation forgets them at once here and, through the cluster bus, on the other servers.
    let known = TimedCache<String, Kiosk?>(seconds: 5, capacity: 1_000)
    let cluster: ClusterBus?

    public init(repository: KioskRepository, catalog: CatalogService, clock: any AppClock, callsPerMinute: Int = 60, cluster: ClusterBus? = nil) {
        self.cluster = cluster
        self.repository = repository
        self.catalog = catalog
        self.clock = clock
        self.throttle = ClientThrottle(AttemptLimiter(limit: callsPerMinute, window: 60))
    }

    /// Registers a kiosk for `hall`; the device token is returned this once and stored only as
    /// its hash.
    public func register(hall: HallCode, name: String, by identity: Identity, client: String) async throws -> (kiosk: Kiosk, token: String) {
        try identity.require(.manageOrganisation)
        guard catalog.snapshot.hallsByCode[hall] != nil else { throw OrganisationError.hallNotFound(hall) }
        let trimmed = name.trimmingWhitespace()
        let problems = Kiosk.nameProblems(trimmed)
        if !problems.isEmpty { throw ValidationFailed(problems) }
        let token = Kiosk.tokenPrefix + AuthService.secureRandomToken()
        let kiosk = Kiosk(id: String(AuthService.secureRandomToken().prefix(12)), hall: hall, name: trimmed, createdAt: clock.now())
        try await repository.create(kiosk, tokenHash: AuthService.hashToken(token), by: identity.actor(client: client))
        return (kiosk, token)
    }

    /// A hall's kiosks, for administrators and supervisors.
    public func list(hall: HallCode, by identity: Identity) async throws -> [Kiosk] {
        try identity.require(.readCatalogInternals)
        guard identity.role == .admin || identity.role == .supervisor else { throw AuthError.forbidden(.manageOrganisation) }
        guard catalog.snapshot.hallsByCode[hall] != nil else { throw OrganisationError.hallNotFound(hall) }
        return try await repository.list(hall: hall)
    }

    /// Revokes a kiosk of `hall`: its token stops working at once on this server.
    public func revoke(id: String, hall: HallCode, by identity: Identity, client: String) async throws {
        try identity.require(.manageOrganisation)
        guard try await repository.revoke(id: id, hall: hall, by: identity.actor(client: client), at: clock.now()) else {
            throw KioskError.notFound
        }
        known.forgetAll()
        cluster?.publish(.kiosks)
    }

    /// Forgets the cached kiosks here (one was revoked on another server).
    public func forgetCached() { known.forgetAll() }

    /// The active kiosk of `hall` whose device token this is, or nil; nothing is counted (for
    /// showing the kiosk page and for registering the device in a browser).
    public func kiosk(token: String?, hall: HallCode) async throws -> Kiosk? {
        guard let kiosk = try await active(token: token, now: clock.now()), kiosk.hall == hall else { return nil }
        return kiosk
    }

    /// The active kiosk of `hall` whose device token this is, counted against its rate; throws
    /// ``KioskError`` or `TooManyRequests` otherwise.
    public func admit(token: String?, hall: HallCode) async throws -> Kiosk {
        let now = clock.now()
        guard let kiosk = try await active(token: token, now: now) else { throw KioskError.notRegistered }
        guard kiosk.hall == hall else { throw KioskError.otherHall(kiosk.hall) }
        if let wait = throttle.admit(client: kiosk.id, now: now) { throw TooManyRequests(retryAfter: wait) }
        return kiosk
    }

    /// The active kiosk whose device token this is (remembered for a few seconds), or nil.
    private func active(token: String?, now: Int64) async throws -> Kiosk? {
        guard let token, token.hasPrefix(Kiosk.tokenPrefix), token.utf8.count <= 100 else { return nil }
        let hash = AuthService.hashToken(token)
        let found = try await known.value(hash, now: now) { try await repository.find(tokenHash: hash) }
        guard let kiosk = found, kiosk.isActive else { return nil }
        return kiosk
    }
}
