import OneDoorStorage

/// The application's services, built once at start-up and handed to the API and the pages.
public struct AppServices: Sendable {
    public let catalog: CatalogService
    public let auth: AuthService
    public let audit: AuditRepository
    public let calendar: CalendarService
    public let cases: CaseService
    public let queues: QueueService
    public let appointments: AppointmentService
    public let kiosks: KioskService

    public init(
        catalog: CatalogService, auth: AuthService, audit: AuditRepository, calendar: CalendarService, cases: CaseService,
        queues: QueueService, appointments: AppointmentService, kiosks: KioskService
    ) {
        self.catalog = catalog
        self.auth = auth
        self.audit = audit
        self.calendar = calendar
        self.cases = cases
        self.queues = queues
        self.appointments = appointments
        self.kiosks = kiosks
    }
}
