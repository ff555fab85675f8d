import Foundation
import Hummingbird
import OneDoorCore

/// A path parameter of a ``SiteURL``: `.key` when the router registers the route (`:code`),
/// `.value` when a page links to one page of it.
enum Parameter<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

/// Every page and form target of the site, in one typed table (issue 14 §1; the idea is
/// SwiftPackageIndex-Server's `SiteURL`). The routes are registered from it (`route`) and
/// every link and redirect is built from it (`path`), so a link cannot name a route that is
/// not there, and a code of the wrong kind cannot be put into a link.
///
/// Templates link to fixed pages by their text (`/cases/new`); `SiteLinkTests` follows every
/// link and form of the rendered pages to a registered route.
enum SiteURL: Sendable {
    // Public: the catalogue, progress, tickets, appointments, kiosks and call screens.
    case home
    case items
    case item(Parameter<ItemCode>)
    case itemPrint(Parameter<ItemCode>)
    case themes
    case theme(Parameter<String>)
    case themeIntake(Parameter<String>)
    case themeCases
    case themeCoordination
    case themeCase(Parameter<CaseNumber>)
    case themeCaseAction(Parameter<CaseNumber>, Parameter<String>)
    case themeCaseFees(Parameter<CaseNumber>)
    case themeCaseNotice(Parameter<CaseNumber>)
    case departments
    case halls
    case progress
    case progressCase(Parameter<CaseNumber>)
    case ticket(Parameter<String>)
    case appointment(Parameter<String>)
    case appointmentCancel(Parameter<String>)
    case appointmentReschedule(Parameter<String>)
    case hallAppointments(Parameter<HallCode>)
    case hallKiosk(Parameter<HallCode>)
    case hallKioskRegister(Parameter<HallCode>)
    case hallKioskCheckIn(Parameter<HallCode>)
    case hallScreen(Parameter<HallCode>)
    case windowEvaluator(Parameter<HallCode>, Parameter<String>)
    case hallEvents(Parameter<HallCode>)
    case hallStatistics(Parameter<HallCode>)
    case hallStatisticsCSV(Parameter<HallCode>)
    case stylesheet
    case queueScript
    case kioskScript

    // Signing in and one's own account.
    case login
    case logout
    case accountPassword

    // Citizens: sign-in by phone and code, 我的.
    case citizenLogin
    case citizenCode
    case citizenLogout
    case citizenProvince
    case citizenProvinceCallback
    case me
    case meCase(Parameter<CaseNumber>)
    case meRealName
    case meEmail
    case meCaseNotice(Parameter<CaseNumber>, Parameter<CaseNoticeKind>)
    case meCaseFile(Parameter<CaseNumber>, Parameter<String>)
    case meCaseRating(Parameter<CaseNumber>)
    case meRatingAnswer(Parameter<String>)
    case meApplicationRating(Parameter<String>)
    case meAddresses
    case meAddressDelete(Parameter<String>)
    case meNotifications
    case meRecommendation(Parameter<String>)
    case mePushSettings
    case citizenVerify
    // Online application (网上申报) and the hall's pre-review.
    case meApply(Parameter<ItemCode>)
    case meApplyTheme(Parameter<String>)
    case meApplication(Parameter<String>)
    case meApplicationFiles(Parameter<String>, Parameter<String>)
    case meApplicationFile(Parameter<String>, Parameter<String>)
    case meApplicationFileDelete(Parameter<String>, Parameter<String>)
    case meApplicationDelivery(Parameter<String>)
    case meApplicationReuse(Parameter<String>, Parameter<String>)
    case meApplicationSubmit(Parameter<String>)
    case meApplicationWithdraw(Parameter<String>)
    case meEnterprises
    case meEnterpriseAgents(Parameter<String>)
    case meEnterpriseAgentRevoke(Parameter<String>, Parameter<String>)
    case enterpriseVerify
    case preReviews
    case results
    case tripStatistics
    case pushStatistics
    case ratingFigures
    case rectifications
    case rectification(Parameter<String>)
    case rectificationAction(Parameter<String>, Parameter<String>)
    case feeStatistics
    case staffing
    case supervision
    case supervisionOrders
    case supervisionOrderAnswer(Parameter<String>)
    case caseSupervision(Parameter<CaseNumber>)
    case rectificationSupervision(Parameter<String>)
    case complaints
    case caseStatistics
    case caseStatisticsCSV
    case openData
    case outcomes
    case performance
    case performanceStaffCSV
    case performanceDepartmentsCSV
    case performanceMine
    case performanceStaff(Parameter<String>)
    case openDataset(Parameter<String>)
    case complaintNew
    case complaintRecord
    case complaintFollow
    case complaintFollowRate
    case complaint(Parameter<String>)
    case complaintAction(Parameter<String>, Parameter<String>)
    case complaintSupervision(Parameter<String>)
    case preReview(Parameter<String>)
    case preReviewFile(Parameter<String>, Parameter<String>)
    case preReviewThumbnail(Parameter<String>, Parameter<String>)

