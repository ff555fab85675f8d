import OneDoorCore
import Synchronization

/// A shared, locked ``AttemptLimiter``: failed sign-ins per client, progress lookups per client.
public final class ClientThrottle: Sendable {
    private let limiter: Mutex<AttemptLimiter>

    public init(_ limiter: AttemptLimiter) {
        self.limiter = Mutex(limiter)
    }

    /// Seconds the client must wait, or nil when it may go ahead.
    public func retryAfter(client: String, now: Int64) -> Int64? {
        limiter.withLock { $0.retryAfter(client: client, now: now) }
    }

    public func record(client: String, now: Int64) {
        limiter.withLock { $0.record(client: client, now: now) }
    }
}
