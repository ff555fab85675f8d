import Foundation
import Logging

/// Where the data lives: PostgreSQL when a URL is configured, else one SQLite file in the data directory.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// Chooses from configuration: a `postgres://` URL wins; otherwise `<dataDirectory>/onedoor.sqlite`.
    public static func choose(databaseURL: String?, dataDirectory: String) -> DatabaseLocation {
        if let databaseURL, !databaseURL.isEmpty { return .postgres(url: databaseURL) }
        return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("onedoor.sqlite"))
    }

    /// Opens the database, creating the data directory if needed.
    public func open(logger: Logger) throws -> any SQLDatabase {
        switch self {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            return try SQLiteDatabase(path: path)
        case .postgres(let url):
            return try PostgresDatabase(url: url, logger: logger)
        }
    }

    /// For logs: the path, or the URL without its password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}