    // Electronic licences (issue 16 §3): public verification, the holder's and the issuing department's pages.
    case licence(Parameter<String>)
    case meLicences
    case meDataUse
    case meMaterials
    case meLicence(Parameter<String>)
    case departmentLicences
    case departmentLicence(Parameter<String>)
    case departmentLicenceAction(Parameter<String>, Parameter<String>)
    case adminLicenceKeys
    case adminLicenceKeyRotate(Parameter<DepartmentCode>)

    // Window clerks' workstation and cases.
    case workstation
    case workstationCallNext
    case workstationTicket(Parameter<String>, Parameter<TicketAction>)
    case cases
    case caseNew
    case caseDetail(Parameter<CaseNumber>)
    case caseNotice(Parameter<CaseNumber>, Parameter<CaseNoticeKind>)
    case caseAction(Parameter<CaseNumber>, Parameter<String>)
    case caseMaterialFiles(Parameter<CaseNumber>, Parameter<String>)
    case caseFile(Parameter<CaseNumber>, Parameter<String>)
    case caseApplicantRecord(Parameter<CaseNumber>)
    case caseApplicantRecordField(Parameter<CaseNumber>, Parameter<String>)

    // The centre's administration.
    case admin
    case adminAudit
    case adminOutbox
    case adminTemplates
    case adminTemplate(Parameter<String>)
    case adminAccessLog
    case adminCalendar
    case adminCatalog
    case adminCatalogExport
    case adminCatalogImport
    case adminItems
    case adminItemNew
    case adminItem(Parameter<ItemCode>)
    case adminItemEdit(Parameter<ItemCode>)
    case adminItemPublish(Parameter<ItemCode>)
    case adminItemSuspend(Parameter<ItemCode>)
    case adminOrganisation
    case adminDepartments
    case adminDepartmentNew
    case adminDepartmentEdit(Parameter<DepartmentCode>)
    case adminHalls
    case adminHallNew
    case adminHallEdit(Parameter<HallCode>)
    case adminHallWindows(Parameter<HallCode>)
    case adminWindow(Parameter<HallCode>, Parameter<WindowNumber>)
    case adminWindowDelete(Parameter<HallCode>, Parameter<WindowNumber>)
    case adminWindowQueues(Parameter<HallCode>, Parameter<WindowNumber>)
    case adminHallQueues(Parameter<HallCode>)
    case adminHallQueue(Parameter<HallCode>, Parameter<QueueCode>)
    case adminAccounts
    case adminAccount(Parameter<String>)
    case adminAccountPassword(Parameter<String>)

