import Foundation
import Synchronization
import OneDoorCore

/// Cases, their history and applicants. Every change is one transaction: the case row, its
/// history entry and the audit entry stand or fall together.
public struct CaseRepository: Sendable {
    public let database: any SQLDatabase
    let listings = ListingCache()

    /// When the messages a case's changes write may be sent (ADR 0022).
    public let messagePolicy: DispatchPolicy

    public init(database: any SQLDatabase, messagePolicy: DispatchPolicy = DispatchPolicy()) {
        self.database = database
        self.messagePolicy = messagePolicy
    }

    /// `message` with the case number put in for ``CaseMessages/numberPlaceholder``.
    static func numbered(_ message: OutgoingMessage, _ number: CaseNumber) -> OutgoingMessage {
        var numbered = message
        numbered.key = message.key.replacingOccurrences(of: CaseMessages.numberPlaceholder, with: number.rawValue)
        numbered.subject = message.subject.replacingOccurrences(of: CaseMessages.numberPlaceholder, with: number.rawValue)
        numbered.body = message.body.replacingOccurrences(of: CaseMessages.numberPlaceholder, with: number.rawValue)
        return numbered
    }

    /// States in which a case waits for its department's back office.
    static let backOfficeStates: Set<CaseState> = [.accepted, .undertaken, .reviewed, .decided]

    /// A ticket just called whose service starts with the case opened for it (办理中).
    public struct TicketStart: Sendable {
        public var ticket: String
        public var window: WindowNumber
        public var policy: TicketPolicy
        public init(ticket: String, window: WindowNumber, policy: TicketPolicy) {
            self.ticket = ticket
            self.window = window
            self.policy = policy
        }
    }

    /// Stores a new case: numbers it (`<hall>-<YYYYMMDD>-<sequence>`, ADR 0008), stores or
    /// refreshes its applicant, and writes its first history entries. With `start`, the called
    /// ticket's service starts in the same transaction: no ticket is left being served without
    /// its case, and no case stored for a ticket another window took.
    ///
    /// `messages` (``CaseMessages``) go to the outbox in the same transaction, the case number
    /// put in where they hold ``CaseMessages/numberPlaceholder`` (ADR 0022). `then` runs last in
    /// the same transaction with the numbered case (an online application marked accepted).
    public func open(
        _ draft: CaseRecord, events: [CaseEvent], actorID: Int64?, actor: AuditActor, at now: Int64, start: TicketStart? = nil,
        messages: [OutgoingMessage] = [], holders: BaseRecordRepository.CaseWrites = .init(),
        then: (@Sendable (CaseRecord, any SQLExecutor) async throws -> Void)? = nil
    ) async throws -> CaseRecord {
        // Encoded before taking the writer: the document is stored without its number (the
        // `number` column holds it and reads put it back), so nothing waits on JSON encoding.
        var unnumbered = draft
        unnumbered.number = ""
        let document = CaseDocument.json(unnumbered)
        let applicant = try Self.applicantUpsert(draft.applicant, at: now)
        let eventDocuments = events.map { CaseDocument.json($0) }
        if database.dialect == .postgres && start == nil && then == nil {
            // Everything is one statement: no transaction around it.
            return try await database.writeStatement { db in
                try await Self.openInOneStatement(
                    draft, documents: (document, eventDocuments), applicant: applicant, events: events, actorID: actorID, actor: actor, at: now,
                    messages: messages, policy: messagePolicy, holders: holders, db
                )
            }
        }
        return try await database.write { db in
            if let start {
                _ = try await QueueRepository.act(.start, ticket: start.ticket, hall: draft.hall, window: start.window, target: nil,
                                                  policy: start.policy, at: now, staffID: actorID, in: db)
            }
            if db.dialect == .postgres {
                let record = try await Self.openInOneStatement(
                    draft, documents: (document, eventDocuments), applicant: applicant, events: events, actorID: actorID, actor: actor, at: now,
                    messages: messages, policy: messagePolicy, holders: holders, db
                )
                try await then?(record, db)
                return record
            }
            let record = try await Self.openInBatch(draft, documents: (document, eventDocuments), applicant: applicant, events: events,
                                                    actorID: actorID, actor: actor, at: now, messages: messages, policy: messagePolicy,
                                                    holders: holders, db)
            try await then?(record, db)
            return record
        }
    }

