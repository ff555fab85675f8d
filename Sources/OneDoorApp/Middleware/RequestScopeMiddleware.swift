import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OneDoorCore
import OneDoorServices
import OneDoorWeb

/// Finds who is asking and runs the rest of the request inside a ``RequestScope``; logs one
/// line per request with its request id, method, path, status and duration (no bodies, so no
/// personal data reaches the logs).
///
/// API paths accept only bearer tokens and pages only the session cookie: a cookie never
/// authorises an API call, so cross-site requests cannot use a signed-in browser against the API.
struct RequestScopeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let auth: AuthService
    let citizens: CitizenService
    /// Proxies whose `X-Forwarded-For` is believed (``ClientAddress``).
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let kioskToken = Self.kioskToken(request)
        // An API call with a kiosk's token is the kiosk's; a page may carry both cookies (a
        // member of staff setting up the kiosk), and is then theirs too.
        let citizen = try await authenticateCitizen(request)
        let identity = (kioskToken != nil || citizen != nil) && request.uri.path.hasPrefix("/api/") ? nil : try await authenticate(request)
        let client = ClientAddress.resolve(peer: context.client, forwardedFor: request.headers[.init("X-Forwarded-For")!], trustedProxies: trustedProxies)
        let scope = RequestScope(identity: identity, client: client, requestID: context.id, kioskToken: kioskToken, citizen: citizen)
        var response: Response
        do {
            response = try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        } catch {
            log(request, context: context, status: (error as? any HTTPResponseError)?.status.code ?? 500, started: started, identity: identity)
            throw error
        }
        response.headers[.init("X-Request-Id")!] = context.id
        log(request, context: context, status: response.status.code, started: started, identity: identity)
        return response
    }

    /// A kiosk's device token: the API's bearer token when it is one, else on pages the kiosk
    /// cookie. A kiosk is no member of staff, so such a request has no identity.
    static func kioskToken(_ request: Request) -> String? {
        if request.uri.path.hasPrefix("/api/") {
            guard let token = bearerToken(request) else { return nil }
            return token.hasPrefix(Kiosk.tokenPrefix) ? token : nil
        }
        return request.cookies[KioskCookie.name]?.value
    }

    /// The token of an `Authorization: Bearer …` header (the scheme in any case, spaces around
    /// the token ignored). Read on every API request, so by bytes, without lower-casing the
    /// header or Foundation's character sets.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let bytes = header.utf8
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count,
              zip(bytes.prefix(scheme.count), scheme).allSatisfy({ $1 == 0x20 ? $0 == 0x20 : $0 | 0x20 == $1 })
        else { return nil }
        let token = bytes.dropFirst(scheme.count).drop { $0 == 0x20 || $0 == 0x09 }
        let end = token.lastIndex { $0 != 0x20 && $0 != 0x09 }
        guard let end else { return nil }
        return String(decoding: token[...end], as: UTF8.self)
    }

    /// A citizen's session: on the API a bearer token of the citizens' kind ("c."), on pages the
    /// citizens' own cookie. Staff tokens are never looked up here, nor citizens' among staff's.
    private func authenticateCitizen(_ request: Request) async throws -> CitizenIdentity? {
        if request.uri.path.hasPrefix("/api/") {
            guard let token = Self.bearerToken(request), token.hasPrefix("c.") else { return nil }
            return try await citizens.authenticate(token: token)
        }
        guard let token = request.cookies[CitizenCookie.name]?.value, !token.isEmpty else { return nil }
        return try await citizens.authenticate(token: token)
    }

    private func authenticate(_ request: Request) async throws -> Identity? {
        if request.uri.path.hasPrefix("/api/") {
            guard let token = Self.bearerToken(request), !token.hasPrefix("c.") else { return nil }
            return try await auth.authenticate(token: token, kind: .bearer)
        }
        guard let token = request.cookies[SessionCookie.name]?.value, !token.isEmpty else { return nil }
        return try await auth.authenticate(token: token, kind: .cookie)
    }

    private func log(_ request: Request, context: Context, status: Int, started: ContinuousClock.Instant, identity: Identity?) {
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("\(request.method) \(Self.loggedPath(request.uri.path)) \(status)", metadata: [
            "ms": .string(String(format: "%.1f", ms)),
            "staff": .string(identity?.account.staffNumber ?? "-"),
        ])
    }

    /// The path as the log shows it: the checks anyone may call carry an ID number or USCC in the
    /// path, which must not reach the log (the metrics use the route's pattern already).
    static func loggedPath(_ path: String) -> String {
        for prefix in ["/api/v1/identifiers/resident-id/", "/api/v1/identifiers/uscc/"] where path.hasPrefix(prefix) {
            return prefix + "{value}"
        }
        return path
    }
}
