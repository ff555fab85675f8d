/// How long a sign-in must wait after failures: a delay that grows, per user name and client,
/// instead of a lock that anyone could use to keep a member of staff out.
///
/// - A client that failed on a user name three times waits 1 s after its next failure, then
///   2 s, 4 s … up to 15 minutes.
/// - Once a user name has failed five times from anywhere, every client that has failed on it
///   waits as long again after the name's latest failure — guesses spread over many addresses
///   slow down too.
/// - A client that has not failed on the name is never held back: the member of staff at their
///   own desk signs in with the right password whatever an attacker elsewhere is doing.
///
/// Kept by the typed user name, whether or not an account has it, so that known and unknown
/// names are answered the same way. A pure value: tests drive it with plain numbers for time.
public struct SignInDelays: Sendable {
    public var freeFailuresPerClient = 3
    public var freeFailuresPerName = 5
    public var maximumDelay: Int64 = 15 * 60
    /// Failures older than this (after the last one) are forgotten.
    public var memory: Int64 = 60 * 60
    /// Names and pairs remembered at most; beyond it the stalest are forgotten.
    public var capacity = 10_000

    struct Failures: Sendable {
        var count: Int
        var last: Int64
    }

    private var byName: [String: Failures] = [:]
    private var byPair: [String: Failures] = [:]

    public init() {}

    /// The delay after `failures` failures of which `free` cost nothing: 1, 2, 4 … seconds.
    public func delay(afterFailures failures: Int, free: Int) -> Int64 {
        guard failures > free else { return 0 }
        return min(maximumDelay, Int64(1) << Int64(min(failures - free - 1, 20)))
    }

    /// Seconds `client` must wait before trying `username` again; nil when it may try now.
    public mutating func retryAfter(username: String, client: String, now: Int64) -> Int64? {
        let name = username.lowercased()
        guard let pair = Self.fresh(&byPair, Self.pairKey(name, client), now: now, memory: memory) else { return nil }
        var until = pair.last + delay(afterFailures: pair.count, free: freeFailuresPerClient)
        if let named = Self.fresh(&byName, name, now: now, memory: memory) {
            until = max(until, named.last + delay(afterFailures: named.count, free: freeFailuresPerName))
        }
        return until > now ? until - now : nil
    }

    /// Counts a failure; returns the delay it starts for this client (0 while failures are free).
    @discardableResult
    public mutating func recordFailure(username: String, client: String, now: Int64) -> Int64 {
        let name = username.lowercased()
        if byPair.count >= capacity || byName.count >= capacity { forgetStale(now: now) }
        let pairKey = Self.pairKey(name, client)
        let pair = Failures(count: (Self.fresh(&byPair, pairKey, now: now, memory: memory)?.count ?? 0) + 1, last: now)
        let named = Failures(count: (Self.fresh(&byName, name, now: now, memory: memory)?.count ?? 0) + 1, last: now)
        byPair[pairKey] = pair
        byName[name] = named
        return max(delay(afterFailures: pair.count, free: freeFailuresPerClient), delay(afterFailures: named.count, free: freeFailuresPerName))
    }

    /// A successful sign-in clears the name and this client's failures on it.
    public mutating func recordSuccess(username: String, client: String) {
        let name = username.lowercased()
        byPair[Self.pairKey(name, client)] = nil
        byName[name] = nil
    }

    /// Names and pairs remembered (for tests).
    public var rememberedCount: Int { byName.count + byPair.count }

    private static func pairKey(_ name: String, _ client: String) -> String { name + "\u{0}" + client }

    private static func fresh(_ table: inout [String: Failures], _ key: String, now: Int64, memory: Int64) -> Failures? {
        guard let entry = table[key] else { return nil }
        if now - entry.last > memory {
            table[key] = nil
            return nil
        }
        return entry
    }

    private mutating func forgetStale(now: Int64) {
        byPair = byPair.filter { now - $0.value.last <= memory }
        byName = byName.filter { now - $0.value.last <= memory }
        // Still full: forget the oldest half (bounded memory beats remembering a flood).
        for table in [\SignInDelays.byPair, \SignInDelays.byName] where self[keyPath: table].count >= capacity {
            let sorted = self[keyPath: table].sorted { $0.value.last < $1.value.last }
            for (key, _) in sorted.prefix(sorted.count / 2) { self[keyPath: table][key] = nil }
        }
    }
}
