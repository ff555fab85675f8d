/// Messages between the servers that share one database (ADR 0017): PostgreSQL's LISTEN/NOTIFY.
///
/// Delivery is at most once and only to servers listening at the time; a listener that
/// reconnects is told so (`onConnected`), and treats everything as changed. The embedded SQLite
/// database serves one server, so it has none.
public protocol DatabaseNotifications: Sendable {
    /// Sends each payload (at most 7,900 bytes of UTF-8) on `channel`, in order.
    func notify(channel: String, payloads: [String]) async throws
    /// Listens on `channel` until cancelled, calling `onConnected` each time listening (re)starts
    /// and `receive` with every payload; reconnects after a lost connection.
    func listen(channel: String, onConnected: @escaping @Sendable () async -> Void, receive: @escaping @Sendable (String) async -> Void) async
}

extension SQLDatabase {
    /// The database's channel between servers, if it has one.
    public var notifications: (any DatabaseNotifications)? { (self as? PostgresDatabase)?.notificationChannel }
}
