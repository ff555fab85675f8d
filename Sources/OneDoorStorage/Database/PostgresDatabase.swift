import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The production database: PostgreSQL through a PostgresNIO connection pool.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// The schema in use when not `public`: servers on other schemas of the same database are
    /// other deployments (tests run side by side this way), so their messages are kept apart.
    private let schema: String?

    /// Connects to `url` (`postgres://user:password@host:port/database`, optionally with
    /// `?sslmode=require` and `?schema=NAME`).
    ///
    /// - Parameter schema: a schema to use instead of `public` (tests give each suite its own);
    ///   when nil, the URL's `schema` parameter, if any.
    public init(
        url: String, schema: String? = nil, maximumConnections: Int = 20,
        logger: Logger = Logger(label: "onedoor.postgres")
    ) throws {
        var configuration = try Self.configuration(from: url)
        configuration.options.maximumConnections = maximumConnections
        let fromURL = URLComponents(string: url)?.queryItems?.first { $0.name == "schema" }?.value
        if let schema = schema ?? fromURL {
            configuration.options.additionalStartupParameters.append(("search_path", schema))
        }
        self.schema = schema ?? fromURL
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    /// Parses a `postgres://` URL; `sslmode=require` turns TLS on (off by default for loopback).
    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
              ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty
        else {
            throw StorageError.badConfiguration("数据库地址应形如 postgres://用户:密码@主机:端口/数据库")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let tls: PostgresClient.Configuration.TLS
        if components.queryItems?.contains(where: { $0.name == "sslmode" && $0.value == "require" }) == true {
            tls = .require(.makeClientConfiguration())
        } else {
            tls = .disable
        }
        return PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: database.isEmpty ? nil : database,
            tls: tls
        )
    }

    public func read<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(Executor(connection: connection, logger: logger))
            }
        } catch {
            throw Self.map(error)
        }
    }

    public func write<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(Executor(connection: connection, logger: logger))
            }
        } catch {
            throw Self.map(error)
        }
    }

    /// LISTEN/NOTIFY on this database (ADR 0017).
    var notificationChannel: PostgresNotifications { PostgresNotifications(client: client, logger: logger, scope: schema) }

    public func writeStatement<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        // Autocommit: the one statement commits (durably, with synchronous_commit on) when it ends.
        do {
            return try await client.withConnection { connection in
                try await body(Executor(connection: connection, logger: logger))
            }
        } catch {
            throw Self.map(error)
        }
    }

    public func ping() async -> Bool {
        do {
            return try await read { db in try await db.queryFirst("SELECT 1 AS one")?.int("one") == 1 }
        } catch {
            return false
        }
    }

    public func close() async throws {
        runner.cancel()
        await runner.value
    }

    static func map(_ error: any Error) -> any Error {
        if let e = error as? PostgresTransactionError {
            if let closure = e.closureError { return map(closure) }
            if let begin = e.beginError { return map(begin) }
            if let commit = e.commitError { return map(commit) }
        }
        guard let e = error as? PSQLError else { return error }
        let state = e.serverInfo?[.sqlState]
        let message = e.serverInfo?[.message] ?? String(reflecting: e)
        switch state {
        case "23505": return StorageError.uniqueViolation(message)
        case "23503": return StorageError.foreignKeyViolation(message)
        default: return StorageError.database(message)
        }
    }

    private struct Executor: SQLExecutor, @unchecked Sendable {
        // A leased connection is used only inside the closure that leased it.
        let connection: PostgresConnection
        let logger: Logger
        var dialect: SQLDialect { .postgres }

        func execute(_ sql: String, _ binds: [DatabaseValue]) async throws {
            do {
                _ = try await connection.query(Self.query(sql, binds), logger: logger).collect()
            } catch {
                throw PostgresDatabase.map(error)
            }
        }

        func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [Row] {
            do {
                let rows = try await connection.query(Self.query(sql, binds), logger: logger).collect()
                return try rows.map(Self.row)
            } catch {
                throw PostgresDatabase.map(error)
            }
        }

        static func query(_ sql: String, _ binds: [DatabaseValue]) -> PostgresQuery {
            var bindings = PostgresBindings(capacity: binds.count)
            for value in binds {
                switch value {
                case .null: bindings.appendNull()
                case .integer(let i): bindings.append(i)
                case .real(let d): bindings.append(d)
                case .text(let s): bindings.append(s)
                case .blob(let b): bindings.append(ByteBuffer(bytes: b))
                }
            }
            return PostgresQuery(unsafeSQL: numberedPlaceholders(sql), binds: bindings)
        }

        static func row(_ row: PostgresRow) throws -> Row {
            var columns: [String] = []
            var values: [DatabaseValue] = []
            for cell in row {
                columns.append(cell.columnName)
                guard cell.bytes != nil else {
                    values.append(.null)
                    continue
                }
                switch cell.dataType {
                case .int2, .int4, .int8: values.append(.integer(try cell.decode(Int64.self)))
                case .float4, .float8: values.append(.real(try cell.decode(Double.self)))
                case .bool: values.append(.integer(try cell.decode(Bool.self) ? 1 : 0))
                case .bytea: values.append(.blob(try cell.decode(ByteBuffer.self).readableBytesView.map { $0 }))
                // SUM of a bigint is numeric: decoded as a decimal (its binary form is not text),
                // whole numbers kept exact.
                case .numeric:
                    let text = "\(try cell.decode(Decimal.self))"
                    if let whole = Int64(text) {
                        values.append(.integer(whole))
                    } else if let real = Double(text) {
                        values.append(.real(real))
                    } else {
                        throw StorageError.unexpectedValue(column: columns[values.count], expected: "numeric")
                    }
                default: values.append(.text(try cell.decode(String.self)))
                }
            }
            return Row(columns: columns, values: values)
        }
    }
}
