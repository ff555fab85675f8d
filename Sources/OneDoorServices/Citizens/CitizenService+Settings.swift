import OneDoorCore
import OneDoorStorage

/// 我的: the citizen's delivery addresses and how they want to be told. Each acts on the signed-in
/// citizen's own account only.
extension CitizenService {
    public func addresses(by identity: CitizenIdentity) async throws -> [SavedAddress] {
        try await repository.addresses(citizen: identity.account.id)
    }

    /// One of the citizen's addresses; unknown (404) when it is not theirs.
    public func address(_ id: Int64, by identity: CitizenIdentity) async throws -> SavedAddress {
        guard let found = try await repository.address(id, citizen: identity.account.id) else { throw ProblemDetails.notFound("地址不存在") }
        return found
    }

    /// Keeps `address` (checked as a delivery address is) in 我的; the same address kept twice is one.
    public func saveAddress(_ address: PostalAddress, by identity: CitizenIdentity) async throws -> SavedAddress {
        var c = ProblemCollector()
        let checked = address.checked(into: &c)
        try c.throwIfAny()
        guard let saved = try await repository.save(checked, citizen: identity.account.id, at: clock.now()) else {
            throw ValidationFailed([ValidationProblem(path: "address", reason: "最多保存 \(SavedAddress.limit) 个地址，请先删除不用的地址")])
        }
        return saved
    }

    public func removeAddress(_ id: Int64, by identity: CitizenIdentity) async throws {
        guard try await repository.removeAddress(id, citizen: identity.account.id) else { throw ProblemDetails.notFound("地址不存在") }
    }

    public func preferences(by identity: CitizenIdentity) async throws -> NotificationPreferences {
        try await repository.preferences(citizen: identity.account.id)
    }

    public func setPreferences(_ preferences: NotificationPreferences, by identity: CitizenIdentity) async throws {
        try await repository.setPreferences(preferences, citizen: identity.account.id, at: clock.now())
    }
}
