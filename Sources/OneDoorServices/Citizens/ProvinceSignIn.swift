import AsyncHTTPClient
import Crypto
import Foundation
import JWTKit
import Logging
import NIOCore
import OneDoorCore
import OneDoorStorage
import Synchronization

/// The provincial identity provider a deployment signs citizens in through (ADR 0028).
public struct OIDCConfiguration: Sendable, Equatable {
    /// The issuer, as its discovery document and ID tokens name it (`ONEDOOR_OIDC_ISSUER`).
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    /// Where the provider sends the browser back: `<public URL>/citizen/oidc/callback`.
    public var redirectURI: String
    /// The ID token claim that carries the resident ID number (`ONEDOOR_OIDC_ID_CLAIM`).
    public var idNumberClaim: String
    public var timeout: Duration

    public init(issuer: String, clientID: String, clientSecret: String, redirectURI: String, idNumberClaim: String = "id_number",
                timeout: Duration = .seconds(10)) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.idNumberClaim = idNumberClaim
        self.timeout = timeout
    }
}

/// An OpenID Connect relying party (authorization code with PKCE, S256): the login begins here
/// with a state, a nonce and a verifier stored for any server to finish it; the provider's ID
/// token is checked against its JWKS (vapor/jwt-kit), its issuer, audience, expiry and nonce;
/// the person it names (name, resident ID, mobile) signs in as a verified account.
public final class ProvinceSignIn: Sendable {
    public let configuration: OIDCConfiguration
    let repository: CitizenRepository
    let clock: any AppClock
    let client: HTTPClient
    let logger: Logger
    /// The provider's endpoints and keys, fetched on first use; keys fetched again when a token
    /// names a key they lack (the provider rotated).
    private let provider = Mutex<(endpoints: Endpoints?, keys: JWTKeyCollection?, kids: Set<String>)>((nil, nil, []))
    static let loginLifetime: Int64 = 600

    struct Endpoints: Decodable, Sendable {
        var issuer: String
        var authorization_endpoint: String
        var token_endpoint: String
        var jwks_uri: String
        /// RP-initiated logout, where the provider offers it.
        var end_session_endpoint: String?
    }

    /// What a completed provider login comes to: a session, or — the provider gave no mobile
    /// number — a binding waiting for the citizen to prove a phone with a code.
    public enum Completion: Sendable {
        case signedIn(token: String, identity: CitizenIdentity, next: String)
        case bindPhone(token: String)
    }

    public init(configuration: OIDCConfiguration, repository: CitizenRepository, clock: any AppClock, client: HTTPClient = .shared,
                logger: Logger = Logger(label: "onedoor.province")) {
        self.logger = logger
        self.configuration = configuration
        self.repository = repository
        self.clock = clock
        self.client = client
    }

    /// Why a provider sign-in failed, in words for the citizen (details go to the log).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var detail: String
        public var description: String { "\(message)（\(detail)）" }

        public init(message: String, detail: String) {
            self.message = message
            self.detail = detail
        }

