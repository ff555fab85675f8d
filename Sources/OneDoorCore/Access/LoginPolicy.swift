/// The rules of signing in: lock-out after repeated failures and idle expiry of sessions.
///
/// Pure: callers pass the current time, so tests pin the clock.
public struct LoginPolicy: Sendable {
    /// Failures in a row that lock an account.
    public var maximumFailures: Int
    /// How long a locked account stays locked, in seconds.
    public var lockDuration: Int64
    /// How long a session may stay unused before it expires, in seconds.
    public var idleTimeout: Int64

    public init(maximumFailures: Int = 5, lockDuration: Int64 = 15 * 60, idleTimeout: Int64 = 30 * 60) {
        self.maximumFailures = maximumFailures
        self.lockDuration = lockDuration
        self.idleTimeout = idleTimeout
    }

    /// The account state after a failed attempt at `now` (seconds since the epoch).
    public func afterFailure(failures: Int, now: Int64) -> (failures: Int, lockedUntil: Int64?) {
        let count = failures + 1
        if count >= maximumFailures { return (0, now + lockDuration) }
        return (count, nil)
    }

    public func isLocked(lockedUntil: Int64?, now: Int64) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }

    public func isExpired(lastSeen: Int64, now: Int64) -> Bool {
        now - lastSeen >= idleTimeout
    }
}
