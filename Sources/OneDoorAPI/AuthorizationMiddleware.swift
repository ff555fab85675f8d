import HTTPTypes
import OneDoorCore
import OneDoorServices
import OpenAPIRuntime

/// Enforces the roles each operation names in `x-roles`, before its request is even decoded.
///
/// The table is read from the OpenAPI document itself, so what the contract says is what runs.
/// An operation without `x-roles` is refused to everyone (fail closed). Handlers still check
/// their permission, so a mistake in one place does not open an operation.
struct AuthorizationMiddleware: ServerMiddleware {
    /// Operation id → role names, or "public".
    let roles: [String: Set<String>]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let allowed = roles[operationID] else {
            throw ProblemDetails(status: 403, title: "Forbidden", detail: "该接口未声明可调用的角色，已拒绝")
        }
        if allowed.contains("kiosk") {
            // A registered kiosk's own operations: its token is checked against the hall by the
            // service (``KioskService/admit(token:hall:)``), which answers 401 or 403.
            guard RequestScope.current.kioskToken != nil else {
                if RequestScope.current.identity != nil { throw ProblemDetails(status: 403, title: "Forbidden", detail: "只有本中心登记的取号机可以调用该接口") }
                throw KioskError.notRegistered
            }
        } else if allowed.contains("citizen"), !(RequestScope.current.identity.map { allowed.contains($0.role.rawValue) } ?? false) {
            // A citizen's own operations: only a citizen's token (a member of staff is no citizen),
            // unless the operation names the staff member's role too (a licence: holder and issuer).
            guard RequestScope.current.citizen != nil else {
                if RequestScope.current.identity != nil { throw ProblemDetails(status: 403, title: "Forbidden", detail: "工作人员令牌不能调用居民本人的接口") }
                _ = try RequestScope.requireCitizen()
                return try await next(request, body, metadata)
            }
        } else if !allowed.contains("public") {
            guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
            // A password an administrator set is known to them: nothing but choosing one's own
            // (or signing out) until then.
            if identity.account.mustChangePassword && !["changeOwnPassword", "deleteSession"].contains(operationID) {
                throw AuthError.passwordChangeRequired
            }
            guard allowed.contains(identity.role.rawValue) else {
                throw ProblemDetails(status: 403, title: "Forbidden", detail: "当前角色（\(identity.role.label)）无权调用该接口")
            }
        }
        return try await next(request, body, metadata)
    }

    /// Reads `operationId` → `x-roles` from the document.
    static func roles(in document: OpenAPIDocument.Operations) -> [String: Set<String>] {
        var table: [String: Set<String>] = [:]
        for pathItem in document.paths.values {
            for case let operation? in pathItem.values {
                guard let id = operation.operationId, let roles = operation.roles else { continue }
                table[id] = Set(roles)
            }
        }
        return table
    }
}
