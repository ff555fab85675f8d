/// Counts events per client (address) in a sliding window: failed sign-ins, progress lookups.
///
/// For sign-in, the account lock (``LoginPolicy``) stops guessing one password; this stops one client from
/// trying a few passwords on many accounts, and spares the server the bcrypt work of a flood.
/// Only failures count: a hall where thirty staff sign in from one address at 8:30 is not
/// refused. A pure value, so tests drive it with plain numbers for time.
public struct AttemptLimiter: Sendable {
    /// Failures allowed in `window` seconds before the client must wait.
    public let limit: Int
    public let window: Int64
    /// Clients remembered at most; beyond it the stalest are forgotten (memory stays bounded).
    public let capacity: Int
    private var failures: [String: [Int64]] = [:]

    public init(limit: Int = 20, window: Int64 = 600, capacity: Int = 10_000) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Seconds the client must wait before trying again, or nil when it may try now.
    public mutating func retryAfter(client: String, now: Int64) -> Int64? {
        guard var times = failures[client] else { return nil }
        times.removeAll { $0 <= now - window }
        failures[client] = times.isEmpty ? nil : times
        guard times.count >= limit, let oldest = times.first else { return nil }
        return max(1, oldest + window - now)
    }

    public mutating func record(client: String, now: Int64) {
        if failures[client] == nil && failures.count >= capacity { forgetStalest(now: now) }
        failures[client, default: []].append(now)
        if let count = failures[client]?.count, count > limit {
            failures[client]?.removeFirst(count - limit)
        }
    }

    /// The number of clients remembered (for tests and metrics).
    public var clientCount: Int { failures.count }

    private mutating func forgetStalest(now: Int64) {
        failures = failures.filter { $0.value.last.map { $0 > now - window } ?? false }
        if failures.count >= capacity, let stalest = failures.min(by: { ($0.value.last ?? 0) < ($1.value.last ?? 0) })?.key {
            failures[stalest] = nil
        }
    }
}
