import Crypto
import Foundation
import OneDoorCore
import OneDoorStorage

/// Citizens' own accounts (issue 15 §1): sign-in by phone and one-time code, sessions apart from
/// staff sessions, real-name binding. Every entrance (pages, API) comes here.
public final class CitizenService: Sendable {
    let repository: CitizenRepository
    let templates: MessageTemplateService
    let notifications: NotificationService
    let clock: any AppClock
    /// Codes asked for per client (an hour) and failed sign-ins per client (ten minutes): one
    /// address cannot spray codes at many phones or guess at many accounts.
    let codeRequests: ClientThrottle
    let failures: ClientThrottle
    let randomCode: @Sendable () -> String

    public var policy: SignInCodePolicy { repository.policy }

    public init(repository: CitizenRepository, notifications: NotificationService, clock: any AppClock,
                randomCode: @escaping @Sendable () -> String = { var g = SystemRandomNumberGenerator(); return SignInCodePolicy.code(using: &g) },
                templates: MessageTemplateService = .builtIn) {
        self.templates = templates
        self.repository = repository
        self.notifications = notifications
        self.clock = clock
        self.codeRequests = ClientThrottle(AttemptLimiter(limit: repository.policy.perClientPerHour, window: 3_600))
        self.failures = ClientThrottle(AttemptLimiter(limit: repository.policy.failuresPerClient, window: 600))
        self.randomCode = randomCode
    }

    /// The phone as a mainland mobile number, or a problem naming the field.
    static func mobile(_ phone: String) throws(ProblemDetails) -> String {
        guard let mobile = CaseMessages.mobile(phone) else {
            throw ProblemDetails(status: 422, title: "Unprocessable Content", detail: "请输入11位手机号码",
                                 errors: [ValidationProblem(path: "phone", reason: "应为11位中国大陆手机号码")], type: "/problems/validation")
        }
        return mobile
    }

    static func tooMany(_ seconds: Int64, _ detail: String) -> ProblemDetails {
        var problem = ProblemDetails(status: 429, title: "Too Many Requests", detail: detail)
        problem.retryAfter = seconds
        return problem
    }

    /// Sends a sign-in code to `phone` by SMS (through the outbox, urgent). The answer is the same
    /// whether or not the phone has an account; only the per-phone and per-client limits refuse.
    public func requestCode(phone: String, client: String) async throws {
        let mobile = try Self.mobile(phone)
        let now = clock.now()
        if let wait = codeRequests.admit(client: client, now: now) {
            throw Self.tooMany(wait, "获取验证码过于频繁，请 \(Self.minutes(wait)) 后再试")
        }
        let code = randomCode()
        let outcome = try await repository.requestCode(phone: mobile, codeHash: Self.hash(code: code, phone: mobile),
                                                       message: CitizenMessages.code(code, phone: mobile, at: now, book: await templates.current()), at: now)
        switch outcome {
        case .sent:
            notifications.wake()
        case .wait(let seconds):
            throw Self.tooMany(seconds, seconds <= policy.interval ? "验证码已发送，请 \(seconds) 秒后再重新获取" : "该号码今天获取验证码的次数已用完，请 \(Self.minutes(seconds)) 后再试")
        }
    }

    /// Signs in with the code: opens the phone's account on first sign-in, and a session.
    public func signIn(phone: String, code: String, client: String) async throws -> (token: String, identity: CitizenIdentity) {
        let mobile = try Self.mobile(phone)
        let now = clock.now()
        if let wait = failures.retryAfter(client: client, now: now) {
            throw Self.tooMany(wait, "验证失败次数过多，请 \(Self.minutes(wait)) 后再试")
        }
        let refused = ProblemDetails(status: 400, title: "Bad Request", detail: "验证码错误或已过期，请重新获取",
                                     errors: [ValidationProblem(path: "code", reason: "验证码错误或已过期")], type: "/problems/citizen-code")
        let trimmed = code.trimmingWhitespace()
        guard SignInCodePolicy.isCodeShaped(trimmed) else {
            failures.record(client: client, now: now)
            throw refused
        }
        let token = "c." + AuthService.secureRandomToken()
        let csrf = AuthService.secureRandomToken()
        let result = try await repository.signIn(phone: mobile, codeHash: Self.hash(code: trimmed, phone: mobile),
                                                 tokenHash: AuthService.hashToken(token), csrfToken: csrf, at: now)
        guard case .signedIn(let account) = result else {
            failures.record(client: client, now: now)
            throw refused
        }
        return (token, CitizenIdentity(account: account, sessionTokenHash: AuthService.hashToken(token), csrfToken: csrf))
    }

    /// The citizen a token belongs to; nil for anything else, staff tokens included (they are
    /// never in this table).
    public func authenticate(token: String) async throws -> CitizenIdentity? {
        guard token.hasPrefix("c."), token.utf8.count < 100 else { return nil }
        let hash = AuthService.hashToken(token)
        guard let (account, csrf) = try await repository.session(tokenHash: hash, at: clock.now()) else { return nil }
        return CitizenIdentity(account: account, sessionTokenHash: hash, csrfToken: csrf)
    }

    /// Ends the session; the provider's ID token when it was opened through the province (to
    /// sign out there too, ``ProvinceSignIn/logoutURL(idToken:returnTo:)``).
    @discardableResult
    public func signOut(_ identity: CitizenIdentity) async throws -> String? {
        try await repository.signOut(tokenHash: identity.sessionTokenHash)
    }