    /// The path segments; a parameter is `:name` or its value.
    private var segments: [Segment] {
        switch self {
        case .home: []
        case .items: ["items"]
        case .item(let code): ["items", .raw("code", code)]
        case .itemPrint(let code): ["items", .raw("code", code), "print"]
        case .themes: ["themes"]
        case .theme(let code): ["themes", .text("code", code)]
        case .themeIntake(let code): ["themes", .text("code", code), "intake"]
        case .themeCases: ["theme-cases"]
        case .themeCoordination: ["theme-cases", "running"]
        case .themeCase(let number): ["theme-cases", .raw("number", number)]
        case .themeCaseAction(let number, let action): ["theme-cases", .raw("number", number), "actions", .text("action", action)]
        case .themeCaseFees(let number): ["theme-cases", .raw("number", number), "fees"]
        case .themeCaseNotice(let number): ["theme-cases", .raw("number", number), "notice"]
        case .departments: ["departments"]
        case .halls: ["halls"]
        case .progress: ["progress"]
        case .progressCase(let number): ["progress", .raw("number", number)]
        case .ticket(let id): ["tickets", .text("id", id)]
        case .appointment(let id): ["appointments", .text("id", id)]
        case .appointmentCancel(let id): ["appointments", .text("id", id), "cancel"]
        case .appointmentReschedule(let id): ["appointments", .text("id", id), "reschedule"]
        case .hallAppointments(let hall): ["halls", .raw("code", hall), "appointments"]
        case .hallKiosk(let hall): ["halls", .raw("code", hall), "kiosk"]
        case .hallKioskRegister(let hall): ["halls", .raw("code", hall), "kiosk", "register"]
        case .hallKioskCheckIn(let hall): ["halls", .raw("code", hall), "kiosk", "check-in"]
        case .hallScreen(let hall): ["halls", .raw("code", hall), "screen"]
        case .windowEvaluator(let hall, let window): ["halls", .raw("code", hall), "windows", .text("window", window), "evaluator"]
        case .hallEvents(let hall): ["halls", .raw("code", hall), "events"]
        case .hallStatistics(let hall): ["halls", .raw("code", hall), "statistics"]
        case .hallStatisticsCSV(let hall): ["halls", .raw("code", hall), "statistics.csv"]
        case .stylesheet: ["static", "site.css"]
        case .queueScript: ["static", "queue.js"]
        case .kioskScript: ["static", "kiosk.js"]
        case .login: ["login"]
        case .logout: ["logout"]
        case .accountPassword: ["account", "password"]
        case .citizenLogin: ["citizen", "login"]
        case .citizenCode: ["citizen", "code"]
        case .citizenLogout: ["citizen", "logout"]
        case .citizenProvince: ["citizen", "oidc"]
        case .citizenProvinceCallback: ["citizen", "oidc", "callback"]
        case .me: ["me"]
        case .meCase(let number): ["me", "cases", .raw("number", number)]
        case .meCaseRating(let number): ["me", "cases", .raw("number", number), "rating"]
        case .meRatingAnswer(let id): ["me", "ratings", .text("id", id), "answer"]
        case .meApplicationRating(let id): ["me", "applications", .text("id", id), "rating"]
        case .meRealName: ["me", "real-name"]
        case .meEmail: ["me", "email"]
        case .meCaseNotice(let number, let kind): ["me", "cases", .raw("number", number), "notices", .raw("kind", kind)]
        case .meCaseFile(let number, let file): ["me", "cases", .raw("number", number), "files", .text("file", file)]
        case .meAddresses: ["me", "addresses"]
        case .meAddressDelete(let id): ["me", "addresses", .text("id", id), "delete"]
        case .meNotifications: ["me", "notifications"]
        case .meRecommendation(let id): ["me", "recommendations", .text("id", id)]
        case .mePushSettings: ["me", "push-settings"]
        case .citizenVerify: ["citizens", "verify"]
        case .meApply(let code): ["me", "apply", .raw("code", code)]
        case .meApplyTheme(let code): ["me", "themes", .text("code", code), "apply"]
        case .meApplication(let id): ["me", "applications", .text("id", id)]
        case .meApplicationFiles(let id, let index): ["me", "applications", .text("id", id), "materials", .text("index", index), "files"]
        case .meApplicationFile(let id, let file): ["me", "applications", .text("id", id), "files", .text("file", file)]
        case .meApplicationFileDelete(let id, let file): ["me", "applications", .text("id", id), "files", .text("file", file), "delete"]
        case .meApplicationDelivery(let id): ["me", "applications", .text("id", id), "delivery"]
        case .meApplicationReuse(let id, let index): ["me", "applications", .text("id", id), "materials", .text("index", index), "reuse"]
        case .meApplicationSubmit(let id): ["me", "applications", .text("id", id), "submit"]
        case .meApplicationWithdraw(let id): ["me", "applications", .text("id", id), "withdraw"]
        case .meEnterprises: ["me", "enterprises"]
        case .meEnterpriseAgents(let uscc): ["me", "enterprises", .text("uscc", uscc), "agents"]
        case .meEnterpriseAgentRevoke(let uscc, let phone): ["me", "enterprises", .text("uscc", uscc), "agents", .text("phone", phone), "revoke"]
        case .enterpriseVerify: ["enterprises", "verify"]
        case .preReviews: ["pre-reviews"]
        case .results: ["results"]
        case .tripStatistics: ["statistics", "trips"]
        case .pushStatistics: ["statistics", "pushes"]
        case .ratingFigures: ["ratings"]
        case .rectifications: ["rectifications"]
        case .rectification(let id): ["rectifications", .text("id", id)]
        case .rectificationAction(let id, let action): ["rectifications", .text("id", id), "actions", .text("action", action)]
        case .feeStatistics: ["statistics", "fees"]
        case .staffing: ["statistics", "staffing"]
        case .supervision: ["supervision"]
        case .supervisionOrders: ["supervision", "orders"]
        case .supervisionOrderAnswer(let id): ["supervision", "orders", .text("id", id), "answer"]
        case .caseSupervision(let number): ["cases", .raw("number", number), "supervision"]
        case .rectificationSupervision(let id): ["rectifications", .text("id", id), "supervision"]
        case .complaints: ["complaints"]
        case .caseStatistics: ["statistics", "cases"]
        case .caseStatisticsCSV: ["statistics", "cases.csv"]
        case .openData: ["open-data"]
        case .outcomes: ["outcomes"]
        case .performance: ["performance"]
        case .performanceStaffCSV: ["performance", "staff.csv"]
        case .performanceDepartmentsCSV: ["performance", "departments.csv"]
        case .performanceMine: ["performance", "me"]
        case .performanceStaff(let number): ["performance", "staff", .text("number", number)]
        case .openDataset(let id): ["open-data", .text("id", id)]
        case .complaintNew: ["complaints", "new"]
        case .complaintRecord: ["complaints", "record"]
        case .complaintFollow: ["complaints", "follow"]
        case .complaintFollowRate: ["complaints", "follow", "rate"]
        case .complaint(let id): ["complaints", .text("id", id)]
        case .complaintAction(let id, let action): ["complaints", .text("id", id), "actions", .text("action", action)]
        case .complaintSupervision(let id): ["complaints", .text("id", id), "supervision"]
        case .preReview(let id): ["pre-reviews", .text("id", id)]
        case .preReviewFile(let id, let file): ["pre-reviews", .text("id", id), "files", .text("file", file)]
        case .preReviewThumbnail(let id, let file): ["pre-reviews", .text("id", id), "files", .text("file", file), "thumbnail"]
        case .licence(let id): ["licences", .text("identifier", id)]
        case .meLicences: ["me", "licences"]
        case .meDataUse: ["me", "data-use"]
        case .meMaterials: ["me", "materials"]
        case .meLicence(let id): ["me", "licences", .text("identifier", id)]
        case .departmentLicences: ["department", "licences"]
        case .departmentLicence(let id): ["department", "licences", .text("identifier", id)]
        case .departmentLicenceAction(let id, let action): ["department", "licences", .text("identifier", id), "actions", .text("action", action)]
        case .adminLicenceKeys: ["admin", "licence-keys"]
        case .adminLicenceKeyRotate(let code): ["admin", "licence-keys", .raw("code", code), "rotate"]
        case .workstation: ["workstation"]
        case .workstationCallNext: ["workstation", "call-next"]
        case .workstationTicket(let id, let action): ["workstation", "tickets", .text("id", id), .raw("action", action)]
        case .cases: ["cases"]
        case .caseNew: ["cases", "new"]
        case .caseDetail(let number): ["cases", .raw("number", number)]
        case .caseNotice(let number, let kind): ["cases", .raw("number", number), "notices", .raw("kind", kind)]
        case .caseAction(let number, let action): ["cases", .raw("number", number), "actions", .text("action", action)]
        case .caseMaterialFiles(let number, let index): ["cases", .raw("number", number), "materials", .text("index", index), "files"]
        case .caseFile(let number, let id): ["cases", .raw("number", number), "files", .text("id", id)]
        case .caseApplicantRecord(let number): ["cases", .raw("number", number), "applicant-record"]
        case .caseApplicantRecordField(let number, let field): ["cases", .raw("number", number), "applicant-record", "fields", .text("field", field)]
        case .admin: ["admin"]
        case .adminAudit: ["admin", "audit"]
        case .adminOutbox: ["admin", "outbox"]
        case .adminTemplates: ["admin", "templates"]
        case .adminTemplate(let code): ["admin", "templates", .text("code", code)]
        case .adminAccessLog: ["admin", "access-log"]
        case .adminCalendar: ["admin", "calendar"]
        case .adminCatalog: ["admin", "catalog"]
        case .adminCatalogExport: ["admin", "catalog", "export.json"]
        case .adminCatalogImport: ["admin", "catalog", "import"]
        case .adminItems: ["admin", "items"]
        case .adminItemNew: ["admin", "items", "new"]
        case .adminItem(let code): ["admin", "items", .raw("code", code)]
        case .adminItemEdit(let code): ["admin", "items", .raw("code", code), "edit"]
        case .adminItemPublish(let code): ["admin", "items", .raw("code", code), "publish"]
        case .adminItemSuspend(let code): ["admin", "items", .raw("code", code), "suspend"]
        case .adminOrganisation: ["admin", "organisation"]
        case .adminDepartments: ["admin", "departments"]
        case .adminDepartmentNew: ["admin", "departments", "new"]
        case .adminDepartmentEdit(let code): ["admin", "departments", .raw("code", code), "edit"]
        case .adminHalls: ["admin", "halls"]
        case .adminHallNew: ["admin", "halls", "new"]
        case .adminHallEdit(let hall): ["admin", "halls", .raw("code", hall), "edit"]
        case .adminHallWindows(let hall): ["admin", "halls", .raw("code", hall), "windows"]
        case .adminWindow(let hall, let number): ["admin", "halls", .raw("code", hall), "windows", .raw("number", number)]
        case .adminWindowDelete(let hall, let number): ["admin", "halls", .raw("code", hall), "windows", .raw("number", number), "delete"]
        case .adminWindowQueues(let hall, let number): ["admin", "halls", .raw("code", hall), "windows", .raw("number", number), "queues"]
        case .adminHallQueues(let hall): ["admin", "halls", .raw("code", hall), "queues"]
        case .adminHallQueue(let hall, let queue): ["admin", "halls", .raw("code", hall), "queues", .raw("queue", queue)]
        case .adminAccounts: ["admin", "accounts"]
        case .adminAccount(let username): ["admin", "accounts", .text("username", username)]
        case .adminAccountPassword(let username): ["admin", "accounts", .text("username", username), "password"]
        }
    }