    /// Stores finished or half-finished past cases as they come, numbered here (load tests and
    /// migrations from older systems, `onedoor seed-cases`). Numbers continue each hall's and
    /// day's sequence; applicants already stored are kept as they are. One transaction.
    public func importCases(_ cases: [(record: CaseRecord, events: [CaseEvent])], at now: Int64) async throws -> [CaseNumber] {
        var numbered = cases
        return try await database.write { db in
            // Every counter in one read (a few per hall and day): cheaper than one query per key.
            struct Counter: Hashable { var hall: HallCode, day: String }
            var next: [Counter: Int] = [:]
            for row in try await db.query("SELECT hall, day, next FROM case_counters") {
                next[Counter(hall: try row.code("hall"), day: try row.string("day"))] = try row.int("next")
            }
            var touched: Set<Counter> = []
            var caseRows: [[DatabaseValue]] = []
            var eventRows: [[DatabaseValue]] = []
            var applicantRows: [String: [DatabaseValue]] = [:]
            for i in numbered.indices {
                let record = numbered[i].record
                let key = Counter(hall: record.hall, day: Self.counterDay(record.receivedOn))
                let sequence = next[key, default: 0] + 1
                next[key] = sequence
                touched.insert(key)
                let number = Self.number(hall: key.hall, day: key.day, sequence: sequence)
                numbered[i].record.number = number
                var unnumbered = record
                unnumbered.number = ""
                let created = numbered[i].events.first?.at ?? now
                let updated = numbered[i].events.last?.at ?? now
                caseRows.append([
                    .text(number), .text(record.queryCode), .text(record.itemCode), .bind(record.itemVersion), .text(record.department),
                    .text(record.hall), .text(record.applicant.key), .text(record.state.rawValue), .bind(record.revision),
                    .bind(Self.backOffice(record)), .bind(record.promisedDeadline?.description), .bind(record.legalDeadline?.description),
                    .text(CaseDocument.json(unnumbered)), .integer(created), .integer(updated), .bind(record.trips),
                    .bind(record.promisedLimit.days), .text(record.promisedLimit.unit.rawValue), .bind(record.specialProcedure?.startedOn.description),
                    .bind(record.specialProcedure?.expectedDays),
                ] + Self.figureBinds(record) + [.bind(numbered[i].events.first?.staffNumber), .bind(record.materials.count)])
                for (seq, event) in numbered[i].events.enumerated() {
                    eventRows.append([.text(number), .bind(seq + 1), .integer(event.at), .null, .text(CaseDocument.json(event))])
                }
                if applicantRows[record.applicant.key] == nil {
                    applicantRows[record.applicant.key] = try Self.applicantUpsert(record.applicant, at: created).binds
                }
            }
            try await db.insertRows(into: "applicants", columns: ["key", "kind", "name", "document", "created_at", "updated_at"],
                                    rows: Array(applicantRows.values), suffix: "ON CONFLICT (key) DO NOTHING")
            try await db.insertRows(into: "cases", columns: [
                "number", "query_code", "item_code", "item_version", "department", "hall", "applicant_key", "state", "revision",
                "back_office", "promised_deadline", "legal_deadline", "document", "created_at", "updated_at", "trips",
                "promised_days", "promised_unit", "paused_on", "paused_days", "channel", "accepted_on", "concluded_on", "working_days",
                "correction_notices", "sent_back", "paused_total", "shared_hands", "intake_staff", "materials_count",
            ], rows: caseRows)
            try await db.insertRows(into: "case_events", columns: ["case_number", "seq", "at", "actor_id", "document"], rows: eventRows)
            try await db.insertRows(into: "case_counters", columns: ["hall", "day", "next"], rows: touched.map { key in
                [.text(key.hall), .text(key.day), .bind(next[key]!)]
            }, suffix: "ON CONFLICT (hall, day) DO UPDATE SET next = CASE WHEN excluded.next > case_counters.next THEN excluded.next ELSE case_counters.next END")
            return numbered.map(\.record.number)
        }
    }

