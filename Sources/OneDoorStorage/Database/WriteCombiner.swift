import Synchronization

/// Group commit for SQLite's single writer by flat combining (ADR 0009, ADR 0012).
///
/// Every durable commit costs an fsync, and SQLite commits one transaction at a time. Writers
/// therefore queue here, first come first served, and one task — the first to find nobody
/// combining — runs the queued writers' work back to back in one transaction, each in its own
/// savepoint, then commits once for all of them. Nobody is answered before the commit that holds
/// their work, so an acknowledged write still survives a crash; a writer that fails rolls back
/// its own savepoint only and is answered after that commit as well, so that what it reads next
/// (to learn why it failed) includes the work of the writers ahead of it.
///
/// Before, writers took turns holding the writer and handed it on: each hand-over resumed the
/// next task through the scheduler, and the writer sat idle while that task waited for a thread
/// behind every other ready job. Running the work in the combining task removes those waits.
final class WriteCombiner: Sendable {
    /// One writer's work and where its answer goes.
    final class Job: @unchecked Sendable {
        /// The writer's body. It is the caller's non-escaping closure made escaping for the
        /// while the caller waits, so it is dropped as soon as it has run, before the answer.
        private var body: ((any SQLExecutor) async throws -> Void)?
        private let outcome = Mutex<(done: (any Error)??, waiting: CheckedContinuation<Void, any Error>?)>((nil, nil))

        init(run: @escaping (any SQLExecutor) async throws -> Void) {
            self.body = run
        }

        /// Runs the body once (only the combining task does) and lets go of it.
        func run(_ executor: any SQLExecutor) async throws {
            guard let body else { return }
            self.body = nil
            try await body(executor)
        }

        /// Answers the writer: `error` nil when its work is committed.
        func finish(_ error: (any Error)?) {
            let waiting = outcome.withLock { state -> CheckedContinuation<Void, any Error>? in
                state.done = .some(error)
                defer { state.waiting = nil }
                return state.waiting
            }
            if let waiting {
                if let error { waiting.resume(throwing: error) } else { waiting.resume() }
            }
        }

        /// Waits for the answer (at once when it is already there).
        func answer() async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let done = outcome.withLock { state -> (any Error)?? in
                    if state.done == nil { state.waiting = continuation }
                    return state.done
                }
                if let done {
                    if let error = done { continuation.resume(throwing: error) } else { continuation.resume() }
                }
            }
        }
    }

    private struct State {
        var pending: [Job] = []
        var combining = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    /// Queues `job`; answers whether the caller must combine (nobody else is).
    func submit(_ job: Job) -> Bool {
        state.withLock { state in
            state.pending.append(job)
            if state.combining { return false }
            state.combining = true
            return true
        }
    }

    /// After a group: whether writers have queued meanwhile (the caller starts a task to combine
    /// them); if not, combining ends and the next writer to come combines.
    func moreWaiting() -> Bool {
        state.withLock { state in
            if state.pending.isEmpty { state.combining = false }
            return state.combining
        }
    }

    /// The next group of at most `limit` writers; empty (and combining ends) when none wait.
    func nextGroup() -> [Job] {
        state.withLock { state in
            let group = Array(state.pending.prefix(limit))
            state.pending.removeFirst(group.count)
            if group.isEmpty { state.combining = false }
            return group
        }
    }
}
