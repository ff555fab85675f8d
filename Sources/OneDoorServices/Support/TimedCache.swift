import Synchronization

/// Values remembered for a few seconds, by key: for what hot paths read on every request but
/// changes seldom. Changes made by this process forget their key at once (`forget`); changes made
/// by another server on the same database show once the entry is older than `seconds`.
/// A value computed from a read that began before a `forget` is not stored (a generation number),
/// so a slow reader cannot put back what a change just made stale.
final class TimedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let state = Mutex<(generation: Int, entries: [Key: (value: Value, at: Int64)])>((0, [:]))
    let seconds: Int64
    let capacity: Int

    init(seconds: Int64, capacity: Int = 1_000) {
        self.seconds = seconds
        self.capacity = capacity
    }

    /// The remembered value, or `load`'s, remembered from now on.
    func value(_ key: Key, now: Int64, load: () async throws -> Value) async rethrows -> Value {
        let (hit, generation) = state.withLock { s -> (Value?, Int) in
            guard let entry = s.entries[key], now - entry.at < seconds, entry.at <= now else { return (nil, s.generation) }
            return (entry.value, s.generation)
        }
        if let hit { return hit }
        let value = try await load()
        state.withLock { s in
            guard s.generation == generation else { return }
            if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
            s.entries[key] = (value, now)
        }
        return value
    }

    func forget(_ key: Key) {
        state.withLock { s in
            s.generation += 1
            s.entries.removeValue(forKey: key)
        }
    }
}
