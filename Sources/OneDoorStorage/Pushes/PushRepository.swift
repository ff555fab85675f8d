import OneDoorCore

/// 推送办 (issue 17 §3): the catalogue's life stages and rules, the pushes made, the stages each
/// holder turned off.
public struct PushRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    // MARK: Catalogue data

    public func catalogue() async throws -> (stages: [LifeStageItems], rules: [PushRule]) {
        try await database.read { db in try await Self.catalogue(db) }
    }

    static func catalogue(_ db: any SQLExecutor) async throws -> (stages: [LifeStageItems], rules: [PushRule]) {
        var items: [LifeStage: [ItemCode]] = [:]
        for row in try await db.query("SELECT stage, item FROM life_stage_items ORDER BY position") {
            guard let stage = LifeStage(rawValue: try row.string("stage")) else { continue }
            items[stage, default: []].append(try row.code("item"))
        }
        let stages = LifeStage.allCases.compactMap { stage in items[stage].map { LifeStageItems(stage: stage, items: $0) } }
        let rules = try await db.query("SELECT document FROM push_rules ORDER BY position").map {
            try JSONCoding.decode(PushRule.self, try $0.string("document"))
        }
        return (stages, rules)
    }

    /// Replaces stages and rules (inside a catalogue import's transaction).
    static func replaceCatalogue(_ db: any SQLExecutor, stages: [LifeStageItems], rules: [PushRule]) async throws {
        try await db.execute("DELETE FROM life_stage_items")
        try await db.execute("DELETE FROM push_rules")
        var position = 0
        var rows: [[DatabaseValue]] = []
        for entry in stages {
            for item in entry.items {
                rows.append([.text(entry.stage.rawValue), .text(item), .bind(position)])
                position += 1
            }
        }
        try await db.insertRows(into: "life_stage_items", columns: ["stage", "item", "position"], rows: rows)
        try await db.insertRows(into: "push_rules", columns: ["code", "position", "document"],
                                rows: try rules.enumerated().map { [.text($1.code), .bind($0), .text(try JSONCoding.encode($1))] })
    }

    // MARK: Pushes

    /// The people among stored applicants born on `month`-`day`, read from the birth date in their
    /// resident ID (the key is `resident-id:` then the number; its 11th–14th digits are MMDD).
    public func bornOn(month: Int, day: Int) async throws -> [Applicant] {
        let monthDay = (month < 10 ? "0" : "") + String(month) + (day < 10 ? "0" : "") + String(day)
        return try await database.read { db in
            try await db.query(
                "SELECT document FROM applicants WHERE kind = 'person' AND key LIKE 'resident-id:%' AND substr(key, 23, 4) = ? ORDER BY key",
                [.text(monthDay)]
            ).map { try JSONCoding.decode(Applicant.self, try $0.string("document")) }
        }
    }

    /// The holder as last stored by a case (for the contact a push is told to).
    public func applicant(key: String) async throws -> Applicant? {
        try await database.read { db in
            try await db.queryFirst("SELECT document FROM applicants WHERE key = ?", [.text(key)]).map {
                try JSONCoding.decode(Applicant.self, try $0.string("document"))
            }
        }
    }

    /// Stores `pushes` and the messages of those that are new, in one transaction (the birthday
    /// sweep); returns the new ones.
    public func insert(_ pushes: [Push], messages: @Sendable (Push) -> [OutgoingMessage], policy: DispatchPolicy, at now: Int64) async throws -> [Push] {
        try await database.write { db in
            let made = try await Self.insert(pushes, at: now, db)
            let outgoing = made.flatMap(messages)
            if !outgoing.isEmpty { try await db.executeBatch(outgoing.map { OutboxRepository.enqueueStatement($0, at: now, policy: policy) }) }
            return made
        }
    }

    /// Stores `pushes` that are new (a push already made for the same event is skipped) and
    /// returns those, inside the caller's transaction.
    public static func insert(_ pushes: [Push], at now: Int64, _ db: any SQLExecutor) async throws -> [Push] {
        var made: [Push] = []
        for push in pushes {
            let inserted = try await db.query(
                """
                INSERT INTO pushes (push_key, holder, rule, stage, target, reason, deadline, event, pushed_on, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (push_key) DO NOTHING RETURNING id
                """,
                [.text(push.key), .text(push.holder), .text(push.rule), .text(push.stage.rawValue), .text(push.target.key), .text(push.reason),
                 .bind(push.deadline?.description), .text(push.event), .text(push.on.description), .integer(now)])
            if !inserted.isEmpty { made.append(push) }
        }
        return made
    }

    /// The stages `holder` turned pushes off for.
    public static func optedOut(_ holder: String, _ db: any SQLExecutor) async throws -> Set<LifeStage> {
        Set(try await db.query("SELECT stage FROM push_opt_outs WHERE holder = ?", [.text(holder)]).compactMap {
            LifeStage(rawValue: try $0.string("stage"))
        })
    }

    public func optedOut(_ holder: String) async throws -> Set<LifeStage> {
        try await database.read { db in try await Self.optedOut(holder, db) }
    }

    /// Sets the stages `holder` receives no pushes for (the others are on).
    public func setOptedOut(_ holder: String, stages: Set<LifeStage>, at now: Int64) async throws {
        try await database.write { db in
            try await db.execute("DELETE FROM push_opt_outs WHERE holder = ?", [.text(holder)])
            try await db.insertRows(into: "push_opt_outs", columns: ["holder", "stage", "at"],
                                    rows: stages.sorted { $0.rawValue < $1.rawValue }.map { [.text(holder), .text($0.rawValue), .integer(now)] })
        }
    }

    /// The pushes made for any of `holders` (a citizen and the enterprises they act for), newest first.
    public func pushes(for holders: [String], limit: Int) async throws -> [StoredPush] {
        guard !holders.isEmpty else { return [] }
        let marks = holders.map { _ in "?" }.joined(separator: ", ")
        return try await database.read { db in
            try await db.query(
                """
                SELECT id, push_key, holder, rule, stage, target, reason, deadline, event, pushed_on, created_at, opened_at
                FROM pushes WHERE holder IN (\(marks)) ORDER BY created_at DESC, id DESC LIMIT ?
                """, holders.map { .text($0) } + [.bind(limit)]
            ).compactMap(Self.stored)
        }
    }

    /// Marks a push of one of `holders` opened (the holder followed it); returns it.
    public func open(_ id: Int64, holders: [String], at now: Int64) async throws -> StoredPush? {
        guard !holders.isEmpty else { return nil }
        let marks = holders.map { _ in "?" }.joined(separator: ", ")
        return try await database.write { db in
            try await db.execute("UPDATE pushes SET opened_at = COALESCE(opened_at, ?) WHERE id = ? AND holder IN (\(marks))",
                                 [.integer(now), .integer(id)] + holders.map { .text($0) })
            return try await db.queryFirst(
                """
                SELECT id, push_key, holder, rule, stage, target, reason, deadline, event, pushed_on, created_at, opened_at
                FROM pushes WHERE id = ? AND holder IN (\(marks))
                """, [.integer(id)] + holders.map { .text($0) }
            ).flatMap(Self.stored)
        }
    }

    /// Per rule, over pushes made in [from, to): how many, how many opened, and how many were
    /// followed by a case of the pushed item for the same holder within 30 days.
    public func figures(from: Int64, to: Int64) async throws -> [PushRuleFigure] {
        try await database.read { db in
            try await db.query(
                """
                SELECT p.rule, COUNT(*) AS pushes, COUNT(p.opened_at) AS opened,
                    SUM(CASE WHEN EXISTS (
                        SELECT 1 FROM cases c WHERE c.applicant_key = p.holder AND 'item:' || c.item_code = p.target
                            AND c.created_at >= p.created_at AND c.created_at < p.created_at + 2592000
                    ) THEN 1 ELSE 0 END) AS applied
                FROM pushes p WHERE p.created_at >= ? AND p.created_at < ?
                GROUP BY p.rule ORDER BY p.rule
                """, [.integer(from), .integer(to)]
            ).map {
                PushRuleFigure(rule: try $0.string("rule"), pushes: try $0.int("pushes"), opened: try $0.int("opened"), applied: try $0.int("applied"))
            }
        }
    }

    static func stored(_ row: Row) throws -> StoredPush? {
        guard let stage = LifeStage(rawValue: try row.string("stage")) else { return nil }
        let target = try row.string("target")
        let parsed: PushTarget = target.hasPrefix("theme:") ? .theme(String(target.dropFirst(6))) : .item(ItemCode(rawValue: String(target.dropFirst(5))))
        let push = Push(key: try row.string("push_key"), rule: try row.string("rule"), stage: stage, holder: try row.string("holder"), target: parsed,
                        reason: try row.string("reason"), deadline: try row.optionalString("deadline").flatMap(CivilDate.init),
                        event: try row.string("event"), on: CivilDate(try row.string("pushed_on")) ?? CivilDate(dayNumber: 0))
        return StoredPush(id: try row.int64("id"), push: push, createdAt: try row.int64("created_at"), openedAt: try row.optionalInt64("opened_at"))
    }
}
