import Crypto
import Foundation
import OneDoorCore

/// A signed record of a chain's head on a day (issue 16 §4): whoever rewrites the chain after it
/// cannot make the anchor match without the platform's key.
public struct LogAnchor: Sendable, Hashable {
    public var log: ChainedLog
    /// China date, YYYY-MM-DD.
    public var day: String
    public var seq: Int64
    public var hash: String
    public var at: Int64
    /// The signed statement (compact JWS by the platform's key).
    public var token: String

    public init(log: ChainedLog, day: String, seq: Int64, hash: String, at: Int64, token: String) {
        self.log = log
        self.day = day
        self.seq = seq
        self.hash = hash
        self.at = at
        self.token = token
    }
}

/// The hash chains of the audit and access logs (ADR 0034). Writers insert entries as before,
/// without waiting for anyone; a sealer numbers the unsealed entries in id order and gives each
/// the SHA-256 of the previous entry's hash and its own canonical content, holding the chain's
/// head row for the while, so sealers on several servers take turns and never fork the chain.
public struct LogChainRepository: Sendable {
    public let database: any SQLDatabase
    /// The hash before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// hash_n = SHA-256(hex(hash_{n-1}) ‖ canonical_n), as lower-case hex.
    public static func next(_ previous: String, _ canonical: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: canonical)
        // Hex by table: String(format:) per byte was most of a 10-million-entry walk.
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in hasher.finalize() {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static let integerColumns: Set<String> = ["id", "at", "actor_id"]

    static func canonical(_ row: Row, _ log: ChainedLog) throws -> [UInt8] {
        LogEntryCanonical.bytes(try log.columns.map { column in
            integerColumns.contains(column) ? try row.optionalInt64(column).map(String.init) : try row.optionalString(column)
        })
    }

    /// Seals up to `limit` entries of `log` not sealed yet, oldest id first; answers how many.
    @discardableResult
    public func seal(_ log: ChainedLog, limit: Int = 2_000) async throws -> Int {
        let columns = log.columns.joined(separator: ", ")
        // Most passes find nothing new: a read (the partial index) instead of a durable commit.
        guard try await unsealed(log, any: true) > 0 else { return 0 }
        return try await database.write { db in
            try await db.execute("INSERT INTO log_chain_heads (chain, seq, hash) VALUES (?, 0, ?) ON CONFLICT (chain) DO NOTHING",
                                 [.text(log.rawValue), .text(Self.genesis)])
            // Taking the head row first: on PostgreSQL its lock makes other servers' sealers wait.
            guard let head = try await db.queryFirst("UPDATE log_chain_heads SET seq = seq WHERE chain = ? RETURNING seq, hash", [.text(log.rawValue)]) else {
                throw StorageError.database("chain head of \(log.rawValue) missing")
            }
            var seq = try head.int64("seq")
            var hash = try head.string("hash")
            let rows = try await db.query("SELECT \(columns) FROM \(log.table) WHERE chain_seq IS NULL ORDER BY id LIMIT ?", [.bind(limit)])
            guard !rows.isEmpty else { return 0 }
            var sealed: [[DatabaseValue]] = []
            sealed.reserveCapacity(rows.count)
            for row in rows {
                seq += 1
                hash = Self.next(hash, try Self.canonical(row, log))
                sealed.append([.integer(try row.int64("id")), .integer(seq), .text(hash)])
            }
            for start in stride(from: 0, to: sealed.count, by: 500) {
                let chunk = sealed[start..<min(start + 500, sealed.count)]
                let values = Array(repeating: "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT))", count: chunk.count).joined(separator: ", ")
                try await db.execute(
                    """
                    WITH sealed (id, seq, hash) AS (VALUES \(values))
                    UPDATE \(log.table) SET chain_seq = sealed.seq, chain_hash = sealed.hash FROM sealed WHERE \(log.table).id = sealed.id
                    """, chunk.flatMap { $0 }
                )
            }
            try await db.execute("UPDATE log_chain_heads SET seq = ?, hash = ? WHERE chain = ?", [.integer(seq), .text(hash), .text(log.rawValue)])
            return rows.count
        }
    }

    /// The chain's head: the last sealed entry's place and hash.
    public func head(_ log: ChainedLog) async throws -> (seq: Int64, hash: String) {
        try await database.read { db in
            guard let row = try await db.queryFirst("SELECT seq, hash FROM log_chain_heads WHERE chain = ?", [.text(log.rawValue)]) else { return (0, Self.genesis) }
            return (try row.int64("seq"), try row.string("hash"))
        }
    }

    /// How many entries are not sealed yet; with `any`, only whether there is one (0 or 1).
    public func unsealed(_ log: ChainedLog, any: Bool = false) async throws -> Int {
        try await database.read { db in
            if any {
                return try await db.queryFirst("SELECT 1 AS n FROM \(log.table) WHERE chain_seq IS NULL LIMIT 1") == nil ? 0 : 1
            }
            return try await db.queryFirst("SELECT COUNT(*) AS n FROM \(log.table) WHERE chain_seq IS NULL")?.int("n") ?? 0
        }
    }

    /// Keeps the day's anchor unless the day has one already.
    public func saveAnchor(_ anchor: LogAnchor) async throws {
        try await database.write { db in
            try await db.execute(
                "INSERT INTO log_anchors (chain, day, seq, hash, at, token) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chain, day) DO NOTHING",
                [.text(anchor.log.rawValue), .text(anchor.day), .integer(anchor.seq), .text(anchor.hash), .integer(anchor.at), .text(anchor.token)]
            )
        }
    }

    public func anchors(_ log: ChainedLog? = nil) async throws -> [LogAnchor] {
        try await database.read { db in
            let rows = if let log {
                try await db.query("SELECT * FROM log_anchors WHERE chain = ? ORDER BY day", [.text(log.rawValue)])
            } else {
                try await db.query("SELECT * FROM log_anchors ORDER BY chain, day", [])
            }
            return try rows.map { row in
                LogAnchor(log: ChainedLog(rawValue: try row.string("chain")) ?? .audit, day: try row.string("day"), seq: try row.int64("seq"),
                          hash: try row.string("hash"), at: try row.int64("at"), token: try row.string("token"))
            }
        }
    }

    /// Walks the chain from its first entry, a page at a time, and reports the first entry that
    /// was changed, removed or inserted, and any anchor that does not match (`anchorHolds`
    /// checks an anchor's signature).
    public func verify(_ log: ChainedLog, page: Int = 10_000, anchorHolds: @Sendable (LogAnchor) async -> Bool) async throws -> LogChainReport {
        let columns = log.columns.joined(separator: ", ")
        let anchors = try await self.anchors(log)
        var anchorsAt: [Int64: [LogAnchor]] = [:]
        for anchor in anchors { anchorsAt[anchor.seq, default: []].append(anchor) }
        for anchor in anchors where !(await anchorHolds(anchor)) {
            return LogChainReport(log: log, entries: 0, unsealed: 0, anchors: anchors.count, problem: LogChainProblem(
                kind: .anchor, id: nil, seq: anchor.seq, detail: "\(anchor.day) 的锚点签名无效（锚点被改动或不是平台密钥签发）"))
        }
        var expected: Int64 = 1
        var previous = Self.genesis
        var problem: LogChainProblem?
        walk: while true {
            let rows = try await database.read { db in
                try await db.query("SELECT \(columns), chain_seq, chain_hash FROM \(log.table) WHERE chain_seq >= ? ORDER BY chain_seq LIMIT ?",
                                   [.integer(expected), .bind(page)])
            }
            for row in rows {
                let seq = try row.int64("chain_seq"), id = try row.int64("id")
                if seq != expected {
                    problem = LogChainProblem(kind: .removed, id: id, seq: expected,
                                              detail: "第 \(expected) 条起被删除：链上第 \(expected)–\(seq - 1) 条不见了（其后一条为 id \(id)）")
                    break walk
                }
                let hash = Self.next(previous, try Self.canonical(row, log))
                guard hash == (try row.optionalString("chain_hash")) else {
                    problem = LogChainProblem(kind: .changed, id: id, seq: seq, detail: "第 \(seq) 条（id \(id)）被改动或插入：内容与链上的哈希不符")
                    break walk
                }
                if let due = anchorsAt[seq], let wrong = due.first(where: { $0.hash != hash }) {
                    problem = LogChainProblem(kind: .anchor, id: id, seq: seq, detail: "\(wrong.day) 的签名锚点与链上第 \(seq) 条的哈希不符：锚点之前的记录被重写")
                    break walk
                }
                previous = hash
                expected += 1
            }
            if rows.count < page { break }
        }
        let entries = Int(expected - 1)
        if problem == nil {
            let head = try await self.head(log)
            if head.seq > expected - 1 {
                problem = LogChainProblem(kind: .removed, id: nil, seq: expected, detail: "链尾被删除：链头记到第 \(head.seq) 条，实有 \(expected - 1) 条")
            } else if let beyond = anchors.first(where: { $0.seq > expected - 1 }) {
                problem = LogChainProblem(kind: .removed, id: nil, seq: expected,
                                          detail: "链尾被删除：\(beyond.day) 的签名锚点记到第 \(beyond.seq) 条，实有 \(expected - 1) 条")
            }
        }
        return LogChainReport(log: log, entries: entries, unsealed: try await unsealed(log), anchors: anchors.count, problem: problem)
    }
}
