/// Where a fee was paid.
public enum FeeChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case window, online

    public var label: String {
        switch self {
        case .window: "窗口缴纳"
        case .online: "网上缴纳"
        }
    }
}

/// A fee paid for one case (统一收费, issue 17 §2): recorded at the window with its receipt; no
/// payment gateway, but what was paid, by whom, how and on which receipt is kept and reported.
public struct FeeRecord: Sendable, Hashable {
    public var id: Int64
    public var caseNumber: CaseNumber
    public var themeNumber: CaseNumber?
    /// In fen (分): money is never a floating-point number.
    public var amountFen: Int
    public var payer: String
    public var channel: FeeChannel
    public var receipt: String
    public var paidOn: CivilDate
    public var recordedBy: String
    public var createdAt: Int64

    public init(id: Int64, caseNumber: CaseNumber, themeNumber: CaseNumber?, amountFen: Int, payer: String, channel: FeeChannel, receipt: String,
                paidOn: CivilDate, recordedBy: String, createdAt: Int64) {
        self.id = id
        self.caseNumber = caseNumber
        self.themeNumber = themeNumber
        self.amountFen = amountFen
        self.payer = payer
        self.channel = channel
        self.receipt = receipt
        self.paidOn = paidOn
        self.recordedBy = recordedBy
        self.createdAt = createdAt
    }
}

/// A fee as the clerk enters it: the amount in yuan as written ("80", "80.50").
public struct FeeInput: Sendable, Hashable {
    public var caseNumber: CaseNumber
    public var amount: String
    public var payer: String
    public var channel: FeeChannel
    public var receipt: String

    public init(caseNumber: CaseNumber, amount: String, payer: String, channel: FeeChannel, receipt: String) {
        self.caseNumber = caseNumber
        self.amount = amount
        self.payer = payer
        self.channel = channel
        self.receipt = receipt
    }
}

public enum CaseFees {
    /// "80" → 8000, "80.5" → 8050, "0.01" → 1; nil for anything else (a sign, more than two
    /// decimals, more than 10 million yuan).
    public static func fen(_ text: String) -> Int? {
        let parts = text.trimmingWhitespace().split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 8,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let yuan = Int(whole) else { return nil }
        var cents = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard (1...2).contains(decimals.count), decimals.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(decimals) else { return nil }
            cents = decimals.count == 1 ? value * 10 : value
        }
        return yuan * 100 + cents
    }

    /// "80.00 元".
    public static func yuan(_ fen: Int) -> String {
        let cents = fen % 100
        return "\(fen / 100).\(cents < 10 ? "0" : "")\(cents) 元"
    }

    /// Every problem of a fee for `record` under its item's `fee`, by field: an item that charges
    /// nothing, a case that ended without a decision, an amount that is not money or not one the
    /// standard fixes.
    public static func problems(_ input: FeeInput, record: CaseRecord, fee: Fee) -> [ValidationProblem] {
        var c = ProblemCollector()
        if !fee.charged { c.add("caseNumber", "“\(record.itemName)”不收费") }
        if [.notAccepted, .withdrawn].contains(record.state) { c.add("caseNumber", "办件已\(record.state.label)，不能收费") }
        if let fen = fen(input.amount) {
            if fen == 0 {
                c.add("amount", "金额应大于 0")
            } else if let amounts = fee.amounts, !amounts.isEmpty, !amounts.contains(where: { $0.fen == fen }) {
                c.add("amount", "收费标准为" + amounts.map { "\($0.label) \(yuan($0.fen))" }.joined(separator: "、") + "，请核对金额")
            }
        } else {
            c.add("amount", "金额应为元，最多两位小数，如 80 或 80.50")
        }
        c.requireText("payer", input.payer, label: "缴款人", maxLength: 100)
        c.requireText("receipt", input.receipt, label: "票据号", maxLength: 40)
        return c.problems
    }
}

/// Fees paid in one month to one department by one channel (统一收费 reported, issue 17 §2).
public struct FeeFigure: Sendable, Hashable {
    /// "2026-09".
    public var month: String
    public var department: DepartmentCode
    public var channel: FeeChannel
    public var fees: Int
    public var totalFen: Int

    public init(month: String, department: DepartmentCode, channel: FeeChannel, fees: Int, totalFen: Int) {
        self.month = month
        self.department = department
        self.channel = channel
        self.fees = fees
        self.totalFen = totalFen
    }
}
