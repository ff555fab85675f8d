import OneDoorCore
import OneDoorStorage

/// 统一收费 (issue 17 §2): fees of a theme's children recorded at the window, and read with it.
extension CaseService {
    /// Records a fee paid for one child of `theme` (clerks), checked against its item's guide.
    public func recordFee(theme number: CaseNumber, _ input: FeeInput, by identity: Identity, client: String) async throws -> FeeRecord {
        guard identity.role == .clerk else { throw CaseRuleError.forbidden("收费由综合窗口登记") }
        guard let (theme, children) = try await themeCases.find(number) else { throw CaseStoreError.notFound(number) }
        guard let child = children.first(where: { $0.number == input.caseNumber }) else {
            throw ValidationFailed([ValidationProblem(path: "caseNumber", reason: "办件 \(input.caseNumber) 不属于一件事 \(theme.number)")])
        }
        let problems = CaseFees.problems(input, record: child, fee: catalog.snapshot.itemsByCode[child.itemCode]?.guide.fee ?? .free)
        if !problems.isEmpty { throw ValidationFailed(problems) }
        let fee = FeeRecord(id: 0, caseNumber: child.number, themeNumber: theme.number, amountFen: CaseFees.fen(input.amount) ?? 0,
                            payer: input.payer.trimmingWhitespace(), channel: input.channel, receipt: input.receipt.trimmingWhitespace(),
                            paidOn: calendar.today, recordedBy: identity.account.displayName, createdAt: clock.now())
        return try await FeeRepository(database: repository.database).record(fee, actor: identity.actor(client: client))
    }

    /// The fees recorded for a theme's children (read with the theme case, by the same people).
    public func fees(theme number: CaseNumber, by identity: Identity) async throws -> [FeeRecord] {
        guard let (theme, _) = try await themeCases.find(number) else { throw CaseStoreError.notFound(number) }
        try Self.authoriseThemeView(theme, identity: identity)
        return try await FeeRepository(database: repository.database).fees(theme: number)
    }

    /// The fees paid from `from` to `to` by month, department and channel, for supervisors (统一收费
    /// reported; administrators do not read case data). At most a year and a day at a time.
    public func feeFigures(from: CivilDate, to: CivilDate, by identity: Identity) async throws -> [FeeFigure] {
        try identity.require(.readAuditLog)
        guard from <= to, to.dayNumber - from.dayNumber <= 366 else {
            throw ValidationFailed([ValidationProblem(path: "to", reason: "统计区间应在一年以内，且结束日不早于开始日")])
        }
        return try await FeeRepository(database: repository.database).figures(from: from, to: to)
    }
}
