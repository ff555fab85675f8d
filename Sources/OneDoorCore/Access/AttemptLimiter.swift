/// Counts events per client (address) in a sliding window: failed sign-ins, progress lookups.
///
/// For sign-in, the account lock (``LoginPolicy``) stops guessing one password; this stops one
/// client from trying a few passwords on many accounts, and spares the server the bcrypt work of
/// a flood. Only failures count there: a hall where thirty staff sign in from one address at
/// 8:30 is not refused. Events are counted in one-second buckets, so each check and record is
/// O(1) amortised and a client costs at most `window` buckets however fast it calls. A pure
/// value, so tests drive it with plain numbers for time.
public struct AttemptLimiter: Sendable {
    /// Events allowed in `window` seconds before the client must wait.
    public let limit: Int
    public let window: Int64
    /// Clients remembered at most; beyond it the stalest are forgotten (memory stays bounded).
    public let capacity: Int
    private var clients: [String: Counts] = [:]

    struct Counts: Sendable {
        /// (second, events in that second), oldest first.
        var buckets: [(second: Int64, count: Int)] = []
        var start = 0
        var total = 0

        mutating func prune(before cutoff: Int64) {
            while start < buckets.count && buckets[start].second <= cutoff {
                total -= buckets[start].count
                start += 1
            }
            // Drop the consumed prefix now and then, not on every call.
            if start > 64 && start * 2 > buckets.count {
                buckets.removeFirst(start)
                start = 0
            }
        }

        var oldest: Int64? { start < buckets.count ? buckets[start].second : nil }
        var newest: Int64? { buckets.last?.second }
    }

    public init(limit: Int = 20, window: Int64 = 600, capacity: Int = 10_000) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Seconds the client must wait before trying again, or nil when it may try now.
    public mutating func retryAfter(client: String, now: Int64) -> Int64? {
        guard var counts = clients[client] else { return nil }
        counts.prune(before: now - window)
        if counts.total == 0 {
            clients[client] = nil
            return nil
        }
        clients[client] = counts
        guard counts.total >= limit, let oldest = counts.oldest else { return nil }
        return max(1, oldest + window - now)
    }

    public mutating func record(client: String, now: Int64) {
        if clients[client] == nil && clients.count >= capacity { forgetStalest(now: now) }
        var counts = clients[client] ?? Counts()
        if counts.newest == now {
            counts.buckets[counts.buckets.count - 1].count += 1
        } else {
            counts.buckets.append((now, 1))
        }
        counts.total += 1
        counts.prune(before: now - window)
        clients[client] = counts
    }

    /// The number of clients remembered (for tests and metrics).
    public var clientCount: Int { clients.count }

    private mutating func forgetStalest(now: Int64) {
        clients = clients.filter { ($0.value.newest ?? 0) > now - window }
        if clients.count >= capacity, let stalest = clients.min(by: { ($0.value.newest ?? 0) < ($1.value.newest ?? 0) })?.key {
            clients[stalest] = nil
        }
    }
}
