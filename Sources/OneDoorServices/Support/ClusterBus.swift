import Foundation
import Logging
import OneDoorStorage
import Synchronization

/// Carries ``ClusterMessage``s between the servers sharing a PostgreSQL database over
/// LISTEN/NOTIFY (ADR 0017); on the embedded database, where one server runs, it does nothing.
///
/// Publishing never waits for the database: messages are queued, deduplicated and sent in one
/// statement by a background loop, so a call or a case action pays nothing for the other
/// servers. Notifying after the commit (not inside the transaction) means a server killed in
/// between leaves the others to their caches' short lifetimes and the screens' 15-second tick.
public final class ClusterBus: Sendable {
    public static let channel = "onedoor_cluster"

    /// This server's id; its own messages come back to it and are ignored.
    public let server: String
    let notifications: (any DatabaseNotifications)?
    let logger: Logger
    /// Messages not yet sent, in order, each once. Capped: while the database is unreachable
    /// they pile up, and past the cap the others' short cache lifetimes do the job.
    private let pending = Mutex<(order: [ClusterMessage], set: Set<ClusterMessage>)>(([], []))
    static let pendingLimit = 10_000
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let handler = Mutex<(@Sendable (ClusterMessage) async -> Void)?>(nil)
    private let resync = Mutex<(@Sendable () async -> Void)?>(nil)

    public init(database: any SQLDatabase, logger: Logger = Logger(label: "onedoor.cluster")) {
        self.server = UUID().uuidString
        self.notifications = database.notifications
        self.logger = logger
        (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Whether other servers can be reached (PostgreSQL).
    public var isShared: Bool { notifications != nil }

    /// Tells the other servers; returns at once.
    public func publish(_ message: ClusterMessage) {
        guard notifications != nil else { return }
        pending.withLock { p in
            guard p.order.count < Self.pendingLimit, p.set.insert(message).inserted else { return }
            p.order.append(message)
        }
        wake.yield()
    }

    /// What to do with another server's message, and when listening (re)starts and messages may
    /// have been missed.
    public func onMessage(_ handle: @escaping @Sendable (ClusterMessage) async -> Void, onResync: @escaping @Sendable () async -> Void) {
        handler.withLock { $0 = handle }
        resync.withLock { $0 = onResync }
    }

    /// Listens and sends until cancelled (run as a service for the server's lifetime).
    public func run() async {
        guard let notifications else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                await notifications.listen(channel: Self.channel, onConnected: { [self] in
                    await resync.withLock { $0 }?()
                }, receive: { [self] payload in
                    let (sender, messages) = ClusterMessage.parse(payload)
                    guard sender != server, let handle = handler.withLock({ $0 }) else { return }
                    for message in messages { await handle(message) }
                })
            }
            group.addTask { [self] in
                for await _ in wakes {
                    let batch = pending.withLock { p in
                        defer { p = ([], []) }
                        return p.order
                    }
                    guard !batch.isEmpty else { continue }
                    do {
                        try await notifications.notify(channel: Self.channel, payloads: ClusterMessage.payloads(batch, from: server))
                    } catch {
                        logger.warning("telling other servers failed", metadata: ["error": "\(error)", "messages": "\(batch.count)"])
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

}
