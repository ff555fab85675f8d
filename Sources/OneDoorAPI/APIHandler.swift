import OneDoorServices
import OneDoorStorage

/// Implements the generated `APIProtocol`; one extension per tag of the document.
struct APIHandler: APIProtocol {
    let catalog: CatalogService
    let auth: AuthService
    let audit: AuditRepository
}
