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

    /// How many times entries were forgotten: a value read from the database before a change
    /// and stored after it must not be kept (see ``store(_:for:now:readAt:)``).
    var generation: Int { state.withLock { $0.generation } }

    /// The value remembered for `key` if it is younger than `seconds`.
    func fresh(_ key: Key, now: Int64) -> Value? {
        state.withLock { s in
            guard let entry = s.entries[key], now - entry.at < seconds, entry.at <= now else { return nil }
            return entry.value
        }
    }

    /// Remembers `value`, read at `now`, unless something was forgotten since `generation` (when its read began).
    func store(_ value: Value, for key: Key, now: Int64, readAt generation: Int) {
        guard seconds > 0 else { return }
        state.withLock { s in
            guard s.generation == generation else { return }
            if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
            s.entries[key] = (value, now)
        }
    }

    /// The remembered value, or `load`'s, remembered from now on.
    func value(_ key: Key, now: Int64, load: () async throws -> Value) async rethrows -> Value {
        let generation = self.generation
        if let hit = fresh(key, now: now) { return hit }
        let value = try await load()
        store(value, for: key, now: now, readAt: generation)
        return value
    }

    /// Changes a remembered value in place (its age stays).
    func update(_ key: Key, _ change: (inout Value) -> Void) {
        state.withLock { s in
            guard var entry = s.entries[key] else { return }
            change(&entry.value)
            s.entries[key] = entry
        }
    }

    func forget(_ key: Key) {
        state.withLock { s in
            s.generation += 1
            s.entries.removeValue(forKey: key)
        }
    }

    func forgetAll() {
        state.withLock { s in
            s.generation += 1
            s.entries.removeAll(keepingCapacity: true)
        }
    }
}
