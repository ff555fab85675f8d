import Hummingbird
import OneDoorServices

/// Keeps a member of staff whose password an administrator set on the password page until they
/// have chosen their own: the administrator knows the password, so nothing done with it may
/// pass as its owner's. The API refuses such sessions in ``AuthorizationMiddleware`` (403).
struct PasswordChangeGate: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Pages open while the password must be changed: the page itself, signing out, the style.
    static let open: Set<String> = ["/account/password", "/logout", "/login", "/static/site.css"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = RequestScope.current.identity, identity.account.mustChangePassword,
              !request.uri.path.hasPrefix("/api/"), !Self.open.contains(request.uri.path)
        else { return try await next(request, context) }
        if request.method == .get || request.method == .head {
            return Response(status: .seeOther, headers: [.location: "/account/password"])
        }
        throw AuthError.passwordChangeRequired
    }
}
