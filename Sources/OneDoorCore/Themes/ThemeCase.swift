/// How the applicant collects the results of a theme case.
public enum ThemePickUp: String, Sendable, Hashable, Codable, CaseIterable {
    /// 统一出件: everything once, when the last child concludes.
    case together
    /// Each result as its child concludes.
    case each

    public var label: String {
        switch self {
        case .together: "全部办结后一次领取"
        case .each: "逐项办结逐项领取"
        }
    }
}

/// One child of a theme case: which item, which case, what it waits for.
public struct ThemeChild: Sendable, Hashable, Codable {
    public var item: ItemCode
    public var itemName: String
    public var department: DepartmentCode
    /// The child case's number (assigned with the theme case's, in one transaction).
    public var number: CaseNumber
    public var after: [ItemCode]

    public init(item: ItemCode, itemName: String, department: DepartmentCode, number: CaseNumber, after: [ItemCode]) {
        self.item = item
        self.itemName = itemName
        self.department = department
        self.number = number
        self.after = after
    }
}

/// 主件 (issue 17 §2): one acceptance of a theme for one applicant, and the child cases it made —
/// one per selected item, each to its department with its own limits. Its own state says only
/// what the children cannot: that the applicant collected everything, or withdrew the theme.
public struct ThemeCase: Sendable, Hashable, Codable {
    public var number: CaseNumber
    /// One code for the theme and every child: the applicant looks any of them up with it.
    public var queryCode: String
    public var themeCode: String
    public var themeVersion: Int
    public var themeName: String
    public var leadDepartment: DepartmentCode
    public var hall: HallCode
    public var window: WindowNumber?
    public var applicant: Applicant
    public var agent: Person?
    /// The answers that selected the items.
    public var answers: [String: String]
    public var receivedOn: CivilDate
    /// The theme's promised working days and the day they end.
    public var promisedDays: Int
    public var promisedDeadline: CivilDate?
    public var children: [ThemeChild]
    public var pickUp: ThemePickUp
    public var state: ThemeCaseState
    public var revision: Int
    /// While the theme waits for 补齐补正 at the window: the one notice's lines (nil once accepted).
    public var correction: [String]?

    public init(number: CaseNumber, queryCode: String, themeCode: String, themeVersion: Int, themeName: String, leadDepartment: DepartmentCode,
                hall: HallCode, window: WindowNumber?, applicant: Applicant, agent: Person?, answers: [String: String], receivedOn: CivilDate,
                promisedDays: Int, promisedDeadline: CivilDate?, children: [ThemeChild], pickUp: ThemePickUp) {
        self.number = number
        self.queryCode = queryCode
        self.themeCode = themeCode
        self.themeVersion = themeVersion
        self.themeName = themeName
        self.leadDepartment = leadDepartment
        self.hall = hall
        self.window = window
        self.applicant = applicant
        self.agent = agent
        self.answers = answers
        self.receivedOn = receivedOn
        self.promisedDays = promisedDays
        self.promisedDeadline = promisedDeadline
        self.children = children
        self.pickUp = pickUp
        self.state = .running
        self.revision = 1
    }
}

/// What a theme case's own record says; where its children stand is read from them.
public enum ThemeCaseState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Its children are being handled (or all concluded, waiting to be collected).
    case running
    /// 统一出件 done: the applicant collected everything.
    case delivered
    /// Withdrawn by the applicant: every open child withdrawn with it.
    case withdrawn
    /// Stopped by the lead department after a child was refused.
    case stopped

    public var label: String {
        switch self {
        case .running: "办理中"
        case .delivered: "已统一出件"
        case .withdrawn: "已撤回"
        case .stopped: "已终止"
        }
    }
}

/// Where a theme case stands, read from its children (pure: the page, the API and the progress
/// lookup say the same).
public struct ThemeProgress: Sendable, Hashable {
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// Waiting for the applicant to bring what the theme's 补齐补正 notice lists.
        case correction
        /// Some child is still being handled.
        case running
        /// A prerequisite was refused or withdrawn: the children waiting for it cannot start
        /// until the lead department decides whether the theme goes on.
        case blocked
        /// Every child concluded or ended: the results wait to be collected.
        case ready
        /// Nothing more happens (collected, withdrawn, stopped).
        case closed
    }

    public var stage: Stage
    public var concluded: Int
    public var total: Int
    /// The children that hold the theme up: a refused or withdrawn prerequisite.
    public var blocking: [CaseNumber]

    public init(_ theme: ThemeCase, children: [CaseRecord]) {
        total = theme.children.count
        let byItem = Dictionary(children.map { ($0.itemCode, $0) }, uniquingKeysWith: { a, _ in a })
        concluded = children.filter { [.concluded, .delivered].contains($0.state) }.count
        let failed = Set(children.filter(ThemeProgress.failed).map(\.itemCode))
        blocking = theme.children.filter { child in
            failed.contains(child.item) && theme.children.contains { other in
                other.after.contains(child.item) && byItem[other.item]?.state == .waiting
            }
        }.map(\.number)
        if theme.state != .running {
            stage = .closed
        } else if theme.correction != nil {
            stage = .correction
        } else if !blocking.isEmpty {
            stage = .blocked
        } else if children.count == total && children.allSatisfy({ $0.state.isFinal || $0.state == .concluded }) {
            stage = .ready
        } else {
            stage = .running
        }
    }

    /// A child that will not give the items waiting for it what they need.
    public static func failed(_ record: CaseRecord) -> Bool {
        record.state == .notAccepted || record.state == .withdrawn || (record.decision.map { !$0.granted } ?? false)
    }

    /// A child whose result its waiting siblings may start from: concluded with 准予.
    public static func satisfied(_ record: CaseRecord) -> Bool {
        [.concluded, .delivered].contains(record.state) && record.decision?.granted == true
    }
}