    /// Binds the account to a person by their own word (实名（自报）): the name and a resident ID
    /// that passes GB 11643. An account a clerk verified keeps its person.
    public func declareRealName(name: String, documentType: DocumentType, documentNumber: String, by identity: CitizenIdentity) async throws -> CitizenAccount {
        var c = ProblemCollector()
        let person = Person(name: name, documentType: documentType, documentNumber: documentNumber).checked(today: CivilDate(epochSeconds: clock.now()), into: &c)
        if ![DocumentType.residentID, .residencePermit].contains(documentType) {
            c.add("documentType", "网上实名认证仅支持居民身份证和港澳台居民居住证，其他证件请到窗口办理")
        }
        try c.throwIfAny()
        // Refused here for the account as signed in, and by storage should a clerk verify it meanwhile.
        let verified = ProblemDetails(status: 409, title: "Conflict", detail: "账号已在窗口核验实名，如需变更请携带身份证件到窗口办理")
        guard identity.account.realName != .verified, let account = try await repository.setRealName(
            id: identity.account.id, name: person.name, documentType: documentType, documentNumber: person.documentNumber,
            level: .selfDeclared, verifiedBy: nil, at: clock.now()
        ) else { throw verified }
        return account
    }

    /// A clerk has seen the holder of `phone` and their ID card at a window: the account becomes
    /// 实名（核验）, bound to the person on the card (replacing any self-declaration), audited.
    /// The account must exist (the citizen signs in once on their phone first).
    public func verifyAtWindow(phone: String, name: String, documentType: DocumentType, documentNumber: String,
                               by identity: Identity, client: String) async throws -> CitizenAccount {
        try identity.require(.verifyCitizens)
        var c = ProblemCollector()
        let (mobile, person) = windowPerson(phone: phone, name: name, documentType: documentType, documentNumber: documentNumber, into: &c)
        try c.throwIfAny()
        guard let mobile, let account = try await repository.find(phone: mobile) else {
            throw ProblemDetails(status: 404, title: "Not Found", detail: "该手机号码还没有开通账号：请群众先用手机号码和验证码登录一次，再来核验",
                                 errors: [ValidationProblem(path: "phone", reason: "该号码尚未开通账号")])
        }
        let detail = "窗口核验实名：\(person.name) \(documentType.label) \(documentType.masked(person.documentNumber))"
        guard let verified = try await repository.setRealName(
            id: account.id, name: person.name, documentType: documentType, documentNumber: person.documentNumber, level: .verified,
            verifiedBy: identity.account.staffNumber, at: clock.now(), audit: (identity.actor(client: client), detail)
        ) else { throw ProblemDetails.notFound("账号不存在") }
        return verified
    }

    /// What the clerk typed from the ID card, checked: the mobile number and the person.
    func windowPerson(phone: String, name: String, documentType: DocumentType, documentNumber: String,
                      into c: inout ProblemCollector) -> (mobile: String?, person: Person) {
        let mobile = CaseMessages.mobile(phone)
        if mobile == nil { c.add("phone", "应为11位中国大陆手机号码") }
        return (mobile, Person(name: name, documentType: documentType, documentNumber: documentNumber).checked(today: CivilDate(epochSeconds: clock.now()), into: &c))
    }

    /// 窗口开户 (issue 15 §1): the clerk has seen the person and their ID card, and the person
    /// reads out the code just sent to their phone (``requestCode(phone:client:)``). The phone's
    /// account is opened if new and bound to the person as 实名（核验）, audited. A wrong code
    /// counts against the phone's tries and the clerk's client, as at the sign-in.
    public func registerAtWindow(phone: String, code: String, name: String, documentType: DocumentType, documentNumber: String,
                                 by identity: Identity, client: String) async throws -> CitizenAccount {
        try identity.require(.verifyCitizens)
        var c = ProblemCollector()
        let (mobile, person) = windowPerson(phone: phone, name: name, documentType: documentType, documentNumber: documentNumber, into: &c)
        let trimmed = code.trimmingWhitespace()
        if !SignInCodePolicy.isCodeShaped(trimmed) { c.add("code", "请填写群众手机收到的 6 位验证码") }
        try c.throwIfAny()
        guard let mobile else { throw ValidationFailed(c.problems) }
        let now = clock.now()
        if let wait = failures.retryAfter(client: client, now: now) {
            throw Self.tooMany(wait, "验证失败次数过多，请 \(Self.minutes(wait)) 后再试")
        }
        let detail = "窗口开户并核验实名：\(person.name) \(documentType.label) \(documentType.masked(person.documentNumber))"
        guard let account = try await repository.registerAtWindow(phone: mobile, codeHash: Self.hash(code: trimmed, phone: mobile), person: person,
                                                                   verifiedBy: identity.account.staffNumber, at: now,
                                                                   audit: (identity.actor(client: client), detail)) else {
            failures.record(client: client, now: now)
            throw ProblemDetails(status: 400, title: "Bad Request", detail: "验证码错误或已过期，请重新发送",
                                 errors: [ValidationProblem(path: "code", reason: "验证码错误或已过期")], type: "/problems/citizen-code")
        }
        return account
    }

    /// The address e-mail notices go to (nil: none).
    public func setEmail(_ email: String?, by identity: CitizenIdentity) async throws -> CitizenAccount {
        var c = ProblemCollector()
        let checked = EmailAddress.checked(email, field: "email", into: &c)
        try c.throwIfAny()
        guard let account = try await repository.setEmail(id: identity.account.id, email: checked) else {
            throw ProblemDetails.notFound("账号不存在")
        }
        return account
    }

    /// SHA-256 of the code bound to its phone: a code stored for one phone says nothing of another.
    static func hash(code: String, phone: String) -> String {
        AuthService.hashToken("citizen-code:\(phone):\(code)")
    }

    static func minutes(_ seconds: Int64) -> String {
        seconds < 60 ? "\(seconds) 秒" : "\((seconds + 59) / 60) 分钟"
    }
}
