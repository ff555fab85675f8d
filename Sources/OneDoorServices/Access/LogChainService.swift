import Foundation
import Logging
import OneDoorCore
import OneDoorStorage
import Synchronization

/// Keeps the audit and access logs tamper-evident (issue 16 §4, ADR 0034): seals new entries
/// into their hash chains every few seconds, anchors each chain's head once a day with the
/// platform's signature, and walks the chains on demand (`onedoor audit verify`).
public final class LogChainService: Sendable {
    public let repository: LogChainRepository
    let keys: LicenceKeyRing
    let clock: any AppClock
    let logger: Logger
    /// The last day each chain was anchored, as this server knows it.
    private let anchored = Mutex<[ChainedLog: String]>([:])

    public init(repository: LogChainRepository, keys: LicenceKeyRing, clock: any AppClock, logger: Logger = Logger(label: "onedoor.log-chain")) {
        self.repository = repository
        self.keys = keys
        self.clock = clock
        self.logger = logger
    }

    /// Seals everything written so far into both chains, then anchors each chain's head if the
    /// day has no anchor yet; answers how many entries were sealed.
    @discardableResult
    public func sealAll(batch: Int = 2_000) async throws -> Int {
        var total = 0
        for log in ChainedLog.allCases {
            while true {
                let sealed = try await repository.seal(log, limit: batch)
                total += sealed
                if sealed < batch { break }
            }
            try await anchorToday(log)
        }
        return total
    }

    /// The day's anchor of `log`: its head now, signed with the platform's key.
    func anchorToday(_ log: ChainedLog) async throws {
        let now = clock.now()
        let day = CivilDate(epochSeconds: now).description
        // Asked of the database once a day per chain, not at every pass.
        if anchored.withLock({ $0[log] == day }) { return }
        if try await repository.anchors(log).contains(where: { $0.day == day }) {
            anchored.withLock { $0[log] = day }
            return
        }
        let head = try await repository.head(log)
        guard head.seq > 0 else { return }
        try await keys.prepare(LicenceKeyRing.platform)
        let statement = AnchorStatement(chain: log.rawValue, day: day, seq: head.seq, hash: head.hash, at: now)
        try await repository.saveAnchor(LogAnchor(log: log, day: day, seq: head.seq, hash: head.hash, at: now, token: try await keys.token(for: statement)))
        anchored.withLock { $0[log] = day }
    }

    /// Walks both chains: the first entry changed, removed or inserted, and any anchor whose
    /// signature or hash does not hold.
    public func verify() async throws -> [LogChainReport] {
        var reports: [LogChainReport] = []
        for log in ChainedLog.allCases {
            reports.append(try await repository.verify(log) { [keys] anchor in
                guard let signed = await keys.verifiedAnchor(anchor.token) else { return false }
                return signed == AnchorStatement(chain: anchor.log.rawValue, day: anchor.day, seq: anchor.seq, hash: anchor.hash, at: anchor.at)
            })
        }
        return reports
    }

    /// Seals every `interval` until shutdown; a failure is logged and tried again next time.
    public func run(every interval: Duration = .seconds(2), until stopped: @Sendable () -> Bool) async {
        while !stopped() {
            do {
                try await sealAll()
            } catch {
                logger.warning("sealing the log chains failed", metadata: ["error": .string(String(describing: error))])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
