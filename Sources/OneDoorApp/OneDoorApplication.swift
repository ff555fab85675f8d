import Foundation
import Hummingbird
import Logging
import OneDoorCore
import OneDoorAPI
import OneDoorServices
import OneDoorStorage
import OneDoorWeb
import Prometheus
import ServiceLifecycle

/// The running platform: its HTTP application and what happened at start-up.
public struct OneDoorApplication: Sendable {
    public let application: Application<RouterResponder<AppRequestContext>>
    /// Accounts created by demo seeding, with their one-time passwords (empty otherwise).
    public let demoAccounts: [DemoData.Account]
    public let services: AppServices
    public let clock: any AppClock
    /// Every route the router serves, as "METHOD /path/:parameter" (the role-matrix tests check
    /// that none escapes them).
    public let routes: [String]
    public var catalog: CatalogService { services.catalog }
    public var auth: AuthService { services.auth }
    public var calendar: CalendarService { services.calendar }
    public var cases: CaseService { services.cases }
}

/// Builds the whole application from configuration and an open database. `serve` and the
/// tests call the same function, so tests exercise exactly what runs in production.
///
/// Migrations run first; with `demo` set, an empty database gets the demo district.
public func buildApplication(
    configuration: AppConfiguration,
    database: any SQLDatabase,
    clock: any AppClock = SystemClock(),
    metrics: PrometheusCollectorRegistry? = nil,
    logger: Logger = Logger(label: "onedoor")
) async throws -> OneDoorApplication {
    let applied = try await Migrator.migrate(database)
    if !applied.isEmpty { logger.info("migrations applied", metadata: ["migrations": .string(applied.joined(separator: ", "))]) }

    // Other servers on the same PostgreSQL database hear of this one's changes (ADR 0017).
    let cluster = ClusterBus(database: database, logger: logger)
    let catalog = CatalogService(repository: CatalogRepository(database: database), clock: clock, cluster: cluster)
    let auth = AuthService(accounts: AccountRepository(database: database), clock: clock, bcryptCost: configuration.bcryptCost, cluster: cluster)
    let audit = AuditService(repository: AuditRepository(database: database))
    let calendar = CalendarService(repository: CalendarRepository(database: database), clock: clock, cluster: cluster)
    let notifications = NotificationService(
        repository: OutboxRepository(database: database, policy: configuration.dispatchPolicy),
        senders: try ChannelSettings.senders(sms: configuration.smsGateway, email: configuration.email),
        clock: clock, parallel: configuration.dispatchParallel, receiptKey: configuration.smsGateway?.key, logger: logger)
    let templates = MessageTemplateService(repository: TemplateRepository(database: database), clock: clock, site: configuration.publicBaseURL ?? "",
                                           logger: logger)
    let queues = QueueService(repository: QueueRepository(database: database), catalog: catalog, calendar: calendar, clock: clock,
                              policy: configuration.ticketPolicy, enforceOpeningHours: !configuration.ignoreOpeningHours, cluster: cluster,
                              staffLabels: { try await auth.staffLabels() }, templates: templates, messagesWritten: { notifications.wake() })
    let cases = CaseService(repository: CaseRepository(database: database, messagePolicy: configuration.dispatchPolicy), catalog: catalog, calendar: calendar, queues: queues, clock: clock,
                            yellowShare: configuration.yellowShare, progressLookupsPerMinute: configuration.progressLookupsPerMinute,
                            personalReadsPerMinute: configuration.personalReadsPerMinute, cluster: cluster,
                            messagesWritten: { notifications.wake() }, templates: templates)
    notifications.withdraw(template: "case-material-due") { await cases.dueReminderMoot($0) }
    notifications.withdraw(template: "licence-renewal") { await cases.licenceRenewalMoot($0) }
    let appointments = AppointmentService(repository: AppointmentRepository(database: database), queues: queues, calendar: calendar,
                                          clock: clock, policy: configuration.appointmentPolicy,
                                          changesPerMinute: configuration.appointmentChangesPerMinute,
                                          messagePolicy: configuration.dispatchPolicy, messagesWritten: { notifications.wake() }, templates: templates)
    let kiosks = KioskService(repository: KioskRepository(database: database), catalog: catalog, clock: clock,
                              callsPerMinute: configuration.kioskCallsPerMinute, cluster: cluster)
    let enterprises = EnterpriseService(repository: EnterpriseRepository(database: database), citizens: CitizenRepository(database: database),
                                        catalog: catalog, calendar: calendar, clock: clock)
    let data = URL(fileURLWithPath: configuration.dataDirectory)
    let blobs: any BlobStore = configuration.filesInDatabase
        ? DatabaseBlobStore(database: database, cache: data.appendingPathComponent("blob-cache"))
        : FileBlobStore(root: data.appendingPathComponent("blobs"))
    let services = AppServices(catalog: catalog, auth: auth, audit: audit, calendar: calendar, cases: cases, queues: queues,
                               appointments: appointments, kiosks: kiosks, notifications: notifications,
                               citizens: CitizenService(repository: CitizenRepository(database: database, policy: configuration.citizenCodes,
                                                                                          messagePolicy: configuration.dispatchPolicy),
                                                        notifications: notifications, clock: clock, templates: templates),
                               caseFiles: CaseFileService(repository: CaseFileRepository(database: database), store: blobs, cases: cases, clock: clock,
                                                          policy: configuration.uploadPolicy),
                               enterprises: enterprises,
                               applications: ApplicationService(
                                   repository: ApplicationRepository(database: database, messagePolicy: configuration.dispatchPolicy), cases: cases,
                                   catalog: catalog, calendar: calendar, store: blobs, enterprises: enterprises, clock: clock, policy: configuration.uploadPolicy,
                                   reviewDays: configuration.preReviewDays, messagesWritten: { notifications.wake() }, templates: templates),
                               licences: LicenceService(repository: LicenceRepository(database: database), keys: cases.licenceKeys, catalog: catalog,
                                                        calendar: calendar, clock: clock, cluster: cluster),
                               logChains: LogChainService(repository: LogChainRepository(database: database), keys: cases.licenceKeys, clock: clock,
                                                          logger: logger),
                               province: configuration.oidc.map {
                                   ProvinceSignIn(configuration: $0, repository: CitizenRepository(database: database, policy: configuration.citizenCodes),
                                                  clock: clock)
                               },
                               templates: templates, cluster: cluster, alertContacts: configuration.supervisionAlerts,
                               overviewSeconds: configuration.overviewSeconds, logger: logger)
    cluster.onMessage({ await services.apply($0) }, onResync: { await services.resync() })
    cases.whenLicenceIssued { [licences = services.licences] in licences.licencesChanged() }
    try await catalog.reload()
    try await calendar.reload()
    let demoAccounts = configuration.demo ? try await DemoData.seed(catalog: catalog, auth: auth) : []

    let pages = try await WebPages(secureCookies: configuration.secureCookies, publicBaseURL: configuration.publicBaseURL)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestScopeMiddleware(auth: auth, citizens: services.citizens, trustedProxies: configuration.trustedProxies))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: PasswordChangeGate())
    router.add(middleware: BodyLimitMiddleware(limit: configuration.maximumBodySize, importLimit: configuration.maximumImportSize))

    router.get("/healthz") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }
    router.get("/readyz") { _, _ in
        guard await database.ping() else {
            throw ProblemDetails(status: 503, title: "Service Unavailable", detail: "数据库暂时无法访问")
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ready"}"#)))
    }
    let registry = metrics
    let metricsToken = configuration.metricsToken
    router.get("/metrics") { request, _ in
        // Route names, counts and latencies tell an outsider what runs here and how busy it is:
        // this machine reads them, others only with the token.
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let tokenOK = metricsToken.map { token in bearer.map { ConstantTime.equal($0, token) } ?? false } ?? false
        // "local": no socket address at all (in-process tests, a Unix socket).
        let client = RequestScope.current.client
        guard client == "local" || ClientAddress.isLoopback(client) || tokenOK else {
            throw ProblemDetails(status: 403, title: "Forbidden", detail: "指标只对本机或持有指标令牌的请求开放")
        }
        var buffer: [UInt8] = []
        registry?.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    let openAPI = try OneDoorAPI.documentJSON()
    router.get("/api/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
    }
    try OneDoorAPI.register(on: router, services: services)
    OneDoorWeb(pages: pages, services: services).register(on: router)

    let routes = router.routes.map(\.description)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "OneDoor"),
        logger: logger
    )
    app.addServices(
        DatabaseLifecycle(database: database, logger: logger), AppointmentSweeper(appointments: appointments, logger: logger),
        ClusterListener(cluster: cluster), NotificationDispatcher(notifications: notifications), LogSealer(chains: services.logChains),
        DailyPushSweeper(pushes: services.pushes, calendar: services.calendar, templates: services.templates, notifications: notifications,
                        logger: logger),
        // Case statistics (ADR 0044): the stored months whose cases changed since (a conclusion in
        // April moves the March figures of a case received in March), every ten minutes.
        PeriodicSweep(name: "case figures sweep", seconds: 600, logger: logger) { [statistics = services.caseStatistics] in
            let months = try await statistics.refresh()
            return months.isEmpty ? nil : "recomputed " + months.joined(separator: ",")
        },
        // 电子监察's alert rules (ADR 0048), once a minute.
        PeriodicSweep(name: "supervision alert sweep", seconds: 60, logger: logger) { [supervision = services.supervision] in
            let raised = try await supervision.sweepAlerts()
            return raised.isEmpty ? nil : "\(raised.count) raised"
        }
    )
    // Two periods of history for 改革成效, made by the platform's own parts (ADR 0047), once, on
    // a fresh demo database: after the start, so the server answers at once.
    if !demoAccounts.isEmpty { app.addServices(DemoHistorySeeder(services: services, auth: auth, cases: cases.repository, logger: logger)) }
    return OneDoorApplication(application: app, demoAccounts: demoAccounts, services: services, clock: clock, routes: routes)
}

