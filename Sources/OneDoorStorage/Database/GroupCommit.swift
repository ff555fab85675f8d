/// Group commit for SQLite's single writer (ADR 0009).
///
/// Every durable commit costs an fsync, and SQLite commits one transaction at a time. Writers
/// therefore queue here first come, first served, and while others are waiting a finished writer
/// does not commit: its work stays in a savepoint of the open transaction, the next writer goes
/// on in the same transaction, and the last of the group (nobody waiting, or `limit` reached)
/// commits for all. Nobody is answered before the commit that holds their work, so an
/// acknowledged write still survives a crash; a writer that fails rolls back its own savepoint
/// only and is answered at once.
actor GroupCommit {
    /// What a writer must do when it leaves.
    enum Close: Equatable {
        /// Handed the writer to the next in line; a successful writer has been answered by the commit.
        case handedOff
        /// Commit the group now (then call ``closed(_:)``).
        case commit
        /// The group holds nothing worth keeping: roll back (then call ``closed(_:)``).
        case rollback
        /// Nothing was begun: just leave.
        case none
    }

    let limit: Int
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var head = 0
    /// A transaction is open on the writer, holding the work of `committing`.
    private var open = false
    private var committing: [CheckedContinuation<Void, any Error>] = []
    private var members = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Waits for the writer; returns whether a group transaction is already open.
    func enter() async -> Bool {
        if locked {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            locked = true
        }
        return open
    }

    /// Called when a writer's work is done (`succeeded`) or rolled back to its savepoint, with
    /// whether a transaction is open on the writer now. Suspends a successful writer that hands
    /// over until its group is committed; throws if that commit fails.
    func leave(succeeded: Bool, transactionOpen: Bool) async throws -> Close {
        open = transactionOpen
        guard open else {
            // Nothing begun, or SQLite itself rolled the transaction back: those still waiting
            // for a commit lose their work and are told so by `closed`.
            if committing.isEmpty {
                handOver()
                return .none
            }
            return .rollback
        }
        members += 1
        if head < waiters.count && members < limit {
            handOver()
            if succeeded {
                try await withCheckedThrowingContinuation { committing.append($0) }
            }
            return .handedOff
        }
        return succeeded || !committing.isEmpty ? .commit : .rollback
    }

    /// The group's transaction has ended: answers everybody who waited for it (`error` nil when
    /// it was committed) and lets the next writer start a new group.
    func closed(_ error: (any Error)?) {
        for member in committing {
            if let error { member.resume(throwing: error) } else { member.resume() }
        }
        committing.removeAll(keepingCapacity: true)
        members = 0
        open = false
        handOver()
    }

    private func handOver() {
        guard head < waiters.count else {
            locked = false
            return
        }
        let next = waiters[head]
        head += 1
        if head > 64 && head * 2 > waiters.count {
            waiters.removeFirst(head)
            head = 0
        }
        next.resume()
    }
}
