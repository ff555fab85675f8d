/// How long sessions live: they end after 30 minutes unused, and in any case 12 hours after
/// signing in (a counter's shift), so a session left open on a shared computer does not last
/// for days by being touched now and then. Failed sign-ins are slowed by ``SignInDelays``.
///
/// Pure: callers pass the current time, so tests pin the clock.
public struct LoginPolicy: Sendable {
    /// How long a session may stay unused before it expires, in seconds.
    public var idleTimeout: Int64
    /// How long a session may last at most from signing in, in seconds.
    public var absoluteLifetime: Int64

    public init(idleTimeout: Int64 = 30 * 60, absoluteLifetime: Int64 = 12 * 60 * 60) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
    }

    /// Whether a session created at `created` and last used at `lastSeen` has ended by `now`.
    public func isExpired(created: Int64, lastSeen: Int64, now: Int64) -> Bool {
        now - lastSeen >= idleTimeout || now - created >= absoluteLifetime
    }
}