/// Marks the appointments whose slot ended unclaimed as no-shows, once a minute. Reads take
/// the end of the slot into account already; this makes it durable for lists and statistics.
struct AppointmentSweeper: Service {
    let appointments: AppointmentService
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let marked = try await appointments.markNoShows()
                if marked > 0 { logger.info("appointments marked no-show", metadata: ["count": .stringConvertible(marked)]) }
            } catch {
                logger.warning("no-show sweep failed", metadata: ["error": .string(String(describing: error))])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(60)) }
        }
    }
}

/// 推送办's daily sweeps (ADR 0038): birthdays reached and licences about to expire, once for
/// each new day (China time) — at start, then every ten minutes it checks whether the day
/// changed. A repeated sweep of a day adds nothing, so several servers may each sweep.
struct DailyPushSweeper: Service {
    let pushes: PushService
    let calendar: CalendarService
    let templates: MessageTemplateService
    let notifications: NotificationService
    let logger: Logger

    func run() async throws {
        var swept: CivilDate?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let today = calendar.today
            if swept != today {
                do {
                    let book = await templates.current()
                    let made = try await pushes.sweepBirthdays(on: today, book: book) + pushes.sweepExpiring(on: today, book: book)
                    if made > 0 {
                        logger.info("daily pushes made", metadata: ["count": .stringConvertible(made)])
                        notifications.wake()
                    }
                    swept = today
                } catch {
                    logger.warning("daily push sweep failed", metadata: ["error": .string(String(describing: error))])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(600)) }
        }
    }
}

