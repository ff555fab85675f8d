import Logging
import PostgresNIO

/// LISTEN/NOTIFY through the pool: a listener keeps one pooled connection for as long as it
/// listens; notifying borrows one for a single statement.
struct PostgresNotifications: DatabaseNotifications {
    let client: PostgresClient
    let logger: Logger
    /// Appended to channel names (the schema), so deployments sharing a database stay apart.
    let scope: String?

    private func scoped(_ channel: String) -> String {
        guard let scope else { return channel }
        // A channel is an identifier: at most 63 bytes, quoted by PostgresNIO's LISTEN.
        return String((channel + "_" + scope.filter { $0.isLetter || $0.isNumber || $0 == "_" }).utf8.prefix(63)) ?? channel
    }

    func notify(channel: String, payloads: [String]) async throws {
        guard !payloads.isEmpty else { return }
        // One statement for the whole batch: pg_notify calls run in order within it.
        var bindings = PostgresBindings(capacity: payloads.count + 1)
        bindings.append(scoped(channel))
        for payload in payloads { bindings.append(payload) }
        let query = PostgresQuery(unsafeSQL: "SELECT " + payloads.indices.map { "pg_notify($1, $\($0 + 2))" }.joined(separator: ", "), binds: bindings)
        do {
            try await client.withConnection { connection in
                _ = try await connection.query(query, logger: logger)
            }
        } catch {
            throw PostgresDatabase.map(error)
        }
    }

    func listen(channel: String, onConnected: @escaping @Sendable () async -> Void, receive: @escaping @Sendable (String) async -> Void) async {
        var delay: Duration = .milliseconds(100)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: scoped(channel)) { notifications in
                        delay = .milliseconds(100)
                        await onConnected()
                        for try await notification in notifications { await receive(notification.payload) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for other servers failed; retrying", metadata: ["error": "\(String(reflecting: error))", "retryIn": "\(delay)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }
}
