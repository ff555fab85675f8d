import Foundation
import Hummingbird
import OneDoorServices

/// The server-rendered pages: public catalogue and staff administration.
public struct OneDoorWeb: Sendable {
    let pages: WebPages
    let services: AppServices
    /// Live-stream updates, one per hall and change (``HallUpdates``).
    let updates = HallUpdates()
    /// Public licence verification pages as anonymous visitors (QR scans) get them.
    let verificationPages = VerificationPageCache()

    var catalog: CatalogService { services.catalog }
    var auth: AuthService { services.auth }
    var audit: AuditService { services.audit }
    var calendar: CalendarService { services.calendar }
    var cases: CaseService { services.cases }

    public init(pages: WebPages, services: AppServices) {
        self.pages = pages
        self.services = services
    }

    public func register<Context: RequestContext>(on router: Router<Context>) {
        registerPublic(on: router)
        registerSession(on: router)
        registerCitizens(on: router)
        registerApplications(on: router)
        registerThemeApplications(on: router)
        registerRectifications(on: router)
        registerEvaluators(on: router)
        registerPreReviews(on: router)
        registerResults(on: router)
        registerStaffing(on: router)
        registerSupervision(on: router)
        registerComplaints(on: router)
        registerStatistics(on: router)
        registerPerformance(on: router)
        registerEnterprises(on: router)
        registerCitizenVerification(on: router)
        registerAdmin(on: router)
        registerTemplates(on: router)
        registerOrganisation(on: router)
        registerAccounts(on: router)
        registerCalendar(on: router)
        registerCases(on: router)
        registerThemeCases(on: router)
        registerPushStatistics(on: router)
        registerCaseFiles(on: router)
        registerQueues(on: router)
        registerAppointments(on: router)
        registerQueueAdmin(on: router)
        registerAccessLog(on: router)
        registerLicences(on: router)
        router.get(SiteURL.stylesheet.route) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: Stylesheet.bytes))
            )
        }
    }
}

/// The stylesheet, read once from Resources/Static.
enum Stylesheet {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Static/site.css"),
              let data = try? Data(contentsOf: url) else { return [] }
        return Array(data)
    }()
}
