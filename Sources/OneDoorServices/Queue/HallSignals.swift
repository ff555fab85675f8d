import Foundation
import Synchronization

/// Tells the call screens and workstations of a hall that something changed (a ticket issued,
/// called or moved), so they send fresh figures at once instead of polling.
///
/// Each subscriber's stream keeps only the newest signal: a slow screen skips to the present.
/// Subscribers also get a tick every `tick`, which keeps connections alive through proxies and
/// brings in changes made by other servers sharing the PostgreSQL database.
public final class HallSignals: Sendable {
    private let subscribers = Mutex<[UUID: (hall: String, continuation: AsyncStream<Void>.Continuation)]>([:])

    public init() {}

    /// A stream that yields once at once, then on every change of `hall` and every `tick`.
    public func subscribe(hall: String, tick: Duration = .seconds(15)) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        subscribers.withLock { $0[id] = (hall, continuation) }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                continuation.yield()
            }
        }
        continuation.onTermination = { [weak self] _ in
            ticker.cancel()
            self?.subscribers.withLock { _ = $0.removeValue(forKey: id) }
        }
        continuation.yield()
        return stream
    }

    public func signal(hall: String) {
        for subscriber in subscribers.withLock({ Array($0.values) }) where subscriber.hall == hall {
            subscriber.continuation.yield()
        }
    }

    /// Open subscriptions (for tests and metrics).
    public var count: Int { subscribers.withLock { $0.count } }
}
