import Hummingbird
import OneDoorCore
import OneDoorServices

struct LoginPage: PageModel {
    var title: String { "工作人员登录" }
    var username = ""
    var message: String?
    var next = "/admin"
}

extension OneDoorWeb {
    func registerSession<Context: RequestContext>(on router: Router<Context>) {
        router.get("/login") { request, _ in
            try pages.render("login", LoginPage(next: safeNext(request.uri.queryParameters["next"].map(String.init))))
        }
        router.post("/login") { request, context in
            let form = try await formData(request, context)
            let username = form["username"] ?? ""
            let next = safeNext(form["next"])
            do {
                let signedIn = try await auth.signIn(
                    username: username, password: form["password"] ?? "", kind: .cookie, client: RequestScope.current.client
                )
                return Response(status: .seeOther, headers: [
                    .location: next, .setCookie: SessionCookie.set(signedIn.token, secure: pages.secureCookies),
                ])
            } catch let error as AuthError {
                let status: HTTPResponse.Status = switch error {
                case .locked: .init(code: 423)
                case .tooManyAttempts: .tooManyRequests
                default: .unauthorized
                }
                var response = try pages.render("login", LoginPage(username: username, message: error.message, next: next), status: status)
                if case .tooManyAttempts(let wait) = error { response.headers[.retryAfter] = String(wait) }
                return response
            }
        }
        router.post("/logout") { request, context in
            if let identity = RequestScope.current.identity {
                let form = try await formData(request, context)
                guard form["_csrf"] == identity.csrfToken else { throw AuthError.badCSRFToken }
                try await auth.signOut(identity)
            }
            return Response(status: .seeOther, headers: [.location: "/", .setCookie: SessionCookie.clear(secure: pages.secureCookies)])
        }
    }

    /// Only paths of this site: a login link must not send people to another site.
    func safeNext(_ next: String?) -> String {
        LocalPath.checked(next) ?? "/admin"
    }

    func formData(_ request: Request, _ context: some RequestContext) async throws -> FormData {
        var request = request
        let buffer = try await request.collectBody(upTo: 32 << 20)
        return FormData(body: Array(buffer: buffer), contentType: request.headers[.contentType])
    }

    /// The signed-in identity with `permission` for a staff page, checking the form's CSRF token
    /// on posts. Signed-out visitors are sent to the login page.
    func staff(_ permission: Permission, form: FormData? = nil) throws -> Identity {
        guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
        try identity.require(permission)
        if let form, form["_csrf"] != identity.csrfToken { throw AuthError.badCSRFToken }
        return identity
    }
}