    public func find(_ number: CaseNumber) async throws -> CaseRecord? {
        try await database.read { db in
            try await db.queryFirst("SELECT number, document FROM cases WHERE number = ?", [.text(number)]).map(Self.record)
        }
    }

    /// The case and its history in one query (the public progress lookup's one round trip).
    public func findWithEvents(_ number: CaseNumber) async throws -> (CaseRecord, [CaseEvent])? {
        try await database.read { db in
            let rows = try await db.query(
                """
                SELECT c.number, c.document AS case_document, e.document AS event_document
                FROM cases c LEFT JOIN case_events e ON e.case_number = c.number
                WHERE c.number = ? ORDER BY e.seq
                """, [.text(number)]
            )
            guard let first = rows.first else { return nil }
            var record = try JSONCoding.decode(CaseRecord.self, try first.string("case_document"))
            record.number = try first.code("number")
            let events = try rows.compactMap { try $0.optionalString("event_document") }.map { try JSONCoding.decode(CaseEvent.self, $0) }
            return (record, events)
        }
    }

    /// The history, oldest first.
    public func events(_ number: CaseNumber) async throws -> [CaseEvent] {
        try await database.read { db in
            try await db.query("SELECT document FROM case_events WHERE case_number = ? ORDER BY seq", [.text(number)]).map {
                try JSONCoding.decode(CaseEvent.self, try $0.string("document"))
            }
        }
    }

    /// A department's back-office queue, the most urgent (earliest promised deadline) first.
    public func departmentQueue(_ department: DepartmentCode, limit: Int, offset: Int = 0) async throws -> (cases: [CaseSummary], total: Int) {
        try await list(where: "back_office = ?", [.text(department)], orderBy: "promised_deadline, number", limit: limit, offset: offset)
    }

    /// The cases received at a hall, newest first.
    public func hallCases(_ hall: HallCode, limit: Int, offset: Int = 0) async throws -> (cases: [CaseSummary], total: Int) {
        try await list(where: "hall = ?", [.text(hall)], orderBy: "created_at DESC, number DESC", limit: limit, offset: offset)
    }

    /// The cases matching `filter` within `scope` (a hall or a department, or everything),
    /// ordered as that scope's list is; `today` dates the lights.
    public func cases(
        matching filter: CaseListFilter, hall: HallCode? = nil, backOffice: DepartmentCode? = nil, today: CivilDate, limit: Int, offset: Int
    ) async throws -> (cases: [CaseSummary], total: Int) {
        var clauses: [String] = [], binds: [DatabaseValue] = []
        if let hall { clauses.append("hall = ?"); binds.append(.text(hall)) }
        if let backOffice { clauses.append("back_office = ?"); binds.append(.text(backOffice)) }
        if let h = filter.hall { clauses.append("hall = ?"); binds.append(.text(h)) }
        if let d = filter.department { clauses.append("department = ?"); binds.append(.text(d)) }
        if let state = filter.state { clauses.append("state = ?"); binds.append(.text(state.rawValue)) }
        if let from = filter.receivedFrom { clauses.append("created_at >= ?"); binds.append(.integer(from.startEpochSeconds)) }
        if let to = filter.receivedTo { clauses.append("created_at < ?"); binds.append(.integer(to.adding(days: 1).startEpochSeconds)) }
        if let late = filter.late {
            // Running cases past their deadline, or not yet past the promised one (dates as
            // text compare in date order).
            let condition = switch late {
            case .red: "promised_deadline < ?"
            case .overdue: "legal_deadline < ?"
            case .green, .yellow: "promised_deadline >= ?"
            }
            clauses.append("state IN ('accepted', 'undertaken', 'reviewed') AND \(condition)")
            binds.append(.text(today.description))
        }
        if let text = filter.text?.trimmingWhitespace(), !text.isEmpty {
            var any = ["number = ?", "applicant_key IN (SELECT key FROM applicants WHERE name = ?)"]
            binds.append(contentsOf: [.text(text.uppercased()), .text(text)])
            if let pattern = filter.maskedNumberPattern { any.append("applicant_key LIKE ?"); binds.append(.text(pattern)) }
            if !filter.itemCodes.isEmpty {
                any.append("item_code IN (\(Array(repeating: "?", count: filter.itemCodes.count).joined(separator: ", ")))")
                binds.append(contentsOf: filter.itemCodes.map { .text($0) })
            }
            clauses.append("(" + any.joined(separator: " OR ") + ")")
        }
        let orderBy = backOffice != nil ? "promised_deadline, number" : "created_at DESC, number DESC"
        return try await list(where: clauses.isEmpty ? "1 = 1" : clauses.joined(separator: " AND "), binds, orderBy: orderBy, limit: limit, offset: offset)
    }

