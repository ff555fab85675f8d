import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OneDoorAPI
import OneDoorServices
import OneDoorWeb

/// The last word on errors outside the generated API: problem+json for `/api/…` and unknown
/// routes asked for JSON, a Chinese HTML page for people. Unexpected errors are logged with the
/// request id and never shown.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: WebPages
    /// What a `next=` value keeps unencoded: letters, digits, "/-._~" (a query's "?&=" are encoded).
    static let nextAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = problem(for: error, context: context)
            let wantsJSON = request.uri.path.hasPrefix("/api/") || request.uri.path == "/healthz" || request.uri.path == "/readyz"
                || (request.headers[.accept]?.contains("json") ?? false)
            if wantsJSON {
                var body = problem
                body.instance = request.uri.path
                var headers: HTTPFields = [.contentType: "application/problem+json"]
                if let wait = problem.retryAfter { headers[.retryAfter] = String(wait) }
                return Response(
                    status: .init(code: problem.status),
                    headers: headers,
                    body: .init(byteBuffer: ByteBuffer(bytes: try ProblemEncoding.encode(body)))
                )
            }
            // A person, not a program: send them to sign in and bring them back afterwards, to the
            // page with its query (a list's filter; a message's or notice's rating link, `?via=`).
            let here = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            if problem.status == 401 && request.method == .get && problem.type == "/problems/citizen-sign-in" {
                // A citizen's own page: their sign-in, not the staff's.
                let next = here.addingPercentEncoding(withAllowedCharacters: Self.nextAllowed) ?? "/me"
                return Response(status: .seeOther, headers: [.location: "/citizen/login?next=\(next)"])
            }
            if problem.status == 401 && request.method == .get {
                let next = here.addingPercentEncoding(withAllowedCharacters: Self.nextAllowed) ?? "/admin"
                return Response(status: .seeOther, headers: [.location: "/login?next=\(next)"])
            }
            var page = try pages.errorPage(problem)
            if let wait = problem.retryAfter { page.headers[.retryAfter] = String(wait) }
            return page
        }
    }

    private func problem(for error: any Error, context: Context) -> ProblemDetails {
        if let problem = ProblemDetails.from(error) { return problem }
        if let http = error as? any HTTPResponseError {
            let status = http.status
            switch status {
            case .notFound: return .notFound("找不到您访问的页面或接口")
            case .methodNotAllowed: return ProblemDetails(status: 405, title: "Method Not Allowed", detail: "不支持该请求方法")
            case .contentTooLarge: return ProblemDetails(status: 413, title: "Content Too Large", detail: "请求内容过大")
            default:
                if (400..<500).contains(status.code) {
                    return ProblemDetails(status: status.code, title: status.reasonPhrase, detail: "请求不正确")
                }
            }
        }
        context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
        return .internalError
    }
}
