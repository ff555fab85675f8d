import OneDoorCore

/// PostgreSQL's form of a case's writes: each one statement of data-modifying CTEs, run as its
/// own transaction where it can be (ADR 0019). SQLite, with one writer and no round trips,
/// keeps the statement-by-statement form in CaseRepository.swift.
extension CaseRepository {
    /// ``open`` on PostgreSQL: the counter, the applicant and its history, the case, its first
    /// history entries, the audit entry and the ticket's case number in one statement of
    /// data-modifying CTEs. The hall's counter row is locked from this statement to the commit
    /// right after it, not across seven round trips as before: intakes at one hall queue on
    /// that row, so how long it is held bounds the hall's intake rate (issue 14 §3).
    static func openInOneStatement(
        _ draft: CaseRecord, documents: (record: String, events: [String]), applicant: (sql: String, binds: [DatabaseValue]),
        events: [CaseEvent], actorID: Int64?, actor: AuditActor, at now: Int64, messages: [OutgoingMessage], policy: DispatchPolicy,
        holders: BaseRecordRepository.CaseWrites, _ db: any SQLExecutor
    ) async throws -> CaseRecord {
        let day = counterDay(draft.receivedOn)
        var binds: [DatabaseValue] = [.text(draft.hall), .text(day), .text(draft.hall + "-" + day + "-")]
        // The number as `number(hall:day:sequence:)` writes it: five digits, more when needed.
        var sql = """
            WITH counter AS (
                INSERT INTO case_counters (hall, day, next) VALUES (?, ?, 1)
                ON CONFLICT (hall, day) DO UPDATE SET next = case_counters.next + 1
                RETURNING ?::text || CASE WHEN next < 100000 THEN lpad(next::text, 5, '0') ELSE next::text END AS number
            ),
            history AS (
                INSERT INTO applicant_history (key, document, replaced_at, case_number)
                SELECT a.key, a.document, ?::bigint, counter.number FROM applicants a, counter WHERE a.key = ?::text AND a.document <> ?::text
            ),
            person AS (
                INSERT INTO applicants (key, kind, name, document, created_at, updated_at) VALUES (?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint)
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, document = excluded.document, updated_at = excluded.updated_at
            ),
            kase AS (
                INSERT INTO cases (number, query_code, item_code, item_version, department, hall, applicant_key, state, revision,
                    back_office, promised_deadline, legal_deadline, document, created_at, updated_at, trips, promised_days, promised_unit,
                    paused_on, paused_days, channel, accepted_on, concluded_on, working_days, correction_notices, sent_back, paused_total, shared_hands,
                    intake_staff, materials_count)
                SELECT counter.number, ?::text, ?::text, ?::bigint, ?::text, ?::text, ?::text, ?::text, ?::bigint,
                    ?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::text, ?::text, ?::bigint,
                    ?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::text, ?::bigint FROM counter
            ),
            audit AS (
                INSERT INTO audit_log (at, actor_id, actor, action, target, detail, client)
                SELECT ?::bigint, ?::bigint, ?::text, ?::text, counter.number, ?::text, ?::text FROM counter
            )
            """
        binds += [.integer(now), .text(draft.applicant.key), applicant.binds[3]]
        binds += applicant.binds
        binds += [.text(draft.queryCode), .text(draft.itemCode), .bind(draft.itemVersion), .text(draft.department), .text(draft.hall),
                  .text(draft.applicant.key), .text(draft.state.rawValue), .bind(draft.revision), .bind(backOffice(draft)),
                  .bind(draft.promisedDeadline?.description), .bind(draft.legalDeadline?.description), .text(documents.record),
                  .integer(now), .integer(now), .bind(draft.trips), .bind(draft.promisedLimit.days), .text(draft.promisedLimit.unit.rawValue),
                  .bind(draft.specialProcedure?.startedOn.description), .bind(draft.specialProcedure?.expectedDays)]
        binds += Self.figureBinds(draft) + [.bind(events.first?.staffNumber), .bind(draft.materials.count)]
        binds += [.integer(now), .bind(actor.accountID), .text(actor.name), .text("case.\(events.last?.action ?? "open")"),
                  .text("\(draft.itemName)（\(draft.state.label)）"), .text(actor.client)]
        if !events.isEmpty {
            sql += """
                ,
                history_entries AS (
                    INSERT INTO case_events (case_number, seq, at, actor_id, document)
                    SELECT counter.number, v.seq, v.at, v.actor_id, v.document FROM counter, (VALUES
                """
            sql += events.indices.map { _ in "(?::bigint, ?::bigint, ?::bigint, ?::text)" }.joined(separator: ", ")
            sql += ") AS v (seq, at, actor_id, document))"
            for (i, event) in events.enumerated() {
                binds += [.bind(i + 1), .integer(event.at), .bind(actorID), .text(documents.events[i])]
            }
        }
        // The applicant's messages (ADR 0022), the number made above put in for the placeholder.
        for (i, message) in messages.enumerated() {
            sql += """
                ,
                message_\(i) AS (
                    INSERT INTO outbox (message_key, channel, recipient, template, subject, body, urgent, state, attempts, not_before, created_at, about)
                    SELECT replace(?::text, ?::text, counter.number), ?::text, ?::text, ?::text, replace(?::text, ?::text, counter.number),
                        replace(?::text, ?::text, counter.number), ?::bigint, 'queued', 0, ?::bigint, ?::bigint, ?::text FROM counter
                    ON CONFLICT (message_key) DO NOTHING
                )
                """
            let placeholder = DatabaseValue.text(CaseMessages.numberPlaceholder)
            binds += [.text(message.key), placeholder, .text(message.channel.rawValue), .text(message.recipient), .text(message.template),
                      .text(message.subject), placeholder, .text(message.body), placeholder, .bind(message.urgent),
                      .integer(policy.earliestSend(at: max(now, message.notBefore ?? now), urgent: message.urgent)), .integer(now), .bind(message.about)]
        }
        // What the case said about its applicant and agent, and what it put in their vault.
        for (i, statement) in holders.statements.enumerated() {
            sql += """
                ,
                statement_\(i) AS (
                    INSERT INTO record_statements (holder, kind, source, at, case_number, document)
                    SELECT ?::text, ?::text, ?::text, ?::bigint, counter.number, ?::text FROM counter
                )
                """
            binds += [.text(statement.holder), .text(statement.kind), .text(statement.source.rawValue), .integer(statement.at), .text(statement.document)]
        }
        if !holders.deposits.isEmpty {
            sql += """
                ,
                deposits AS (
                    INSERT INTO vault_materials (holder, type_code, title, grade, source, received_on, valid_until, case_number, material_index, created_at)
                    SELECT v.holder, v.type_code, v.title, v.grade, v.source, v.received_on, v.valid_until, counter.number, v.material_index, v.created_at
                    FROM counter, (VALUES
                """
            sql += holders.deposits.map { _ in "(?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint)" }.joined(separator: ", ")
            sql += ") AS v (holder, type_code, title, grade, source, received_on, valid_until, material_index, created_at))"
            for entry in holders.deposits {
                binds += [.text(entry.holder), .text(entry.type), .text(entry.title), .text(entry.grade.rawValue), .text(entry.source.rawValue),
                          .text(entry.receivedOn.description), .bind(entry.validUntil?.description), .bind(entry.materialIndex), .integer(now)]
            }
        }
        if let visit = draft.visit {
            // The ticket names its (first) case: only while it is being served at the case's window.
            sql += """
                ,
                visit AS (
                    UPDATE tickets SET case_number = COALESCE(case_number, (SELECT number FROM counter)), updated_at = ?::bigint
                    WHERE id = ?::text AND hall = ?::text AND state = 'serving' AND window_number = ?::text RETURNING seq
                )
                SELECT number, (SELECT count(*) FROM visit) AS visited FROM counter
                """
            binds += [.integer(now), .text(visit.ticket), .text(draft.hall), .bind(draft.window)]
        } else {
            sql += "\nSELECT number, 1 AS visited FROM counter"
        }
        guard let row = try await db.queryFirst(sql, binds) else { throw StorageError.database("case counter returned no row") }
        // Rolled back with the whole transaction: nothing of the case is stored.
        if try row.int("visited") == 0, let visit = draft.visit { throw TicketStoreError.conflict(number: visit.number) }
        var record = draft
        record.number = try row.code("number")
        return record
    }