/// A piece of work repeated every `seconds` until shutdown; a failed round is logged and the
/// next one tried. `work` returns what to log of a round that did something, nil otherwise.
struct PeriodicSweep: Service {
    let name: String
    let seconds: Int
    let logger: Logger
    let work: @Sendable () async throws -> String?

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
            do {
                if let done = try await work() { logger.info("\(name): \(done)") }
            } catch {
                logger.warning("\(name) failed", metadata: ["error": .string(String(describing: error))])
            }
        }
    }
}

/// Makes the demo's two periods of history (`ReformHistory`) once the server runs, then waits
/// for shutdown with the other services; a shutdown meanwhile stops it between days.
struct DemoHistorySeeder: Service {
    let services: AppServices
    let auth: AuthService
    let cases: CaseRepository
    let logger: Logger

    func run() async throws {
        do {
            let history = try await ReformHistory.seed(catalog: services.catalog, calendar: services.calendar, auth: auth, queues: services.queues,
                                                       cases: cases, ratings: services.ratings.repository,
                                                       stop: { Task.isCancelled || Task.isShuttingDownGracefully })
            logger.info("demo history made", metadata: ["tickets": "\(history.tickets)", "cases": "\(history.cases)", "ratings": "\(history.ratings)"])
            // Months asked for while the history was being made were stored without it.
            try await services.caseStatistics.refresh(months: 24)
        } catch {
            logger.warning("demo history failed", metadata: ["error": .string(String(describing: error))])
        }
        try? await gracefulShutdown()
    }
}

/// Seals the audit and access logs into their hash chains every two seconds (ADR 0034).
struct LogSealer: Service {
    let chains: LogChainService

    func run() async throws {
        await cancelWhenGracefulShutdown { await chains.run(until: { Task.isCancelled }) }
    }
}

/// Sends the outbox's messages until shutdown (ADR 0022).
struct NotificationDispatcher: Service {
    let notifications: NotificationService

    func run() async throws {
        await cancelWhenGracefulShutdown { await notifications.run() }
    }
}

/// Listens to and tells the other servers sharing the PostgreSQL database until shutdown.
struct ClusterListener: Service {
    let cluster: ClusterBus

    func run() async throws {
        await cancelWhenGracefulShutdown { await cluster.run() }
        // On the embedded database `run` returns at once; a service that returns would end the
        // server, so this one waits for the shutdown like the others.
        try? await gracefulShutdown()
    }
}

/// Closes the database after the server has stopped taking requests (graceful shutdown).
struct DatabaseLifecycle: Service {
    let database: any SQLDatabase
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try await database.close()
        logger.info("database closed")
    }
}