    /// The link: `/cases/CC-20260928-00001`, parameters escaped for a path segment.
    var path: String {
        "/" + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .parameter(let name, nil): ":" + name
            case .parameter(_, let value?): value.addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? value
            }
        }.joined(separator: "/")
    }

    /// The link with a query; parameters without a value are left out, the rest escaped.
    func path(_ query: KeyValuePairs<String, String?>, fragment: String? = nil) -> String {
        path(query.map { ($0.key, $0.value) }, fragment: fragment)
    }

    func path(_ query: [(String, String?)], fragment: String? = nil) -> String {
        let parts = query.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")
        }
        return path + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&")) + (fragment.map { "#" + $0 } ?? "")
    }

    /// What the router registers: `/cases/:number` for `.caseDetail(.key)`.
    var route: RouterPath { RouterPath(path) }

    private enum Segment: ExpressibleByStringLiteral {
        case fixed(String)
        case parameter(String, String?)

        init(stringLiteral value: String) { self = .fixed(value) }

        /// A typed code or an enum: its raw text.
        static func raw<Value: RawRepresentable<String>>(_ name: String, _ parameter: Parameter<Value>) -> Segment {
            switch parameter {
            case .key: .parameter(name, nil)
            case .value(let value): .parameter(name, value.rawValue)
            }
        }

        static func text(_ name: String, _ parameter: Parameter<String>) -> Segment {
            switch parameter {
            case .key: .parameter(name, nil)
            case .value(let value): .parameter(name, value)
            }
        }
    }
}

extension CharacterSet {
    /// What may stand unescaped in a query value: no '&', '=', '+', '?' or '#'.
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()

    /// What may stand unescaped in one path segment: no '/', '?' or '#'.
    static let urlPathSegmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))
}
