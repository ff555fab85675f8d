import Synchronization
import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import OneDoorCore
import OneDoorStorage

/// A signed-in staff member, as the request handlers see them.
public struct Identity: Sendable, Hashable {
    public var account: StaffAccount
    /// SHA-256 of the session token, to end this session.
    public var sessionTokenHash: String
    /// The token a form must carry to prove it came from our own page (cookie sessions only).
    public var csrfToken: String

    public init(account: StaffAccount, sessionTokenHash: String, csrfToken: String) {
        self.account = account
        self.sessionTokenHash = sessionTokenHash
        self.csrfToken = csrfToken
    }

    public var role: Role { account.role }

    /// The actor recorded with the changes this person makes.
    public func actor(client: String) -> AuditActor {
        AuditActor(accountID: account.id, name: "\(account.username)（\(account.staffNumber)）", client: client)
    }

    /// Throws ``AuthError/forbidden(_:)`` unless the role has `permission`.
    public func require(_ permission: Permission) throws(AuthError) {
        guard account.role.may(permission) else { throw AuthError.forbidden(permission) }
    }
}

/// Why a request is not allowed.
public enum AuthError: Error, Sendable, Equatable {
    /// No valid session or token.
    case unauthenticated
    /// Wrong user name or password (never says which).
    case invalidCredentials
    /// The password was set by an administrator: its owner must choose their own first.
    case passwordChangeRequired
    /// Signed in, but the role lacks the permission.
    case forbidden(Permission)
    /// A form without the session's CSRF token.
    case badCSRFToken
    /// Too many failed sign-ins from this client; try again after `retryAfter` seconds.
    case tooManyAttempts(retryAfter: Int64)

    /// The message for people.
    public var message: String {
        switch self {
        case .unauthenticated: "请先登录"
        case .invalidCredentials: "用户名或密码错误"
        case .passwordChangeRequired: "您的密码由管理员设置，请先修改密码"
        case .forbidden(let permission): "当前角色无权执行此操作（需要“\(permission.label)”权限）"
        case .badCSRFToken: "页面已过期，请刷新后重新提交"
        case .tooManyAttempts(let wait): wait < 60 ? "登录失败次数过多，请 \(wait) 秒后再试" : "登录失败次数过多，请 \((wait + 59) / 60) 分钟后再试"
        }
    }
}

/// A fresh session: the token goes to the client once and is never stored in the clear.
public struct SignedIn: Sendable {
    public var token: String
    public var identity: Identity
}

/// Signing in and out, sessions and password hashing.
public struct AuthService: Sendable {
    public let accounts: AccountRepository
    let clock: any AppClock
    let policy: LoginPolicy
    /// bcrypt cost; 12 in production (≈ 0.25 s), lower in tests.
    let bcryptCost: UInt8
    let randomToken: @Sendable () -> String
    let audit: AuditRepository
    let throttle: ClientThrottle
    /// Failed sign-ins by user name and client (``SignInDelays``), kept by this server.
    let delays = SignInDelayTable()
    /// A bcrypt hash of a random password at the configured cost, verified against when the
    /// user name is unknown so that both paths take the same time.
    let timingHash: String
    /// Sessions recently read from the database, so that a signed-in client's requests do not
    /// each read their session and account again (ADR 0009). Every change made here to an
    /// account or a session (sign-out, disabling, role or binding change, password reset)
    /// forgets them all at once, here and, through the cluster bus, on the other servers
    /// sharing the database (within `sessionCacheSeconds` should a message be lost).
    let sessionCache: TimedCache<String, (session: Session, account: StaffAccount)>
    let cluster: ClusterBus?

    /// Forgets the cached sessions here (a change made on another server).
    public func forgetCachedSessions() { sessionCache.forgetAll() }

    /// After a change to an account or session: forget cached sessions here and on the other servers.
    func sessionsChanged() {
        sessionCache.forgetAll()
        cluster?.publish(.sessions)
    }

    public init(
        accounts: AccountRepository, clock: any AppClock, policy: LoginPolicy = LoginPolicy(), bcryptCost: UInt8 = 12,
        throttle: AttemptLimiter = AttemptLimiter(), sessionCacheSeconds: Int64 = 5,
        randomToken: @escaping @Sendable () -> String = AuthService.secureRandomToken, cluster: ClusterBus? = nil
    ) {
        self.cluster = cluster
        self.accounts = accounts
        self.audit = AuditRepository(database: accounts.database)
        self.throttle = ClientThrottle(throttle)
        self.timingHash = Bcrypt.hash(UUID().uuidString, cost: bcryptCost)
        self.sessionCache = TimedCache(seconds: sessionCacheSeconds, capacity: 10_000)
        self.clock = clock
        self.policy = policy
        self.bcryptCost = bcryptCost
        self.randomToken = randomToken
    }

