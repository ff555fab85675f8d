/// The logs kept tamper-evident by a hash chain (issue 16 §4, ADR 0034): the audit log of staff
/// actions and the access log of reads of personal data.
public enum ChainedLog: String, Sendable, Hashable, CaseIterable, Codable {
    case audit
    case access

    public var table: String {
        switch self {
        case .audit: "audit_log"
        case .access: "personal_data_access"
        }
    }

    /// The columns of an entry that its hash covers, in order (`id` first).
    public var columns: [String] {
        switch self {
        case .audit: ["id", "at", "actor_id", "actor", "action", "target", "detail", "client"]
        case .access: ["id", "at", "actor_id", "actor", "client", "case_number", "purpose"]
        }
    }

    public var label: String {
        switch self {
        case .audit: "审计日志"
        case .access: "个人信息使用记录"
        }
    }
}

/// The canonical form of a log entry that its hash covers: each value as its UTF-8 length, a
/// colon, the bytes, and a separator — unambiguous whatever the values hold (a "|" in a detail
/// cannot shift a boundary). A missing value (NULL) is "-" without a length, so it differs from
/// an empty text.
public enum LogEntryCanonical {
    public static func bytes(_ values: [String?]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 8 })
        for value in values {
            if let value {
                out.append(contentsOf: String(value.utf8.count).utf8)
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: value.utf8)
            } else {
                out.append(UInt8(ascii: "-"))
            }
            out.append(UInt8(ascii: ";"))
        }
        return out
    }
}

/// What a walk of a chain found first, if anything.
public struct LogChainProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The entry's content or its hash is not what the chain says: changed (or inserted with a made-up hash).
        case changed
        /// A place in the chain is empty: an entry was removed.
        case removed
        /// A signed daily anchor does not match the chain at its place, or its signature fails.
        case anchor
    }

    public var kind: Kind
    /// The entry's id (for `removed`: the first entry after the gap).
    public var id: Int64?
    public var seq: Int64
    public var detail: String

    public init(kind: Kind, id: Int64?, seq: Int64, detail: String) {
        self.kind = kind
        self.id = id
        self.seq = seq
        self.detail = detail
    }

    public var description: String { detail }
}

/// The outcome of walking one chain.
public struct LogChainReport: Sendable, Hashable {
    public var log: ChainedLog
    public var entries: Int
    /// Entries written but not sealed yet (the sealer runs every few seconds).
    public var unsealed: Int
    public var anchors: Int
    public var problem: LogChainProblem?

    public init(log: ChainedLog, entries: Int, unsealed: Int, anchors: Int, problem: LogChainProblem?) {
        self.log = log
        self.entries = entries
        self.unsealed = unsealed
        self.anchors = anchors
        self.problem = problem
    }
}
