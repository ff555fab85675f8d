/// What the clerk recorded for one material of the checklist at the counter.
public struct CaseMaterial: Sendable, Hashable, Codable {
    /// The material's name in the item version's checklist.
    public var name: String
    public var necessity: MaterialNecessity
    public var received: Bool
    /// Original (原件) or copy (复印件).
    public var original: Bool
    /// Electronic (电子) or paper (纸质).
    public var electronic: Bool
    public var pages: Int
    /// 容缺后补: accepted missing, to be handed in by this date.
    public var dueDate: CivilDate?
    /// What is wrong with it, for the correction notice (补齐补正告知书); empty when fine.
    public var defect: String
    /// The day it was handed in (at intake, on 补正 or as a 容缺 material later); the 受理通知书
    /// shows what was received when.
    public var receivedOn: CivilDate?
    /// Given by reference to what the applicant already had (已有，免提交): what, of which grade.
    public var reused: String?

    public init(name: String, necessity: MaterialNecessity, received: Bool, original: Bool = true, electronic: Bool = false,
                pages: Int = 0, dueDate: CivilDate? = nil, defect: String = "", reused: String? = nil) {
        self.reused = reused
        self.name = name
        self.necessity = necessity
        self.received = received
        self.original = original
        self.electronic = electronic
        self.pages = pages
        self.dueDate = dueDate
        self.defect = defect
    }

    /// "原件 纸质 3 页" as notices list it.
    public var receivedPhrase: String {
        guard received else { return dueDate.map { "容缺，\($0.chinese)前补交" } ?? "未收" }
        if let reused { return reused }
        return "\(original ? "原件" : "复印件") \(electronic ? "电子" : "纸质")" + (pages > 0 ? " \(pages) 页" : "")
    }
}

/// A running 特别程序: the clock is stopped from the day after it started.
public struct SpecialProcedure: Sendable, Hashable, Codable {
    public var kind: SpecialProcedureKind
    public var reason: String
    public var startedOn: CivilDate
    /// How long it is expected to take, as told to the applicant in writing (§45).
    public var expectedDays: Int

    public init(kind: SpecialProcedureKind, reason: String, startedOn: CivilDate, expectedDays: Int) {
        self.kind = kind
        self.reason = reason
        self.startedOn = startedOn
        self.expectedDays = expectedDays
    }
}

/// How a case came in (case statistics by channel).
public enum CaseChannel: String, Sendable, Hashable, Codable, CaseIterable {
    /// At a window (一窗受理).
    case window
    /// 网上申报.
    case online
    /// A child of a theme (一件事).
    case theme

    public var label: String {
        switch self {
        case .window: "窗口"
        case .online: "网上"
        case .theme: "一件事"
        }
    }
}

/// The decision (决定).
public struct Decision: Sendable, Hashable, Codable {
    /// 准予 (true) or 不予 (false).
    public var granted: Bool
    public var reason: String
    public var decidedOn: CivilDate

    public init(granted: Bool, reason: String, decidedOn: CivilDate) {
        self.granted = granted
        self.reason = reason
        self.decidedOn = decidedOn
    }
}

/// How and when the result was handed over (送达).
public struct Delivery: Sendable, Hashable, Codable {
    public var method: DeliveryMethod
    public var trackingNumber: String?
    public var deliveredOn: CivilDate
}

/// A child case's place in its theme case (issue 17 §2).
public struct CaseThemeLink: Sendable, Hashable, Codable {
    /// The theme case (主件).
    public var number: CaseNumber
    public var code: String
    /// The items of the same theme case that must conclude (准予) before this one starts.
    public var waitsFor: [ItemCode]
    /// 统一出件: the applicant collects everything at once, so this child's own "ready" message
    /// is not sent; the theme's is, when the last child concludes.
    public var together: Bool?

    public init(number: CaseNumber, code: String, waitsFor: [ItemCode], together: Bool? = nil) {
        self.number = number
        self.code = code
        self.waitsFor = waitsFor
        self.together = together
    }
}

/// A case (办件): the application of one applicant for one item version, and where it stands.
public struct CaseRecord: Sendable, Hashable, Codable {
    /// Printed on every notice (ADR 0008): hall, date of receipt, daily sequence.
    public var number: CaseNumber
    /// Six random digits the applicant uses to look up progress.
    public var queryCode: String
    public var itemCode: ItemCode
    /// The item version in force at intake: its checklist and limits govern the case.
    public var itemVersion: Int
    public var itemName: String
    public var caseKind: CaseKind
    /// The deciding department.
    public var department: DepartmentCode
    /// Where it was received.
    public var hall: HallCode
    public var window: WindowNumber?
    public var applicant: Applicant
    public var agent: Person?
    public var state: CaseState
    /// Incremented by every change: two approvers acting at once cannot both win.
    public var revision: Int
    public var receivedOn: CivilDate
    public var acceptedOn: CivilDate?
    public var legalLimit: TimeLimit
    public var promisedLimit: TimeLimit
    /// Days added to the legal limit by an approved extension (延期, §42).
    public var extensionDays: Int
    /// Days (in the limit's unit) excluded by finished special procedures.
    public var pausedDays: Int
    public var specialProcedure: SpecialProcedure?
    public var legalDeadline: CivilDate?
    public var promisedDeadline: CivilDate?
    public var materials: [CaseMaterial]
    public var decision: Decision?
    public var delivery: Delivery?
    /// The reason for 不予受理, and where the applicant should go instead.
    public var refusal: String?
    public var referral: String?
    /// Copied from the item version at intake: its chief representative may decide alone.
    public var chiefDecides: Bool?
    /// The queue ticket it was opened from at the window, with the holder's waiting time.
    public var visit: CaseVisit?
    /// Who undertook (承办) and who reviewed (审核) it, by account: the three steps of a case are
    /// taken by different people unless its chief representative decides alone.
    public var undertakenBy: Int64?
    public var reviewedBy: Int64?
    /// Who decided (决定), by account; nil for cases decided before it was kept.
    public var decidedBy: Int64?
    /// The online application it came from (网上申报), if it did not start at a window.
    public var application: String?
    /// How the applicant asked for the result (online applications).
    public var deliveryChoice: DeliveryChoice?
    /// The applicant's visits for it (跑动次数): the window intake, each material brought to a
    /// window, pick-up. Nil for cases stored before trips were counted.
    public var trips: Int?
    /// The theme case (一件事) it is a child of, and the theme's items it waits for.
    public var theme: CaseThemeLink?
    /// 办结: the day, and the working days it took from acceptance (special procedures excluded;
    /// 0 for a 即办件) — what case statistics average (issue 18 §5). Nil before, and for cases
    /// concluded before these were kept.
    public var concludedOn: CivilDate?
    public var workingDaysTaken: Int?
    /// 一次性告知 notices issued at intake (补齐补正), and sends back to 受理 from the back office:
    /// the window's performance figures (issue 18 §4).
    public var correctionNotices: Int?
    public var sentBackToIntake: Int?

