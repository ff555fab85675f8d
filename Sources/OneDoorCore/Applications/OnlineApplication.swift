/// Where an online application (网上申报) stands (issue 15 §3, ADR 0026). It becomes a case only
/// when it is accepted (or refused in writing); until then no legal clock runs.
public enum ApplicationState: String, Sendable, Codable, CaseIterable {
    /// Being filled in by the applicant.
    case draft
    /// Waiting for pre-review (网上预审).
    case submitted
    /// Pre-review asked for materials to be completed or corrected (补齐补正), all at once.
    case correction
    /// Depth Ⅱ: pre-review passed; accepted when the applicant brings the originals (one visit).
    case awaitingOriginals = "awaiting-originals"
    /// Accepted: a case (channel online) carries on.
    case accepted
    /// 不予受理, with the written decision as a case.
    case refused
    /// Withdrawn by the applicant before a decision.
    case withdrawn

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "待预审"
        case .correction: "待补齐补正"
        case .awaitingOriginals: "预审通过，待核验原件"
        case .accepted: "已受理"
        case .refused: "不予受理"
        case .withdrawn: "已撤回"
        }
    }

    /// Whether the applicant may still change materials and details.
    public var isEditable: Bool { self == .draft || self == .correction }

    /// Whether nothing more happens to the application itself.
    public var isFinal: Bool { self == .accepted || self == .refused || self == .withdrawn }
}

/// A postal address for results sent by EMS.
public struct PostalAddress: Sendable, Hashable, Codable {
    public var recipient: String
    public var phone: String
    public var address: String

    public init(recipient: String, phone: String, address: String) {
        self.recipient = recipient
        self.phone = phone
        self.address = address
    }

    public func checked(into c: inout ProblemCollector) -> PostalAddress {
        var copy = self
        copy.recipient = recipient.trimmingWhitespace()
        copy.phone = phone.trimmingWhitespace()
        copy.address = address.trimmingWhitespace()
        c.requireText("recipient", copy.recipient, label: "收件人", maxLength: 50)
        if CaseMessages.mobile(copy.phone) == nil { c.add("phone", "收件人手机号应为 11 位手机号码") }
        c.requireText("address", copy.address, label: "收件地址", maxLength: 200)
        return copy
    }

    /// As lists and answers show it: the recipient's surname, the phone masked, the address to
    /// the district.
    public var masked: PostalAddress {
        PostalAddress(recipient: PersonalDataMask.name(recipient), phone: PersonalDataMask.phone(phone), address: address.prefix(6) + "…")
    }

    /// Recipient, phone and address in one line (for those who post the result: a logged view).
    public var line: String { "\(recipient) \(phone) \(address)" }
}

/// How the applicant wants the result (issue 15 §3): pick-up at a window, EMS, or electronic.
public struct DeliveryChoice: Sendable, Hashable, Codable {
    public var method: DeliveryMethod
    /// For `post` only.
    public var address: PostalAddress?

    public init(method: DeliveryMethod, address: PostalAddress? = nil) {
        self.method = method
        self.address = address
    }

    public var label: String { method.label }
}

/// One material pre-review found missing or wrong: the notice lists them all (一次性告知).
public struct ApplicationDefect: Sendable, Hashable, Codable {
    public var materialIndex: Int
    public var material: String
    public var problem: String
    /// The material's files when the notice was given: the fix is a file not among them.
    public var rejectedFiles: [Int64]

    public init(materialIndex: Int, material: String, problem: String, rejectedFiles: [Int64] = []) {
        self.materialIndex = materialIndex
        self.material = material
        self.problem = problem
        self.rejectedFiles = rejectedFiles
    }

    public var line: String { "\(material)：\(problem)" }
}

/// An application made online by a signed-in citizen, for the item version in force when it
/// was started: the applicant (the account's person, or the person an agent applies for), the
/// delivery choice, and what pre-review said.
public struct OnlineApplication: Sendable, Hashable, Codable {
    public var id: String
    /// The citizen account that made it; only that account sees or changes it.
    public var citizen: Int64
    public var itemCode: ItemCode
    public var itemVersion: Int
    public var itemName: String
    public var depth: OnlineDepth
    public var department: DepartmentCode
    /// The hall whose windows pre-review it and where originals are shown or results picked up.
    public var hall: HallCode
    /// Pre-reviewed (and accepted) by `department`'s own staff instead of the hall's windows,
    /// as the item says (``ServiceGuide/preReviewByDepartment``); nil: the hall.
    public var departmentReview: Bool?
    public var applicant: Applicant
    /// The account holder, when they apply for someone else (代办).
    public var agent: Person?
    public var delivery: DeliveryChoice?
    public var state: ApplicationState
    public var revision: Int
    public var createdAt: Int64
    public var submittedAt: Int64?
    /// How many times it was submitted (the first time and each resubmission after 补齐补正).
    public var submissions: Int
    /// When pre-review is due (working days after the last submission).
    public var reviewDeadline: CivilDate?
    public var defects: [ApplicationDefect]
    public var refusal: String?
    public var referral: String?
    /// Depth Ⅱ: the originals to bring to the hall, said once.
    public var originals: [String]
    public var caseNumber: CaseNumber?
    /// Materials given by reference to what the applicant already has (已有，免提交), each with
    /// the applicant's consent; nil or empty: none.
    public var reused: [MaterialReuse]?
    /// 一件事 applied for online (issue 17 §2): the theme and the answers that chose its items.
    /// The checklist is then the theme's merged list, and acceptance opens a theme case whose
    /// number is `caseNumber`. Nil: one item.
    public var theme: OnlineTheme?

