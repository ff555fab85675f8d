import Crypto
import Foundation
import JWTKit
import OneDoorCore
import OneDoorStorage
import Synchronization

/// The departments' and the platform's signing keys in memory (ADR 0033, 0034): signs licences, status changes and log anchors as
/// compact JWS (EdDSA, Ed25519) with the department's key in use, and verifies with any key
/// ever used, retired ones included. Keys are read from the database once and again when a
/// token names a key this server has not seen (another server rotated).
public final class LicenceKeyRing: LicenceSigner {
    let repository: SigningKeyRepository
    let clock: any AppClock
    private struct State {
        var loaded = false
        var keys: [String: SigningKey] = [:]
        var current: [String: String] = [:]
        var collection = JWTKeyCollection()
    }
    private let state = Mutex(State())

    public init(repository: SigningKeyRepository, clock: any AppClock) {
        self.repository = repository
        self.clock = clock
    }

    /// Every key, oldest first (the published set).
    public func keys() async throws -> [SigningKey] {
        try await loadIfNeeded()
        return state.withLock { Array($0.keys.values) }.sorted { ($0.createdAt, $0.kid) < ($1.createdAt, $1.kid) }
    }

    /// Makes sure `owner` has a key in use before a transaction needs it (signing inside the
    /// transaction only reads memory; creating a key is a write of its own).
    public func prepare(_ owner: String) async throws {
        try await loadIfNeeded()
        if state.withLock({ $0.current[owner] != nil }) { return }
        let stored = try await repository.createIfNone(Self.newKey(owner: owner, at: clock.now()))
        await add([stored])
    }

    /// Retires `owner`'s key in use and makes a new one.
    public func rotate(_ owner: String, actor: AuditActor) async throws -> SigningKey {
        let key = Self.newKey(owner: owner, at: clock.now())
        try await repository.rotate(to: key, actor: actor)
        try await reload()
        return key
    }

    public func reload() async throws {
        let all = try await repository.all()
        let collection = JWTKeyCollection()
        for key in all { try await Self.add(key, to: collection) }
        state.withLock { state in
            state.keys = Dictionary(uniqueKeysWithValues: all.map { ($0.kid, $0) })
            state.current = Dictionary(all.filter { $0.retiredAt == nil }.map { ($0.owner, $0.kid) }, uniquingKeysWith: { _, last in last })
            state.collection = collection
            state.loaded = true
        }
    }

    // MARK: Signing

    public func token(for licence: Licence) async throws -> String {
        try await sign(LicencePayload(licence: licence), owner: licence.issuer.department.rawValue)
    }

    public func token(for statement: LicenceStatusStatement, department: DepartmentCode) async throws -> String {
        try await sign(StatusPayload(statement: statement), owner: department.rawValue)
    }

    /// The platform's own key (the anchors of the logs' hash chains).
    public static let platform = "platform"

    /// A log chain's daily anchor signed with the platform's key (prepared beforehand).
    public func token(for anchor: AnchorStatement) async throws -> String {
        try await sign(anchor, owner: Self.platform)
    }

    /// The anchor a token carries, if signed with a key of the platform.
    public func verifiedAnchor(_ token: String) async -> AnchorStatement? {
        guard let (payload, kid) = await verified(token, as: AnchorStatement.self), owner(of: kid) == Self.platform else { return nil }
        return payload
    }

    private func sign(_ payload: some JWTPayload, owner: String) async throws -> String {
        let (kid, collection) = state.withLock { ($0.current[owner], $0.collection) }
        guard let kid else { throw StorageError.database("no signing key prepared for \(owner)") }
        return try await collection.sign(payload, kid: JWKIdentifier(string: kid))
    }

    // MARK: Verifying

    /// The licence a token carries, if its signature is good by a key of the licence's own
    /// issuer; nil when it is not (altered, signed by another key, or not a token).
    public func verifiedLicence(_ token: String) async -> (licence: Licence, kid: String)? {
        guard let (payload, kid) = await verified(token, as: LicencePayload.self) else { return nil }
        return owner(of: kid) == payload.licence.issuer.department.rawValue ? (payload.licence, kid) : nil
    }