    /// How it came in, as statistics group it.
    public var channel: CaseChannel { theme != nil ? .theme : application != nil ? .online : .window }

    /// The 容缺 materials still outstanding: accepted missing, to be handed in by their due date.
    public var outstandingMaterials: [CaseMaterial] { materials.filter { !$0.received && $0.dueDate != nil } }

    /// Whether `actor` may decide now, straight after acceptance, as the chief representative.
    public func chiefMayDecide(_ actor: CaseActor) -> Bool {
        state == .accepted && (chiefDecides ?? false) && actor.isChiefRepresentative && actor.department == department
    }

    public init(
        number: CaseNumber, queryCode: String, itemCode: ItemCode, itemVersion: Int, itemName: String, caseKind: CaseKind,
        department: DepartmentCode, hall: HallCode, window: WindowNumber?, applicant: Applicant, agent: Person?, state: CaseState,
        receivedOn: CivilDate, legalLimit: TimeLimit, promisedLimit: TimeLimit, materials: [CaseMaterial]
    ) {
        self.number = number
        self.queryCode = queryCode
        self.itemCode = itemCode
        self.itemVersion = itemVersion
        self.itemName = itemName
        self.caseKind = caseKind
        self.department = department
        self.hall = hall
        self.window = window
        self.applicant = applicant
        self.agent = agent
        self.state = state
        self.revision = 1
        self.receivedOn = receivedOn
        self.legalLimit = legalLimit
        self.promisedLimit = promisedLimit
        self.extensionDays = 0
        self.pausedDays = 0
        self.materials = materials
    }
}

/// One step of a case's history (append-only): who did what, when, with which opinion.
public struct CaseEvent: Sendable, Hashable, Codable {
    public var action: String
    /// The step's name as notices and the progress page show it ("受理", "审核"…).
    public var step: String
    public var fromState: CaseState?
    public var toState: CaseState
    public var at: Int64
    public var actorName: String
    /// Shown to applicants instead of the name.
    public var staffNumber: String
    public var role: String
    public var opinion: String
    public var attachments: [String]
    /// How the step changed the materials ("经营场所平面图：未收 → 原件 纸质 2 页"): a material's
    /// record is never changed without a trace.
    public var materialChanges: [String]?

    public init(action: String, step: String, fromState: CaseState?, toState: CaseState, at: Int64, actor: CaseActor,
                opinion: String, attachments: [String] = [], materialChanges: [String]? = nil) {
        self.action = action
        self.step = step
        self.fromState = fromState
        self.toState = toState
        self.at = at
        self.actorName = actor.name
        self.staffNumber = actor.staffNumber
        self.role = actor.role.rawValue
        self.opinion = opinion
        self.attachments = attachments
        self.materialChanges = materialChanges
    }
}

/// The staff member acting on a case, as the lifecycle needs to know them.
public struct CaseActor: Sendable, Hashable {
    public var accountID: Int64?
    public var name: String
    public var staffNumber: String
    public var role: Role
    public var hall: HallCode?
    public var department: DepartmentCode?
    public var isChiefRepresentative: Bool

    public init(accountID: Int64?, name: String, staffNumber: String, role: Role, hall: HallCode? = nil,
                department: DepartmentCode? = nil, isChiefRepresentative: Bool = false) {
        self.accountID = accountID
        self.name = name
        self.staffNumber = staffNumber
        self.role = role
        self.hall = hall
        self.department = department
        self.isChiefRepresentative = isChiefRepresentative
    }

    public init(_ account: StaffAccount) {
        self.init(accountID: account.id, name: account.displayName, staffNumber: account.staffNumber, role: account.role,
                  hall: account.hall, department: account.department, isChiefRepresentative: account.isChiefRepresentative)
    }
}

extension CaseRecord {
    /// 职责分离 broken: one person took two of 承办, 审核 and 决定 (issue 18 §3). The rules refuse it
    /// at every step unless the item's chief representative decides alone (then there is one step
    /// only); 电子监察 counts it from the records all the same, for cases that came from elsewhere
    /// (`importCases`) or from before the rule.
    public var stepsShareHands: Bool {
        let hands = [undertakenBy, reviewedBy, decidedBy].compactMap { $0 }
        return Set(hands).count < hands.count
    }
}
