import Logging
import OneDoorStorage

/// The application's services, built once at start-up and handed to the API and the pages.
public struct AppServices: Sendable {
    public let catalog: CatalogService
    public let auth: AuthService
    public let audit: AuditService
    public let calendar: CalendarService
    public let cases: CaseService
    public let queues: QueueService
    public let appointments: AppointmentService
    public let kiosks: KioskService
    /// Messages to citizens: the outbox and its dispatcher (ADR 0022).
    public let notifications: NotificationService
    /// Citizens' own accounts: sign-in by code, real name.
    public let citizens: CitizenService
    /// The documents of cases' materials (scanned at windows).
    public let caseFiles: CaseFileService
    /// Sign-in through the provincial identity provider, when one is configured (ADR 0028).
    public let province: ProvinceSignIn?
    /// Enterprises reached through their legal representatives and agents (ADR 0027).
    public let enterprises: EnterpriseService
    /// Online applications and their pre-review (ADR 0026).
    public let applications: ApplicationService
    /// The words of messages to citizens, reworded by administrators (ADR 0029).
    public let templates: MessageTemplateService
    /// Electronic licences: issued by `cases` at a conclusion, read, changed and verified here.
    public let licences: LicenceService
    /// 推送办: recommendations in 我的, stages turned off, each rule's conversion.
    public let pushes: PushService
    /// 好差评 and the rectification of each 差评.
    public let ratings: RatingService
    public let supervision: SupervisionService
    public let complaints: ComplaintService
    public let caseStatistics: CaseStatisticsService
    public let openData: OpenDataService
    public let performance: PerformanceService
    public let outcomes: OutcomeService
    /// The audit and access logs' hash chains: sealed by `LogSealer`, walked by `onedoor audit verify`.
    public let logChains: LogChainService
    /// Messages to and from the other servers sharing the database.
    public let cluster: ClusterBus
    let logger: Logger

    public init(
        catalog: CatalogService, auth: AuthService, audit: AuditService, calendar: CalendarService, cases: CaseService,
        queues: QueueService, appointments: AppointmentService, kiosks: KioskService, notifications: NotificationService, citizens: CitizenService, caseFiles: CaseFileService,
        enterprises: EnterpriseService, applications: ApplicationService, licences: LicenceService, logChains: LogChainService, province: ProvinceSignIn? = nil, templates: MessageTemplateService = .builtIn, cluster: ClusterBus, alertContacts: [String] = [], overviewSeconds: Int64 = SupervisionService.overviewSeconds,
        logger: Logger = Logger(label: "onedoor.services")
    ) {
        self.templates = templates
        self.licences = licences
        self.pushes = PushService(repository: PushRepository(database: cases.repository.database), licences: licences, catalog: catalog,
                                  clock: cases.clock, policy: cases.repository.messagePolicy)
        self.ratings = RatingService(repository: RatingRepository(database: cases.repository.database), cases: cases, queues: queues,
                                     accounts: auth.accounts, applications: applications.repository, calendar: calendar, clock: cases.clock, templates: templates,
                                     messagesWritten: cases.messagesWritten)
        self.caseStatistics = CaseStatisticsService(repository: cases.repository, catalog: catalog, calendar: calendar, clock: cases.clock)
        self.openData = OpenDataService(repository: OpenDataRepository(database: cases.repository.database), catalog: catalog, caseStatistics: caseStatistics,
                                        queues: queues, ratings: ratings.repository, calendar: calendar, clock: cases.clock)
        self.performance = PerformanceService(repository: PerformanceRepository(database: cases.repository.database), ratings: ratings.repository,
                                              accounts: auth.accounts,
                                              queues: queues, caseStatistics: caseStatistics, catalog: catalog, calendar: calendar, clock: cases.clock)
        self.outcomes = OutcomeService(caseStatistics: caseStatistics, queues: queues, ratings: ratings.repository,
                                       openData: OpenDataRepository(database: cases.repository.database), catalog: catalog, calendar: calendar, clock: cases.clock)
        self.complaints = ComplaintService(repository: ComplaintRepository(database: cases.repository.database), cases: cases, catalog: catalog,
                                           calendar: calendar, clock: cases.clock, templates: templates, messagesWritten: cases.messagesWritten)
        self.supervision = SupervisionService(repository: SupervisionRepository(database: cases.repository.database), cases: cases,
                                              ratings: ratings.repository, complaints: complaints.repository, queues: queues, catalog: catalog,
                                              calendar: calendar, clock: cases.clock, alertContacts: alertContacts, templates: templates,
                                              messagesWritten: cases.messagesWritten, overviewSeconds: overviewSeconds)
        self.logChains = logChains
        self.cluster = cluster
        self.logger = logger
        self.catalog = catalog
        self.auth = auth
        self.audit = audit
        self.calendar = calendar
        self.cases = cases
        self.queues = queues
        self.appointments = appointments
        self.kiosks = kiosks
        self.notifications = notifications
        self.citizens = citizens
        self.caseFiles = caseFiles
        self.applications = applications
        self.enterprises = enterprises
        self.province = province
    }

    /// Applies another server's message (ADR 0017): drops or reloads what it names, wakes the
    /// hall's screens. Never republished.
    public func apply(_ message: ClusterMessage) async {
        switch message {
        case .hall(let hall): queues.received(hall: hall, configuration: false)
        case .queueConfiguration(let hall): queues.received(hall: hall, configuration: true)
        case .caseChanged(let number): cases.forget(number)
        case .catalog: await reload("catalogue") { try await catalog.reload() }
        case .calendar: await reload("calendar") { try await calendar.reload() }
        case .sessions: auth.forgetCachedSessions()
        case .kiosks: kiosks.forgetCached()
        case .licences: licences.forgetVerifications()
        }
    }

    /// Listening (re)started: messages may have been missed, so everything cached is dropped
    /// or reloaded and every screen woken.
    public func resync() async {
        await reload("catalogue") { try await catalog.reload() }
        await reload("calendar") { try await calendar.reload() }
        auth.forgetCachedSessions()
        kiosks.forgetCached()
        licences.forgetVerifications()
        cases.forgetAll()
        queues.resync()
    }

    private func reload(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            // The snapshot in force stays; the next change or resync reloads again.
            logger.warning("reload after another server's change failed", metadata: ["what": "\(what)", "error": "\(error)"])
        }
    }
}
