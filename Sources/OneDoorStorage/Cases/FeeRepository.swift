import OneDoorCore

/// 统一收费: fees paid for cases (migration 37).
public struct FeeRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Records a fee with its audit entry in one transaction; the same receipt twice for one case
    /// is refused (409), never counted twice.
    public func record(_ fee: FeeRecord, actor: AuditActor) async throws -> FeeRecord {
        try await database.write { db in
            let inserted = try await db.query(
                """
                INSERT INTO case_fees (case_number, theme_number, amount_fen, payer, channel, receipt, paid_on, recorded_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_number, receipt) DO NOTHING RETURNING id
                """,
                [.text(fee.caseNumber), .bind(fee.themeNumber?.rawValue), .bind(fee.amountFen), .text(fee.payer), .text(fee.channel.rawValue),
                 .text(fee.receipt), .text(fee.paidOn.description), .text(fee.recordedBy), .integer(fee.createdAt)])
            guard let row = inserted.first else { throw CaseRuleError.notAllowed("票据号“\(fee.receipt)”已为该办件登记过") }
            try await db.executeBatch([AuditRepository.insert(at: fee.createdAt, actor: actor, action: "case.fee", target: fee.caseNumber.rawValue,
                                                              detail: "\(CaseFees.yuan(fee.amountFen))，票据 \(fee.receipt)")])
            var saved = fee
            saved.id = try row.int64("id")
            return saved
        }
    }

    /// The fees of a theme case's children, in the order recorded.
    public func fees(theme number: CaseNumber) async throws -> [FeeRecord] {
        try await database.read { db in
            try await db.query(
                """
                SELECT id, case_number, theme_number, amount_fen, payer, channel, receipt, paid_on, recorded_by, created_at
                FROM case_fees WHERE theme_number = ? ORDER BY id
                """, [.text(number)]
            ).map(Self.fee)
        }
    }

    /// The fees paid from `from` to `to` (inclusive) by month, the case's department and channel
    /// (index `case_fees_paid`, then the cases' primary key).
    public func figures(from: CivilDate, to: CivilDate) async throws -> [FeeFigure] {
        try await database.read { db in
            try await db.query(
                """
                SELECT substr(f.paid_on, 1, 7) AS month, c.department AS department, f.channel AS channel, COUNT(*) AS fees,
                       SUM(f.amount_fen) AS total
                FROM case_fees f JOIN cases c ON c.number = f.case_number
                WHERE f.paid_on >= ? AND f.paid_on <= ?
                GROUP BY substr(f.paid_on, 1, 7), c.department, f.channel
                ORDER BY month, department, channel
                """, [.text(from.description), .text(to.description)]
            ).map { row in
                FeeFigure(month: try row.string("month"), department: try row.code("department"),
                          channel: FeeChannel(rawValue: try row.string("channel")) ?? .window, fees: try row.int("fees"), totalFen: try row.int("total"))
            }
        }
    }

    static func fee(_ row: Row) throws -> FeeRecord {
        FeeRecord(id: try row.int64("id"), caseNumber: try row.code("case_number"), themeNumber: try row.optionalCode("theme_number"),
                  amountFen: try row.int("amount_fen"), payer: try row.string("payer"),
                  channel: FeeChannel(rawValue: try row.string("channel")) ?? .window, receipt: try row.string("receipt"),
                  paidOn: CivilDate(try row.string("paid_on")) ?? CivilDate(dayNumber: 0), recordedBy: try row.string("recorded_by"),
                  createdAt: try row.int64("created_at"))
    }
}