    /// The status statement a token carries, if signed by `department`.
    public func verifiedStatement(_ token: String, department: DepartmentCode) async -> LicenceStatusStatement? {
        guard let (payload, kid) = await verified(token, as: StatusPayload.self), owner(of: kid) == department.rawValue else { return nil }
        return payload.statement
    }

    private func owner(of kid: String) -> String? {
        state.withLock { $0.keys[kid]?.owner }
    }

    private func verified<Payload: JWTPayload>(_ token: String, as: Payload.Type) async -> (Payload, String)? {
        guard let kid = Self.kid(of: token) else { return nil }
        if state.withLock({ $0.keys[kid] == nil }) { try? await reload() }
        let collection = state.withLock { $0.keys[kid] == nil ? nil : $0.collection }
        guard let collection, let payload = try? await collection.verify(token, as: Payload.self) else { return nil }
        return (payload, kid)
    }

    /// The `kid` of a compact JWS's header, unverified (which key to check it with).
    static func kid(of token: String) -> String? {
        guard let header = token.split(separator: ".", maxSplits: 1).first, header.count < 512,
              let data = Data(base64URL: String(header)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["kid"] as? String
    }

    // MARK: Keys

    static func newKey(owner: String, at now: Int64) -> SigningKey {
        let key = Curve25519.Signing.PrivateKey()
        let suffix = AuthService.base64URL(SHA256.hash(data: key.publicKey.rawRepresentation)).prefix(8)
        return SigningKey(kid: "\(owner)-\(now)-\(suffix)", owner: owner, publicKey: AuthService.base64URL(key.publicKey.rawRepresentation),
                          privateKey: AuthService.base64URL(key.rawRepresentation), createdAt: now)
    }

    private func loadIfNeeded() async throws {
        if state.withLock({ $0.loaded }) { return }
        try await reload()
    }

    private func add(_ keys: [SigningKey]) async {
        let collection = state.withLock { $0.collection }
        for key in keys { try? await Self.add(key, to: collection) }
        state.withLock { state in
            for key in keys {
                state.keys[key.kid] = key
                if key.retiredAt == nil { state.current[key.owner] = key.kid }
            }
        }
    }

    static func add(_ key: SigningKey, to collection: JWTKeyCollection) async throws {
        guard let raw = Data(base64URL: key.privateKey) else { throw StorageError.database("signing key \(key.kid) is not base64url") }
        await collection.add(eddsa: EdDSA.PrivateKey(backing: try Curve25519.Signing.PrivateKey(rawRepresentation: raw)), kid: JWKIdentifier(string: key.kid))
    }
}

/// What a log chain's daily anchor says: the chain, the day, and its head then.
public struct AnchorStatement: JWTPayload, Equatable {
    public var chain: String
    public var day: String
    public var seq: Int64
    public var hash: String
    public var at: Int64

    public init(chain: String, day: String, seq: Int64, hash: String, at: Int64) {
        self.chain = chain
        self.day = day
        self.seq = seq
        self.hash = hash
        self.at = at
    }

    public func verify(using algorithm: some JWTAlgorithm) throws {}
}

/// A licence as a JWS payload: the licence's own JSON, nothing around it.
struct LicencePayload: JWTPayload {
    var licence: Licence

    init(licence: Licence) { self.licence = licence }
    init(from decoder: any Decoder) throws { licence = try Licence(from: decoder) }
    func encode(to encoder: any Encoder) throws { try licence.encode(to: encoder) }
    /// Expiry and status are the register's to say, not the token's.
    func verify(using algorithm: some JWTAlgorithm) throws {}
}

struct StatusPayload: JWTPayload {
    var statement: LicenceStatusStatement

    init(statement: LicenceStatusStatement) { self.statement = statement }
    init(from decoder: any Decoder) throws { statement = try LicenceStatusStatement(from: decoder) }
    func encode(to encoder: any Encoder) throws { try statement.encode(to: encoder) }
    func verify(using algorithm: some JWTAlgorithm) throws {}
}