    /// ``update`` on PostgreSQL: the conditional update, the history entry (numbered in the
    /// insert) and the audit entry as one statement, its own transaction — one round trip
    /// instead of five. The inserts read the updated row, so a stale revision inserts nothing.
    func updateInOneStatement(
        _ saved: CaseRecord, expectedRevision: Int, document: String, eventDocument: String, event: CaseEvent, actorID: Int64?,
        actor: AuditActor, at now: Int64, messages: [OutgoingMessage]
    ) async throws -> CaseRecord {
        // The applicant's messages (ADR 0022): written only when the update is.
        var messageSQL = "", messageBinds: [DatabaseValue] = []
        for (i, message) in messages.enumerated() {
            messageSQL += """
                ,
                message_\(i) AS (
                    INSERT INTO outbox (message_key, channel, recipient, template, subject, body, urgent, state, attempts, not_before, created_at, about)
                    SELECT ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint, 'queued', 0, ?::bigint, ?::bigint, ?::text FROM changed
                    ON CONFLICT (message_key) DO NOTHING
                )
                """
            messageBinds += [.text(message.key), .text(message.channel.rawValue), .text(message.recipient), .text(message.template),
                             .text(message.subject), .text(message.body), .bind(message.urgent),
                             .integer(messagePolicy.earliestSend(at: max(now, message.notBefore ?? now), urgent: message.urgent)), .integer(now),
                             .bind(message.about)]
        }
        let updated = try await database.writeStatement { db in
            try await db.queryFirst(
                """
                WITH changed AS (
                    UPDATE cases SET state = ?::text, revision = ?::bigint, back_office = ?::text, promised_deadline = ?::text,
                        legal_deadline = ?::text, document = ?::text, updated_at = ?::bigint, trips = ?::bigint, paused_on = ?::text,
                        paused_days = ?::bigint, channel = ?::text, accepted_on = ?::text, concluded_on = ?::text, working_days = ?::bigint,
                        correction_notices = ?::bigint, sent_back = ?::bigint, paused_total = ?::bigint, shared_hands = ?::bigint
                    WHERE number = ?::text AND revision = ?::bigint
                    RETURNING number
                ),
                entry AS (
                    INSERT INTO case_events (case_number, seq, at, actor_id, document)
                    SELECT changed.number, COALESCE((SELECT MAX(seq) FROM case_events WHERE case_number = changed.number), 0) + 1,
                        ?::bigint, ?::bigint, ?::text
                    FROM changed
                ),
                audit AS (
                    INSERT INTO audit_log (at, actor_id, actor, action, target, detail, client)
                    SELECT ?::bigint, ?::bigint, ?::text, ?::text, changed.number, ?::text, ?::text FROM changed
                )\(messageSQL)
                SELECT COUNT(*) AS n FROM changed
                """,
                [.text(saved.state.rawValue), .bind(saved.revision), .bind(Self.backOffice(saved)), .bind(saved.promisedDeadline?.description),
                 .bind(saved.legalDeadline?.description), .text(document), .integer(now), .bind(saved.trips),
                 .bind(saved.specialProcedure?.startedOn.description), .bind(saved.specialProcedure?.expectedDays)] + Self.figureBinds(saved) + [.text(saved.number),
                 .bind(expectedRevision),
                 .integer(event.at), .bind(actorID), .text(eventDocument),
                 .integer(now), .bind(actor.accountID), .text(actor.name), .text("case.\(event.action)"), .text(event.step), .text(actor.client)]
                    + messageBinds
            )?.int("n") ?? 0
        }
        if updated == 0 {
            if try await find(saved.number) == nil { throw CaseStoreError.notFound(saved.number) }
            throw CaseStoreError.conflict(number: saved.number)
        }
        return saved
    }
}
