import OneDoorCore
import OneDoorServices

/// 群众登录: the phone, then the code sent to it (two forms, no script needed).
struct CitizenLoginPage: PageModel {
    var title: String { "群众登录" }
    var phone = ""
    /// The code has gone out: show the code field.
    var codeSent = false
    var maskedPhone = ""
    var message: String?
    var error: String?
    var next = ""
    /// Repeats the sign-in cookie (``CitizenLoginCookie``).
    var csrf = ""
    /// 省统一身份认证登录, when a provider is configured.
    var provinceLink: String?
    /// The province vouched for this person but gave no mobile number: the code sign-in binds one.
    var binding: String?
}

/// 我的: the account, its real name, its cases, its e-mail address.
struct MePage: PageModel {
    struct CaseRow: Sendable {
        var number: String
        var link: String
        var itemName: String
        var state: String
        var currentStep: String
        var received: String
        var promised: String
        var paused: Bool
    }

    struct MessageRow: Sendable {
        var channel: String
        var at: String
        /// Nil for an SMS (the template leaves the line out).
        var subject: String?
        var body: String
    }

    struct ApplicationRow: Sendable {
        var link: String
        var id: String
        var itemName: String
        var state: String
        var nextStep: String
    }

    struct AgentRow: Sendable {
        var name: String
        var phone: String
        var scope: String
        var revokeAction: String
    }

    struct EnterpriseRow: Sendable {
        var uscc: String
        var name: String
        var role: String
        var status: String
        var scope: String?
        /// Set for the legal representative: where agents are authorised, and who they are.
        var grantAction: String?
        var agents: [AgentRow]
        var hasAgents: Bool
    }

    /// 为您推荐: one push, its reason and deadline, and the one tap.
    struct RecommendationRow: Sendable {
        var targetName: String
        var stage: String
        var reason: String
        var deadline: String?
        var link: String
        var opened: Bool
    }

    struct StageOption: Sendable {
        var code: String
        var label: String
        var on: Bool
    }

    struct VisitRow: Sendable {
        var link: String
        var title: String
        var detail: String
    }

    struct AddressRow: Sendable {
        var line: String
        var deleteAction: String
    }

    var title: String { "我的" }
    var addresses: [AddressRow] = [] { didSet { hasAddresses = !addresses.isEmpty } }
    var hasAddresses = false
    /// The notification settings' form values.
    var recommendations: [RecommendationRow] = []
    var hasRecommendations = false
    /// 我的评价: each rating given, with its rectification and, at 反馈, the answer to give.
    var ratings: [RatingRow] = [] { didSet { hasRatings = !ratings.isEmpty } }
    var hasRatings = false

    struct RatingRow: Sendable {
        var service: String
        var given: String
        var at: String
        var rectification: String?
        var lastStep: String?
        var answerAction: String?
    }
    /// The person's life stages, each on or off for pushes (verified accounts only).
    var stages: [StageOption] = []

    var preferences = NotificationPreferences.standard {
        didSet {
            smsOn = preferences.sms
            emailOn = preferences.email
            quietFrom = preferences.quietFrom.map(AppointmentSlot.clock) ?? ""
            quietUntil = preferences.quietUntil.map(AppointmentSlot.clock) ?? ""
        }
    }
    var smsOn = true
    var emailOn = true
    var quietFrom = ""
    var quietUntil = ""
    var visits: [VisitRow] = [] { didSet { hasVisits = !visits.isEmpty } }
    var hasVisits = false
    var enterprises: [EnterpriseRow] = [] { didSet { hasEnterprises = !enterprises.isEmpty } }
    var hasEnterprises = false
    var applications: [ApplicationRow] = [] { didSet { hasApplications = !applications.isEmpty } }
    var hasApplications = false
    var messages: [MessageRow] = []
    var hasMessages = false
    var phone: String
    var realName: String
    var isVerified: Bool
    var needsRealName: Bool
    /// Nil until the account is bound to a person (the template leaves the rows out).
    var name: String?
    var documentNumber: String?
    var email: String
    var cases: [CaseRow]
    var hasCases: Bool
    var casesNote: String
    var message: String?
    var problems: [String]
    var hasProblems: Bool
    var csrf: String
    /// What the real-name form shows again after a problem.
    var formName = ""
    var formNumber = ""

