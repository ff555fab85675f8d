import OneDoorServices

/// Implements the generated `APIProtocol`; one extension per tag of the document.
struct APIHandler: APIProtocol {
    let services: AppServices

    var catalog: CatalogService { services.catalog }
    var auth: AuthService { services.auth }
    var audit: AuditService { services.audit }
    var calendar: CalendarService { services.calendar }
    var cases: CaseService { services.cases }
    var queues: QueueService { services.queues }
    var licences: LicenceService { services.licences }
    var pushes: PushService { services.pushes }
}