        /// The account of the phone was verified at a window as someone else.
        static let verifiedAsOther = Failure(message: "该手机号码的账号已在窗口核验为他人，请到综合窗口处理", detail: "account verified as another person")
    }

    /// Starts a login: the provider's authorization URL and the state the browser keeps in a
    /// cookie (the callback must come back to the browser that began it).
    public func begin(next: String) async throws -> (url: String, state: String) {
        let endpoints = try await self.endpoints()
        let state = AuthService.secureRandomToken(), nonce = AuthService.secureRandomToken(), verifier = AuthService.secureRandomToken()
        try await repository.saveLogin(state: state, .init(nonce: nonce, verifier: verifier, next: next), expiresAt: clock.now() + Self.loginLifetime)
        let challenge = AuthService.base64URL(SHA256.hash(data: Array(verifier.utf8)))
        var components = URLComponents(string: endpoints.authorization_endpoint)
        let existing = components?.queryItems ?? []
        components?.queryItems = existing + [
            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: configuration.clientID),
            URLQueryItem(name: "redirect_uri", value: configuration.redirectURI), URLQueryItem(name: "scope", value: "openid profile phone"),
            URLQueryItem(name: "state", value: state), URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: challenge), URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        guard let url = components?.url?.absoluteString else { throw Failure(message: "统一身份认证平台地址配置有误", detail: endpoints.authorization_endpoint) }
        return (url, state)
    }

    /// Finishes a login: the state must be this browser's and unused; the code is exchanged with
    /// the verifier; the ID token checked; the person signed in. Returns the session token and
    /// where to go next.
    public func complete(code: String, state: String, browserState: String?) async throws -> Completion {
        guard let browserState, ConstantTime.equal(browserState, state) else {
            throw Failure(message: "登录请求已失效，请重新登录", detail: "state does not match this browser")
        }
        guard let login = try await repository.takeLogin(state: state, at: clock.now()) else {
            throw Failure(message: "登录请求已失效或已使用，请重新登录", detail: "unknown, used or expired state")
        }
        let endpoints = try await self.endpoints()
        let idToken = try await exchange(code: code, verifier: login.verifier, endpoints: endpoints)
        let claims = try await verify(idToken)
        try claims.check(issuer: configuration.issuer, audience: configuration.clientID, nonce: login.nonce, now: clock.now())
        let person = try claims.person(idNumberClaim: configuration.idNumberClaim)
        if person.phone.isEmpty {
            // Accounts are keyed by mobile number (codes, SMS): the citizen proves one first.
            let token = AuthService.secureRandomToken()
            try await repository.saveBinding(tokenHash: AuthService.hashToken(token),
                                             .init(issuer: configuration.issuer, subject: claims.sub.value, person: person, idToken: idToken, next: login.next),
                                             expiresAt: clock.now() + Self.loginLifetime)
            return .bindPhone(token: token)
        }
        let token = "c." + AuthService.secureRandomToken(), csrf = AuthService.secureRandomToken()
        do {
            let account = try await repository.federatedSignIn(issuer: configuration.issuer, subject: claims.sub.value, phone: person.phone, person: person,
                                                               idToken: idToken, tokenHash: AuthService.hashToken(token), csrfToken: csrf, at: clock.now())
            return .signedIn(token: token, identity: CitizenIdentity(account: account, sessionTokenHash: AuthService.hashToken(token), csrfToken: csrf),
                             next: login.next)
        } catch CitizenRepository.ProvinceSignInRefusal.verifiedAsOther {
            throw Failure.verifiedAsOther
        }
    }

    /// The person waiting to bind a phone under `token` (masked, for the sign-in page), or nil.
    public func pendingBinding(_ token: String?) async throws -> Person? {
        guard let token, token.utf8.count < 100 else { return nil }
        return try await repository.binding(tokenHash: AuthService.hashToken(token), at: clock.now())?.person.masked
    }

    /// The citizen just signed in with a code to their phone: the person the provider vouched
    /// for is bound to that account (verified real name, the identity linked) and the waiting
    /// binding used up. Where to go next; nil when the binding had expired or was used.
    public func bind(_ token: String, to identity: CitizenIdentity) async throws -> String? {
        guard token.utf8.count < 100 else { return nil }
        do {
            return try await repository.bind(tokenHash: AuthService.hashToken(token), sessionHash: identity.sessionTokenHash, citizen: identity.account.id,
                                             at: clock.now())?.next
        } catch CitizenRepository.ProvinceSignInRefusal.verifiedAsOther {
            throw Failure.verifiedAsOther
        }
    }

    /// Where to send the browser to sign out at the province too (RP-initiated logout), for a
    /// session opened with `idToken`; nil when the provider offers no end-session endpoint.
    public func logoutURL(idToken: String, returnTo: String) async -> String? {
        guard let endpoint = try? await endpoints().end_session_endpoint, var components = URLComponents(string: endpoint) else { return nil }
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "id_token_hint", value: idToken), URLQueryItem(name: "client_id", value: configuration.clientID),
            URLQueryItem(name: "post_logout_redirect_uri", value: returnTo),
        ]
        return components.url?.absoluteString
    }

    /// Logs why a sign-in was refused (the citizen sees only the message).
    public func refused(_ failure: Failure) {
        logger.warning("province sign-in refused", metadata: ["reason": "\(failure.detail)"])
    }

    func endpoints() async throws -> Endpoints {
        if let known = provider.withLock({ $0.endpoints }) { return known }
        let url = configuration.issuer.hasSuffix("/") ? configuration.issuer + ".well-known/openid-configuration"
            : configuration.issuer + "/.well-known/openid-configuration"
        let endpoints = try JSONDecoder().decode(Endpoints.self, from: try await get(url))
        guard endpoints.issuer == configuration.issuer else {
            throw Failure(message: "统一身份认证平台配置有误", detail: "discovery names issuer \(endpoints.issuer)")
        }
        provider.withLock { $0.endpoints = endpoints }
        return endpoints
    }

    func exchange(code: String, verifier: String, endpoints: Endpoints) async throws -> String {
        var request = HTTPClientRequest(url: endpoints.token_endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let basic = Data("\(Self.formEncode(configuration.clientID)):\(Self.formEncode(configuration.clientSecret))".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(basic)")
        let form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", configuration.redirectURI), ("code_verifier", verifier)]
            .map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await client.execute(request, timeout: .init(configuration.timeout))
        let body = try await response.body.collect(upTo: 256 << 10)
        guard response.status == .ok else {
            throw Failure(message: "统一身份认证平台拒绝了登录，请重新登录", detail: "token endpoint \(response.status.code): \(String(buffer: body).prefix(200))")
        }
        struct TokenAnswer: Decodable { var id_token: String? }
        guard let idToken = try JSONDecoder().decode(TokenAnswer.self, from: Data(buffer: body)).id_token else {
            throw Failure(message: "统一身份认证平台未返回身份信息", detail: "no id_token")
        }
        return idToken
    }

    /// The token's claims if its signature is one of the provider's keys.
    func verify(_ idToken: String) async throws -> ProvinceClaims {
        let kid = Self.keyID(of: idToken)
        let known = provider.withLock { state in kid.map { state.kids.contains($0) } ?? (state.keys != nil) ? state.keys : nil }
        let keys: JWTKeyCollection
        if let known { keys = known } else { keys = try await refreshKeys() }
        do {
            return try await keys.verify(idToken, as: ProvinceClaims.self)
        } catch {
            throw Failure(message: "身份信息校验未通过，请重新登录", detail: "ID token: \(error)")
        }
    }

    func refreshKeys() async throws -> JWTKeyCollection {
        let endpoints = try await self.endpoints()
        let data = try await get(endpoints.jwks_uri)
        let jwks = try JSONDecoder().decode(JWKS.self, from: data)
        let keys = JWTKeyCollection()
        try await keys.add(jwks: jwks)
        let kids = Set(jwks.keys.compactMap { $0.keyIdentifier?.string })
        provider.withLock { $0.keys = keys; $0.kids = kids }
        return keys
    }

    func get(_ url: String) async throws -> Data {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .init(configuration.timeout))
        let body = try await response.body.collect(upTo: 256 << 10)
        guard response.status == .ok else { throw Failure(message: "统一身份认证平台暂时无法访问", detail: "GET \(url): \(response.status.code)") }
        return Data(buffer: body)
    }

    /// The `kid` of a compact JWS header, without trusting anything else in it.
    static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".").first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["kid"] as? String
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// What the provider's ID token says (the standard claims, the phone, the ID number under a
/// configurable claim name).
struct ProvinceClaims: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var sub: SubjectClaim
    var nonce: String?
    var name: String?
    var phone_number: String?
    var other: [String: String]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        iss = try c.decode(IssuerClaim.self, forKey: Key(stringValue: "iss"))
        aud = try c.decode(AudienceClaim.self, forKey: Key(stringValue: "aud"))
        exp = try c.decode(ExpirationClaim.self, forKey: Key(stringValue: "exp"))
        sub = try c.decode(SubjectClaim.self, forKey: Key(stringValue: "sub"))
        nonce = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "nonce"))
        name = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "name"))
        phone_number = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "phone_number"))
        var other: [String: String] = [:]
        for key in c.allKeys { if let text = try? c.decode(String.self, forKey: key) { other[key.stringValue] = text } }
        self.other = other
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(iss, forKey: Key(stringValue: "iss"))
        try c.encode(aud, forKey: Key(stringValue: "aud"))
        try c.encode(exp, forKey: Key(stringValue: "exp"))
        try c.encode(sub, forKey: Key(stringValue: "sub"))
    }

    /// The signature is checked by the key collection; the claims are checked against the
    /// application's clock in ``check(issuer:audience:nonce:now:)``.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    func check(issuer: String, audience: String, nonce expected: String, now: Int64) throws {
        guard iss.value == issuer else { throw ProvinceSignIn.Failure(message: "身份信息来源不符", detail: "iss \(iss.value)") }
        do {
            try aud.verifyIntendedAudience(includes: audience)
            try exp.verifyNotExpired(currentDate: Date(timeIntervalSince1970: TimeInterval(now)))
        } catch {
            throw ProvinceSignIn.Failure(message: "身份信息已过期或不是发给本平台的，请重新登录", detail: "\(error)")
        }
        guard let nonce, ConstantTime.equal(nonce, expected) else { throw ProvinceSignIn.Failure(message: "登录请求不符，请重新登录", detail: "nonce") }
    }

    /// The person the token names: a name, a resident ID valid per GB 11643, a mainland mobile.
    func person(idNumberClaim: String) throws -> Person {
        var c = ProblemCollector()
        let person = Person(name: name ?? "", documentType: .residentID, documentNumber: other[idNumberClaim] ?? "",
                            phone: CaseMessages.mobile(phone_number ?? "") ?? "").checked(today: nil, into: &c)
        guard c.problems.isEmpty else {
            throw ProvinceSignIn.Failure(message: "统一身份认证平台提供的身份信息不完整，无法登录",
                                         detail: c.problems.map { "\($0.path): \($0.reason)" }.joined(separator: "; "))
        }
        return person
    }
}
