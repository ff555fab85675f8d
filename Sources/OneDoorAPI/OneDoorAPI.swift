import Foundation
import Hummingbird
import OneDoorServices
import OpenAPIHummingbird
import OpenAPIRuntime

/// The JSON API: the generated server of openapi.yaml, implemented by ``APIHandler``.
public enum OneDoorAPI {
    /// Registers every operation of the OpenAPI document under `/api/v1`.
    public static func register<Context: RequestContext>(
        on router: Router<Context>, services: AppServices
    ) throws {
        let handler = APIHandler(services: services)
        let roles = AuthorizationMiddleware.roles(in: try OpenAPIDocument.operations())
        try handler.registerHandlers(
            on: router, serverURL: URL(string: "/api/v1")!,
            // Compact JSON: pretty-printing costs time on every response and helps no program.
            configuration: Configuration(jsonEncodingOptions: [.sortedKeys]),
            middlewares: [
                ProblemMiddleware(), AuthorizationMiddleware(roles: roles), PublicResponseCache(catalog: services.catalog),
                StampedResponseCache.progress(services.cases), StampedResponseCache.licenceVerification(services.licences),
            ]
        )
    }

    /// The OpenAPI document as JSON, for `/api/openapi.json`.
    public static func documentJSON() throws -> [UInt8] {
        try OpenAPIDocument.json()
    }
}
