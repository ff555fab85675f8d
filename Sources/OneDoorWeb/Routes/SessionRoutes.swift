import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

struct LoginPage: PageModel {
    var title: String { "工作人员登录" }
    var username = ""
    var message: String?
    /// Where to go after signing in; empty: the member of staff's own work (``landing(for:)``).
    var next = ""
    /// Repeats the sign-in cookie (``LoginCookie``).
    var csrf = ""
}

struct PasswordPage: PageModel {
    var title: String { "修改密码" }
    var required: Bool
    var message: String?
    /// The reasons only: people read these, not field paths.
    var problems: [String]

    init(required: Bool, message: String? = nil, problems: [ValidationProblem] = []) {
        self.required = required
        self.message = message
        self.problems = problems.map(\.reason)
    }
}

extension OneDoorWeb {
    func registerSession<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.login.route) { request, _ in
            try loginPage(LoginPage(next: LocalPath.checked(request.uri.queryParameters["next"].map(String.init)) ?? ""), status: .ok)
        }
        router.post(SiteURL.login.route) { request, context in
            let form = try await formData(request, context)
            let username = form["username"] ?? ""
            let next = LocalPath.checked(form["next"])
            guard let cookie = request.cookies[LoginCookie.name]?.value, !cookie.isEmpty, ConstantTime.equal(cookie, form["_csrf"] ?? "") else {
                return try loginPage(LoginPage(username: username, message: "登录页面已过期，请重新输入密码登录", next: next ?? ""), status: .forbidden)
            }
            do {
                let signedIn = try await auth.signIn(
                    username: username, password: form["password"] ?? "", kind: .cookie, client: RequestScope.current.client
                )
                let target = signedIn.identity.account.mustChangePassword ? SiteURL.accountPassword.path : next ?? Self.landing(for: signedIn.identity.role)
                return Response(status: .seeOther, headers: [
                    .location: target, .setCookie: SessionCookie.set(signedIn.token, secure: pages.secureCookies),
                ])
            } catch let error as AuthError {
                let status: HTTPResponse.Status = if case .tooManyAttempts = error { .tooManyRequests } else { .unauthorized }
                var response = try loginPage(LoginPage(username: username, message: error.message, next: next ?? ""), status: status)
                if case .tooManyAttempts(let wait) = error { response.headers[.retryAfter] = String(wait) }
                return response
            }
        }
        router.get(SiteURL.accountPassword.route) { _, _ in
            guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
            return try pages.render("password", PasswordPage(required: identity.account.mustChangePassword))
        }
        router.post(SiteURL.accountPassword.route) { request, context in
            let form = try await formData(request, context)
            guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
            guard form["_csrf"] == identity.csrfToken else { throw AuthError.badCSRFToken }
            do {
                if (form["newPassword"] ?? "") != (form["confirmPassword"] ?? "") {
                    throw ValidationFailed([ValidationProblem(path: "confirmPassword", reason: "两次输入的新密码不一致")])
                }
                try await auth.changeOwnPassword(identity, current: form["currentPassword"] ?? "", new: form["newPassword"] ?? "",
                                                 client: RequestScope.current.client)
            } catch let failed as ValidationFailed {
                return try pages.render("password", PasswordPage(required: identity.account.mustChangePassword, message: "未修改，请改正以下问题：",
                                                                 problems: failed.problems), status: .unprocessableContent)
            }
            // Every session of the account has ended: sign in again with the new password.
            return try loginPage(LoginPage(username: identity.account.username, message: "密码已修改，请用新密码重新登录。"), status: .ok,
                                 clearSession: true)
        }
        router.post(SiteURL.logout.route) { request, context in
            if let identity = RequestScope.current.identity {
                let form = try await formData(request, context)
                guard form["_csrf"] == identity.csrfToken else { throw AuthError.badCSRFToken }
                try await auth.signOut(identity)
            }
            return Response(status: .seeOther, headers: [.location: "/", .setCookie: SessionCookie.clear(secure: pages.secureCookies)])
        }
    }

    /// The sign-in form with a fresh token in its cookie and its form.
    func loginPage(_ page: LoginPage, status: HTTPResponse.Status, clearSession: Bool = false) throws -> Response {
        var page = page
        page.csrf = AuthService.secureRandomToken()
        var response = try pages.render("login", page, status: status)
        response.headers.append(HTTPField(name: .setCookie, value: LoginCookie.set(page.csrf, secure: pages.secureCookies)))
        if clearSession { response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.clear(secure: pages.secureCookies))) }
        return response
    }

    /// Where staff land after signing in: their work. The window clerk at the hall's workstation,
    /// the approver at the department's queue by deadline, the supervisor at the district's cases
    /// (电子监察), the administrator at administration.
    static func landing(for role: Role) -> String {
        switch role {
        case .clerk: SiteURL.workstation.path
        case .approver, .supervisor: SiteURL.cases.path
        case .admin: SiteURL.admin.path
        }
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
