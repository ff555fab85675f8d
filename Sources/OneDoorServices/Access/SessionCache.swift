import OneDoorCore
import OneDoorStorage
import Synchronization

/// Sessions recently read from the database, so that a signed-in client's requests do not
/// each read their session and account again (ADR 0009).
///
/// An entry is trusted for `seconds`; every change made here to an account or a session
/// (sign-out, disabling, role or binding change, password reset) empties the cache at once, so
/// on one server those take effect at the next request. With several servers on one PostgreSQL
/// database, a change made on another server takes effect within `seconds`.
final class SessionCache: Sendable {
    struct Entry: Sendable {
        var session: Session
        var account: StaffAccount
        var fetchedAt: Int64
    }

    let seconds: Int64
    static let capacity = 10_000
    /// The entries, and how many times they were emptied: an entry read from the database
    /// before a change and stored after it must not be kept.
    private let state = Mutex<(generation: Int, entries: [String: Entry])>((0, [:]))

    init(seconds: Int64) {
        self.seconds = seconds
    }

    var generation: Int { state.withLock { $0.generation } }

    func fresh(_ tokenHash: String, now: Int64) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries[tokenHash], now - entry.fetchedAt < seconds, now >= entry.fetchedAt else { return nil }
            return entry
        }
    }

    /// Keeps `entry` unless the cache was emptied since `generation` (when its read began).
    func store(_ entry: Entry, for tokenHash: String, readAt generation: Int) {
        guard seconds > 0 else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[tokenHash] = entry
        }
    }

    /// The session was seen now (its idle clock restarts).
    func touch(_ tokenHash: String, at now: Int64) {
        state.withLock { $0.entries[tokenHash]?.session.lastSeenAt = now }
    }

    func removeAll() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
