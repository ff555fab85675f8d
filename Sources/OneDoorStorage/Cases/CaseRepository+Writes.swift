import OneDoorCore

/// The writes of opening a case on SQLite and of a step on either database (kept apart from the
/// reads in `CaseRepository.swift`).
extension CaseRepository {
    /// ``open`` on SQLite, inside the caller's transaction: the counter, then everything else in
    /// one batch (one call on the writer instead of one per row).
    static func openInBatch(
        _ draft: CaseRecord, documents: (record: String, events: [String]), applicant: (sql: String, binds: [DatabaseValue]),
        events: [CaseEvent], actorID: Int64?, actor: AuditActor, at now: Int64, messages: [OutgoingMessage], policy: DispatchPolicy,
        holders: BaseRecordRepository.CaseWrites, _ db: any SQLExecutor
    ) async throws -> CaseRecord {
        let (document, eventDocuments, messagePolicy) = (documents.record, documents.events, policy)
        var record = draft
        record.number = try await Self.nextNumber(hall: draft.hall, receivedOn: draft.receivedOn, db)
        if let visit = draft.visit {
            // The ticket names its (first) case in the same transaction: a case is opened
            // from a ticket only while that ticket is being served at the case's window.
            guard try await db.queryFirst(
                """
                UPDATE tickets SET case_number = COALESCE(case_number, ?), updated_at = ?
                WHERE id = ? AND hall = ? AND state = 'serving' AND window_number = ? RETURNING seq
                """, [.text(record.number), .integer(now), .text(visit.ticket), .text(record.hall), .bind(record.window)]
            ) != nil else { throw TicketStoreError.conflict(number: visit.number) }
        }
        // Everything else in one batch: on SQLite one call on the writer instead of one per row.
        // What the applicant's record said before, if this intake changes it, is kept first.
        var batch: [(sql: String, binds: [DatabaseValue])] = [(
            """
            INSERT INTO applicant_history (key, document, replaced_at, case_number)
            SELECT key, document, ?, ? FROM applicants WHERE key = ? AND document <> ?
            """,
            [.integer(now), .text(record.number), .text(record.applicant.key), applicant.binds[3]]
        ), applicant]
        batch.append((
            """
            INSERT INTO cases (number, query_code, item_code, item_version, department, hall, applicant_key, state, revision,
                back_office, promised_deadline, legal_deadline, document, created_at, updated_at, trips, promised_days, promised_unit,
                paused_on, paused_days, channel, accepted_on, concluded_on, working_days, correction_notices, sent_back, paused_total,
                shared_hands, intake_staff, materials_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(record.number), .text(record.queryCode), .text(record.itemCode), .bind(record.itemVersion), .text(record.department),
             .text(record.hall), .text(record.applicant.key), .text(record.state.rawValue), .bind(record.revision),
             .bind(Self.backOffice(record)), .bind(record.promisedDeadline?.description), .bind(record.legalDeadline?.description),
             .text(document), .integer(now), .integer(now), .bind(record.trips), .bind(record.promisedLimit.days),
             .text(record.promisedLimit.unit.rawValue), .bind(record.specialProcedure?.startedOn.description),
             .bind(record.specialProcedure?.expectedDays)] + Self.figureBinds(record) + [.bind(events.first?.staffNumber), .bind(record.materials.count)]
        ))
        for (i, event) in events.enumerated() {
            batch.append(Self.eventInsert(number: record.number, seq: i + 1, at: event.at, document: eventDocuments[i], actorID: actorID))
        }
        batch.append(AuditRepository.insert(at: now, actor: actor, action: "case.\(events.last?.action ?? "open")", target: record.number.rawValue,
                                             detail: "\(record.itemName)（\(record.state.label)）"))
        for message in messages {
            batch.append(OutboxRepository.enqueueStatement(Self.numbered(message, record.number), at: now, policy: messagePolicy))
        }
        for statement in holders.statements { batch.append(BaseRecordRepository.insert(statement, caseNumber: record.number.rawValue)) }
        if let deposit = VaultRepository.insert(holders.deposits, caseNumber: record.number.rawValue, at: now) { batch.append(deposit) }
        try await db.executeBatch(batch)
        return record
    }

    /// The next number of `hall` on the day of `receivedOn`, from its counter row (held locked to
    /// the commit, so numbers are never given twice).
    static func nextNumber(hall: HallCode, receivedOn: CivilDate, _ db: any SQLExecutor) async throws -> CaseNumber {
        let day = counterDay(receivedOn)
        guard let counter = try await db.queryFirst(
            """
            INSERT INTO case_counters (hall, day, next) VALUES (?, ?, 1)
            ON CONFLICT (hall, day) DO UPDATE SET next = case_counters.next + 1
            RETURNING next
            """, [.text(hall), .text(day)]
        ) else { throw StorageError.database("case counter returned no row") }
        return number(hall: hall, day: day, sequence: try counter.int("next"))
    }

    /// Saves a transition made from revision `expectedRevision`: refused with `conflict` when the
    /// case changed in between, so of two concurrent deciders exactly one wins.
    /// `messages` go to the outbox in the same transaction, only when the update is stored;
    /// `also` writes what stands or falls with the step (the licence a conclusion issues).
    public func update(
        _ record: CaseRecord, expectedRevision: Int, event: CaseEvent, actorID: Int64?, actor: AuditActor, at now: Int64,
        messages: [OutgoingMessage] = [], also: (@Sendable (any SQLExecutor) async throws -> Void)? = nil
    ) async throws -> CaseRecord {
        var saved = record
        saved.revision = expectedRevision + 1
        var unnumbered = saved
        unnumbered.number = ""
        let document = CaseDocument.json(unnumbered)
        let eventDocument = CaseDocument.json(event)
        if database.dialect == .postgres && also == nil {
            return try await updateInOneStatement(saved, expectedRevision: expectedRevision, document: document, eventDocument: eventDocument,
                                                  event: event, actorID: actorID, actor: actor, at: now, messages: messages)
        }
        return try await database.write { db in
            try await Self.step(saved, expectedRevision: expectedRevision, document: document, eventDocument: eventDocument, event: event,
                                actorID: actorID, at: now, db, with: [
                                    AuditRepository.insert(at: now, actor: actor, action: "case.\(event.action)", target: saved.number.rawValue,
                                                           detail: event.step),
                                ] + messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: messagePolicy) })
            if let also { try await also(db) }
            return saved
        }
    }

    /// A step's own writes inside the caller's transaction: the case row from `expectedRevision`
    /// (refused with `conflict` when it moved, `notFound` when there is no such case), its history
    /// entry numbered in the insert itself — one round trip fewer, and the row's lock (held since
    /// the UPDATE) keeps the number unique — and `with`, in the same batch. A theme's steps on
    /// its children use it too.
    static func step(
        _ saved: CaseRecord, expectedRevision: Int, document: String, eventDocument: String, event: CaseEvent, actorID: Int64?, at now: Int64,
        _ db: any SQLExecutor, with statements: [(sql: String, binds: [DatabaseValue])] = []
    ) async throws {
        let updated = try await db.query(
            """
            UPDATE cases SET state = ?, revision = ?, back_office = ?, promised_deadline = ?, legal_deadline = ?, document = ?, updated_at = ?,
                trips = ?, paused_on = ?, paused_days = ?, channel = ?, accepted_on = ?, concluded_on = ?, working_days = ?,
                correction_notices = ?, sent_back = ?, paused_total = ?, shared_hands = ?
            WHERE number = ? AND revision = ?
            RETURNING number
            """,
            [.text(saved.state.rawValue), .bind(saved.revision), .bind(Self.backOffice(saved)),
             .bind(saved.promisedDeadline?.description), .bind(saved.legalDeadline?.description), .text(document),
             .integer(now), .bind(saved.trips), .bind(saved.specialProcedure?.startedOn.description), .bind(saved.specialProcedure?.expectedDays)]
                + Self.figureBinds(saved) + [.text(saved.number), .bind(expectedRevision)]
        )
        if updated.isEmpty {
            if try await db.queryFirst("SELECT number FROM cases WHERE number = ?", [.text(saved.number)]) == nil {
                throw CaseStoreError.notFound(saved.number)
            }
            throw CaseStoreError.conflict(number: saved.number)
        }
        try await db.executeBatch([
            (
                """
                INSERT INTO case_events (case_number, seq, at, actor_id, document)
                SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM case_events WHERE case_number = ?
                """,
                [.text(saved.number), .integer(event.at), .bind(actorID), .text(eventDocument), .text(saved.number)]
            ),
        ] + statements)
    }
}

extension CaseRepository {
    /// The columns case statistics group and count (migration 41), in their order:
    /// channel, accepted_on, concluded_on, working_days, correction_notices, sent_back, paused_total,
    /// shared_hands (migration 47).
    static func figureBinds(_ record: CaseRecord) -> [DatabaseValue] {
        [.text(record.channel.rawValue), .bind(record.acceptedOn?.description), .bind(record.concludedOn?.description),
         .bind(record.workingDaysTaken), .bind(record.correctionNotices), .bind(record.sentBackToIntake), .bind(record.pausedDays),
         .integer(record.stepsShareHands ? 1 : 0)]
    }
}
