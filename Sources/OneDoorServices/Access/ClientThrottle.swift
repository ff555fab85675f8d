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

    /// Counts a call that every caller makes (not only failures): nil when it may go ahead,
    /// else the wait. Checking and counting under one lock, so simultaneous calls cannot all
    /// slip past the limit between a check and a record.
    public func admit(client: String, now: Int64) -> Int64? {
        limiter.withLock { limiter in
            if let wait = limiter.retryAfter(client: client, now: now) { return wait }
            limiter.record(client: client, now: now)
            return nil
        }
    }

    public func record(client: String, now: Int64) {
        limiter.withLock { $0.record(client: client, now: now) }
    }
}

/// A shared, locked ``SignInDelays``: failed sign-ins by user name and client.
public final class SignInDelayTable: Sendable {
    private let delays = Mutex(SignInDelays())

    public init() {}

    public func retryAfter(username: String, client: String, now: Int64) -> Int64? {
        delays.withLock { $0.retryAfter(username: username, client: client, now: now) }
    }

    /// Counts a failure; returns the delay it starts (0 while failures are free).
    public func recordFailure(username: String, client: String, now: Int64) -> Int64 {
        delays.withLock { $0.recordFailure(username: username, client: client, now: now) }
    }

    public func recordSuccess(username: String, client: String) {
        delays.withLock { $0.recordSuccess(username: username, client: client) }
    }
}