    /// Every case, newest first (supervisors).
    public func allCases(limit: Int, offset: Int = 0) async throws -> (cases: [CaseSummary], total: Int) {
        try await list(where: "1 = 1", [], orderBy: "created_at DESC, number DESC", limit: limit, offset: offset)
    }

    /// The day as case numbers and `case_counters` write it: `YYYYMMDD`.
    static func counterDay(_ date: CivilDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }

    static func number(hall: HallCode, day: String, sequence: Int) -> CaseNumber {
        let digits = String(sequence)
        return CaseNumber(rawValue: "\(hall)-\(day)-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits)
    }

    static func backOffice(_ record: CaseRecord) -> DepartmentCode? {
        backOfficeStates.contains(record.state) ? record.department : nil
    }

    /// The cases matching `filter`, a page of them, with their total unless `counting` is off
    /// (the overview's lists need no total: it would count every match).
    func list(where filter: String, _ binds: [DatabaseValue], orderBy: String, limit: Int, offset: Int,
              counting: Bool = true) async throws -> (cases: [CaseSummary], total: Int) {
        try await database.read { db in
            let total = counting ? try await db.queryFirst("SELECT COUNT(*) AS n FROM cases WHERE \(filter)", binds)?.int("n") ?? 0 : 0
            let cases = try await db.query(
                "SELECT number, revision, document, updated_at FROM cases WHERE \(filter) ORDER BY \(orderBy) LIMIT ? OFFSET ?",
                binds + [.bind(limit), .bind(offset)]
            ).map { row in
                let number: CaseNumber = try row.code("number"), revision = try row.int("revision")
                let listing = try listings.listing(number: number, revision: revision) {
                    var listing = try JSONCoding.decode(CaseListing.self, try row.string("document"))
                    listing.number = number
                    return listing
                }
                return CaseSummary(listing: listing, updatedAt: try row.int64("updated_at"))
            }
            return (cases, total)
        }
    }

    static func applicantUpsert(_ applicant: Applicant, at now: Int64) throws -> (sql: String, binds: [DatabaseValue]) {
        let kind = if case .person = applicant { "person" } else { "enterprise" }
        return (
            """
            INSERT INTO applicants (key, kind, name, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET name = excluded.name, document = excluded.document, updated_at = excluded.updated_at
            """,
            [.text(applicant.key), .text(kind), .text(applicant.name), .text(try JSONCoding.encode(applicant)), .integer(now), .integer(now)]
        )
    }

    static func eventInsert(number: CaseNumber, seq: Int, at: Int64, document: String, actorID: Int64?) -> (sql: String, binds: [DatabaseValue]) {
        ("INSERT INTO case_events (case_number, seq, at, actor_id, document) VALUES (?, ?, ?, ?, ?)",
         [.text(number), .bind(seq), .integer(at), .bind(actorID), .text(document)])
    }

    /// A case from a row with `number` and `document` (the document is stored without its number).
    static func record(_ row: Row) throws -> CaseRecord {
        var record = try JSONCoding.decode(CaseRecord.self, try row.string("document"))
        record.number = try row.code("number")
        return record
    }
}

/// Listings decoded from stored cases, by number and revision. A department's queue shows the
/// same fifty cases to all its approvers all day; every change raises a case's revision, so an
/// entry is either exactly the stored case or never asked for again.
final class ListingCache: Sendable {
    static let capacity = 50_000
    private let entries = Mutex<[CaseNumber: (revision: Int, listing: CaseListing)]>([:])

    func listing(number: CaseNumber, revision: Int, decode: () throws -> CaseListing) throws -> CaseListing {
        if let hit = entries.withLock({ $0[number] }), hit.revision == revision { return hit.listing }
        let listing = try decode()
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[number] = (revision, listing)
        }
        return listing
    }
}
