import OneDoorCore
import OneDoorStorage

extension CaseService {
    /// The results waiting at the clerk's hall (出件), by how the applicant asked for them.
    public struct WaitingResults: Sendable {
        public var pickup: [CaseSummary]
        public var post: [CaseSummary]
        public var electronic: [CaseSummary]
    }

    /// The concluded cases of the clerk's own hall, split by delivery: handed over at the window
    /// (also cases from before online choice existed), posted by EMS, or sent electronically.
    public func waitingResults(by identity: Identity) async throws -> WaitingResults {
        guard identity.role == .clerk, let hall = identity.account.hall else {
            throw CaseRuleError.forbidden("只有服务中心的综合窗口人员办理出件")
        }
        let all = try await repository.concluded(hall: hall, limit: 500)
        func by(_ method: DeliveryMethod) -> [CaseSummary] {
            all.filter { ($0.listing.deliveryChoice?.method ?? .pickup) == method }
        }
        return WaitingResults(pickup: by(.pickup), post: by(.post), electronic: by(.electronic))
    }

    /// The shares of 零跑腿 and 最多跑一次 per item, for those who read the statistics.
    public func tripShares(by identity: Identity) async throws -> [TripShare] {
        try identity.require(.readQueueStatistics)
        return try await repository.tripShares()
    }
}