    /// The reuse chosen for material `index`, if any.
    public func reuse(of index: Int) -> MaterialReuse? {
        reused?.first { $0.materialIndex == index }
    }

    public init(id: String, citizen: Int64, itemCode: ItemCode, itemVersion: Int, itemName: String, depth: OnlineDepth, department: DepartmentCode,
                hall: HallCode, applicant: Applicant, agent: Person?, createdAt: Int64, departmentReview: Bool? = nil) {
        self.departmentReview = departmentReview
        self.id = id
        self.citizen = citizen
        self.itemCode = itemCode
        self.itemVersion = itemVersion
        self.itemName = itemName
        self.depth = depth
        self.department = department
        self.hall = hall
        self.applicant = applicant
        self.agent = agent
        self.state = .draft
        self.revision = 1
        self.createdAt = createdAt
        self.submissions = 0
        self.defects = []
        self.originals = []
    }

    /// What the applicant should do next, in words.
    public var nextStep: String {
        switch state {
        case .draft: "上传材料，选择送达方式后提交"
        case .submitted: "等待预审" + (reviewDeadline.map { "（\($0.chinese)前）" } ?? "")
        case .correction: "按补齐补正告知上传材料后重新提交"
        case .awaitingOriginals: "携带原件到服务中心办理受理"
        case .accepted: "已受理，请查看办件进度"
        case .refused: "不予受理" + (referral.map { "，可向\($0)申请" } ?? "")
        case .withdrawn: "已撤回"
        }
    }
}

/// The theme an online application is for (一件事网上申报): which version, the answers, and how
/// the results are to be collected.
public struct OnlineTheme: Sendable, Hashable, Codable {
    public var code: String
    public var version: Int
    public var answers: [String: String]
    public var pickUp: ThemePickUp
    /// The selected items' names, in the theme's order (what the applicant and the reviewer read).
    public var itemNames: [String]

    public init(code: String, version: Int, answers: [String: String], pickUp: ThemePickUp, itemNames: [String]) {
        self.code = code
        self.version = version
        self.answers = answers
        self.pickUp = pickUp
        self.itemNames = itemNames
    }
}

/// A document uploaded to one material of an online application.
public struct ApplicationFile: Sendable, Hashable {
    public var id: Int64
    public var application: String
    public var materialIndex: Int
    public var name: String
    public var blob: BlobReference
    public var uploadedAt: Int64

    public init(id: Int64, application: String, materialIndex: Int, name: String, blob: BlobReference, uploadedAt: Int64) {
        self.id = id
        self.application = application
        self.materialIndex = materialIndex
        self.name = name
        self.blob = blob
        self.uploadedAt = uploadedAt
    }
}

/// An entry of an application's append-only history.
public struct ApplicationEvent: Sendable, Hashable, Codable {
    public var action: String
    public var step: String
    public var at: Int64
    /// "申请人" for the citizen, else the member of staff's number (工号), as progress pages show it.
    public var actor: String
    public var opinion: String

    public init(action: String, step: String, at: Int64, actor: String, opinion: String = "") {
        self.action = action
        self.step = step
        self.at = at
        self.actor = actor
        self.opinion = opinion
    }
}

/// What storage says about an application it cannot change as asked.
public enum ApplicationStoreError: Error, Sendable, Equatable {
    /// No such application, or not the caller's (the two are not told apart).
    case notFound(String)
    /// Changed since it was read (a second tab, two reviewers at once): 409.
    case conflict(String)
    /// Its files together would exceed the limit per application (bytes).
    case tooLarge(limit: Int)
}

/// Who pre-reviews online applications: a hall's comprehensive windows, or a department's own
/// staff for the items it reviews itself.
public enum PreReviewer: Sendable, Hashable {
    case hall(HallCode)
    case department(DepartmentCode)
}