    init(identity: CitizenIdentity, cases: [CaseSummary], message: String? = nil, problems: [ValidationProblem] = []) {
        let account = identity.account
        phone = account.maskedPhone
        realName = account.realName.label
        isVerified = account.realName == .verified
        needsRealName = account.realName == .none
        name = account.name
        documentNumber = account.maskedDocumentNumber
        email = account.email ?? ""
        self.cases = cases.map { summary in
            let c = summary.listing
            return CaseRow(number: c.number.rawValue, link: SiteURL.meCase(.value(c.number)).path, itemName: c.itemName, state: c.state.label,
                           currentStep: c.state.currentStep, received: c.receivedOn.chinese, promised: c.promisedDeadline?.chinese ?? "",
                           paused: c.specialProcedure != nil)
        }
        hasCases = !cases.isEmpty
        casesNote = account.seesWindowCases
            ? "以下是以您的证件在各窗口受理的办件。"
            : "这里显示您网上申报受理的办件；完成窗口实名核验后，还会显示以您的证件在各窗口受理的办件。"
        self.message = message
        self.problems = problems.map(\.reason)
        hasProblems = !problems.isEmpty
        csrf = identity.csrfToken
    }
}

/// One of the citizen's own cases: what the progress page shows, without the query code.
struct MyCasePage: PageModel {
    var title: String { "我的办件" }
    var progress: ProgressPage
    /// "0 次（零跑腿）": the applicant's visits for the case, when counted.
    var trips: String?
    var delivery: String?
    var channel: String
    /// The case's written notices as they stand (受理、补正、不予受理、办结…), each a printable
    /// page the citizen can also save.
    var notices: [SelectOption]
    var hasNotices: Bool
    /// The documents of the case's materials: uploaded online or scanned at the window.
    var files: [SelectOption]
    var hasFiles: Bool
    /// For an electronic delivery once decided: the 办结通知书 is the result to download.
    var electronicResult: String?
    /// 好差评, once the case ended.
    var rating: RatingSection?

    init(_ progress: CaseProgress, record: CaseRecord, files: [CaseFile]) {
        self.progress = ProgressPage(number: progress.number.rawValue, code: "", progress: progress, asked: true)
        trips = progress.trips.map { $0 == 0 ? "0 次（零跑腿）" : $0 == 1 ? "1 次（最多跑一次）" : "\($0) 次" }
        delivery = progress.delivery
        channel = progress.online ? "网上申报" : "窗口受理"
        let kinds = CaseNoticeKind.available(for: record)
        notices = kinds.map { SelectOption(code: SiteURL.meCaseNotice(.value(record.number), .value($0)).path, name: $0.title, selected: false) }
        hasNotices = !notices.isEmpty
        self.files = files.map { file in
            let material = record.materials.indices.contains(file.materialIndex) ? record.materials[file.materialIndex].name : "材料"
            return SelectOption(code: SiteURL.meCaseFile(.value(record.number), .value(String(file.id))).path, name: "\(material)：\(file.name)", selected: false)
        }
        hasFiles = !self.files.isEmpty
        electronicResult = record.deliveryChoice?.method == .electronic && kinds.contains(.conclusion)
            ? SiteURL.meCaseNotice(.value(record.number), .value(.conclusion)).path(["download": "1"]) : nil
    }
}

/// 实名核验 at a window: the clerk types what the ID card says for the account of a phone.
struct CitizenVerifyPage: PageModel {
    var title: String { "群众账号实名核验" }
    var uscc = ""
    var representativePhone = ""
    var enterpriseVerified: String?
    var phone = ""
    var name = ""
    var documentNumber = ""
    var message: String?
    var problems: [String] = []
    var hasProblems = false
    var verified: String?
    /// 窗口开户: the code went to the phone.
    var codeSent: String?
    /// The phone has no account: the clerk may open one with a code to it.
    var offerRegistration = false
}
