import OneDoorCore

/// An administrator's changes to a hall's queues and window profiles, each audited in its own transaction.
extension QueueRepository {
    /// Adds `queue` after the hall's others, or changes it in place; audited in the same transaction.
    public func save(_ queue: HallQueue, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            let position = try await db.queryFirst(
                """
                SELECT COALESCE((SELECT position FROM hall_queues WHERE hall = ? AND code = ?),
                                (SELECT COALESCE(MAX(position), -1) + 1 FROM hall_queues WHERE hall = ?)) AS p
                """, [.text(queue.hall), .text(queue.code), .text(queue.hall)]
            )?.int("p") ?? 0
            try await Self.upsert(queue, position: position, db)
            let audit = AuditRepository.insert(at: now, actor: actor, action: "queue.save", target: "\(queue.hall)/\(queue.code)",
                                               detail: "\(queue.prefix) \(queue.name)，号段 \(queue.firstNumber)–\(queue.lastNumber)，目标等候 \(queue.targetWaitMinutes) 分钟")
            try await db.execute(audit.sql, audit.binds)
        }
    }

    /// Sets the queues `window` calls from, in calling order; an empty list returns it to the
    /// queues of its categories.
    public func setWindowQueues(hall: HallCode, window: WindowNumber, queues: [QueueCode], by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            var batch: [(sql: String, binds: [DatabaseValue])] = [
                ("DELETE FROM window_queues WHERE hall = ? AND window_number = ?", [.text(hall), .text(window)]),
            ]
            for (position, queue) in queues.enumerated() {
                batch.append(("INSERT INTO window_queues (hall, window_number, queue, position) VALUES (?, ?, ?, ?)",
                              [.text(hall), .text(window), .text(queue), .bind(position)]))
            }
            batch.append(AuditRepository.insert(at: now, actor: actor, action: "window.queues", target: "\(hall)/\(window)",
                                                detail: queues.isEmpty ? "按窗口类别叫号" : queues.map(\.rawValue).joined(separator: "、")))
            try await db.executeBatch(batch)
        }
    }
}