    /// 32 random bytes from the system's secure generator, base64url without padding.
    public static func secureRandomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base64URL(bytes)
    }

    /// Base64url without padding (RFC 4648 §5): tokens, and PKCE's code challenge.
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case hex of the token's SHA-256 (the form stored in `sessions`). Runs on every
    /// signed-in request.
    public static func hashToken(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// Hashes a password on NIO's thread pool: bcrypt is deliberately slow and must not hold up
    /// the threads that serve requests.
    public func hashPassword(_ password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Checks a user name and password and opens a session.
    ///
    /// Known and unknown user names are answered alike (the same message, the same delays, the
    /// same bcrypt work); failures slow the failing client down (``SignInDelays``) but never
    /// lock the account for its owner, and each one is in the audit log with the client address.
    public func signIn(username: String, password: String, kind: SessionKind, client: String) async throws -> SignedIn {
        let now = clock.now()
        let name = username.trimmingWhitespace()
        // Refused before any bcrypt work, so a flood of guesses costs the server next to nothing.
        if let wait = throttle.retryAfter(client: client, now: now) { throw AuthError.tooManyAttempts(retryAfter: wait) }
        if let wait = delays.retryAfter(username: name, client: client, now: now) {
            throw AuthError.tooManyAttempts(retryAfter: wait)
        }
        let (stored, known) = try await check(username: name, password: password)
        guard let stored else {
            throttle.record(client: client, now: now)
            let delay = delays.recordFailure(username: name, client: client, now: now)
            // A typed name may be a password typed in the wrong box: unknown names are not kept.
            try await audit.record(
                at: now, actor: AuditActor(accountID: nil, name: "anonymous", client: client), action: "session.signInFailed",
                target: known ? name : "（不存在的用户名）", detail: delay > 0 ? "此后须等待 \(delay) 秒" : ""
            )
            throw AuthError.invalidCredentials
        }
        delays.recordSuccess(username: name, client: client)
        return try await openSession(for: stored.account, kind: kind, client: client, now: now)
    }

    /// The account if the password is its own and it is enabled (nil otherwise), and whether an
    /// account has the name at all (for the audit log only); the same bcrypt work either way, so
    /// timing does not reveal user names.
    private func check(username: String, password: String) async throws -> (account: StoredAccount?, known: Bool) {
        guard let stored = try await accounts.find(username: username) else {
            _ = try await verify(password, hash: timingHash)
            return (nil, false)
        }
        guard try await verify(password, hash: stored.passwordHash), !stored.account.disabled else { return (nil, true) }
        return (stored, true)
    }

    private func openSession(for account: StaffAccount, kind: SessionKind, client: String, now: Int64) async throws -> SignedIn {
        let token = randomToken()
        let session = Session(
            tokenHash: Self.hashToken(token), accountID: account.id, kind: kind,
            csrfToken: randomToken(), createdAt: now, lastSeenAt: now
        )
        try await accounts.createSession(session)
        try await audit.record(
            at: now, actor: AuditActor(accountID: account.id, name: account.username, client: client),
            action: "session.signIn", target: account.username, detail: kind.rawValue
        )
        return SignedIn(
            token: token,
            identity: Identity(account: account, sessionTokenHash: session.tokenHash, csrfToken: session.csrfToken)
        )
    }

    /// The identity behind a session token, or nil when the token is unknown, of the wrong
    /// kind, expired after idling, or its account is disabled.
    public func authenticate(token: String, kind: SessionKind) async throws -> Identity? {
        let hash = Self.hashToken(token)
        let now = clock.now()
        let session: Session, account: StaffAccount
        if let cached = sessionCache.fresh(hash, now: now) {
            (session, account) = (cached.session, cached.account)
        } else {
            let generation = sessionCache.generation
            guard let stored = try await accounts.session(tokenHash: hash) else { return nil }
            (session, account) = stored
            sessionCache.store((session, account), for: hash, now: now, readAt: generation)
        }
        guard session.kind == kind else { return nil }
        if policy.isExpired(created: session.createdAt, lastSeen: session.lastSeenAt, now: now) || account.disabled {
            try await accounts.deleteSession(tokenHash: hash)
            sessionsChanged()
            return nil
        }
        // Refresh at most once a minute: a write per request would make reads pay for it.
        if now - session.lastSeenAt >= 60 {
            try await accounts.touchSession(tokenHash: hash, at: now)
            sessionCache.update(hash) { $0.session.lastSeenAt = now }
        }
        return Identity(account: account, sessionTokenHash: hash, csrfToken: session.csrfToken)
    }

    public func signOut(_ identity: Identity) async throws {
        defer { sessionsChanged() }
        try await accounts.deleteSession(tokenHash: identity.sessionTokenHash)
    }

    /// "姓名（工号）" by account id, for statistics by member of staff.
    public func staffLabels() async throws -> [Int64: String] {
        var labels: [Int64: String] = [:]
        for account in try await accounts.list() {
            labels[account.id] = "\(account.displayName)（\(account.staffNumber)）"
        }
        return labels
    }

    /// Creates an account with a password after checking both. A password an administrator
    /// chose (an actor with an account) must be changed by its owner at the first sign-in; the
    /// system's own (the command line, the demo) need not.
    /// Every staff account.
    public func accounts(by identity: Identity) async throws -> [StaffAccount] {
        try identity.require(.readAccounts)
        return try await accounts.list()
    }

    /// One staff account by user name.
    public func account(username: String, by identity: Identity) async throws -> StaffAccount {
        try identity.require(.readAccounts)
        guard let stored = try await accounts.find(username: username) else { throw AccountError.notFound }
        return stored.account
    }

    public func createAccount(_ account: StaffAccount, password: String, by actor: AuditActor) async throws -> StaffAccount {
        var account = account
        account.mustChangePassword = actor.accountID != nil
        let problems = StaffAccount.passwordProblems(password)
        if !problems.isEmpty {
            // Report password and field problems together.
            let fieldProblems = account.problems(halls: [], departments: []).filter { !["hall", "department"].contains($0.path) }
            throw ValidationFailed(fieldProblems + problems)
        }
        return try await accounts.create(account, passwordHash: try await hashPassword(password), by: actor, at: clock.now())
    }

    /// Changes an account's fields, role, binding or disabled flag on behalf of `editor`.
    /// An administrator cannot disable or demote themselves (a slip would lock them out);
    /// the repository keeps at least one active administrator in any case.
    public func updateAccount(_ account: StaffAccount, by editor: Identity) async throws {
        if account.id == editor.account.id {
            var c = ProblemCollector()
            if account.disabled { c.add("disabled", "不能停用自己的账号") }
            if account.role != editor.account.role { c.add("role", "不能修改自己的角色") }
            try c.throwIfAny()
        }
        defer { sessionsChanged() }
        try await accounts.update(account, by: editor.actor(client: RequestScope.current.client), at: clock.now())
    }

    /// Sets another member of staff's password (an administrator's reset): its owner must change
    /// it at the next sign-in, and their sessions end.
    public func setPassword(accountID: Int64, password: String, by actor: AuditActor) async throws {
        let problems = StaffAccount.passwordProblems(password)
        if !problems.isEmpty { throw ValidationFailed(problems) }
        defer { sessionsChanged() }
        try await accounts.setPassword(accountID: accountID, hash: try await hashPassword(password), mustChange: actor.accountID != accountID,
                                       by: actor, at: clock.now())
    }

    /// A member of staff chooses their own password, proving the current one. Every session of
    /// the account ends, this one too: they sign in again with the new password.
    public func changeOwnPassword(_ identity: Identity, current: String, new: String, client: String) async throws {
        var c = ProblemCollector()
        guard let stored = try await accounts.find(username: identity.account.username),
              try await verify(current, hash: stored.passwordHash)
        else {
            c.add("currentPassword", "当前密码不正确")
            c.add(contentsOf: StaffAccount.passwordProblems(new).map { ValidationProblem(path: "newPassword", reason: $0.reason) })
            throw ValidationFailed(c.problems)
        }
        c.add(contentsOf: StaffAccount.passwordProblems(new).map { ValidationProblem(path: "newPassword", reason: $0.reason) })
        if current == new { c.add("newPassword", "新密码不能与当前密码相同") }
        try c.throwIfAny()
        defer { sessionsChanged() }
        try await accounts.setPassword(accountID: stored.account.id, hash: try await hashPassword(new), mustChange: false,
                                       by: identity.actor(client: client), at: clock.now())
    }


}
