import Hummingbird
import NIOCore
import OneDoorServices

/// Refuses request bodies over the limit with 413 before any handler reads them.
///
/// Bodies are read into memory up to the limit, so a client that sends no length (chunked)
/// cannot stream an unbounded body either. Catalogue imports get a larger limit.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limit: Int
    let importLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
        let path = request.uri.path
        // Uploads are read as they stream, by UploadReader, which holds its own limits.
        if Self.isUpload(path) { return try await next(request, context) }
        let max = (path == "/api/v1/catalog" || path == "/admin/catalog/import") ? importLimit : limit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > max {
            throw tooLarge(max)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: max)
        } catch is NIOTooManyBytesError {
            throw tooLarge(max)
        }
        return try await next(request, context)
    }

    /// `/cases/{number}/materials/{index}/files` (a clerk's scans), and an online application's
    /// `/me/applications/{id}/materials/{index}/files` (the form) and
    /// `/api/v1/applications/{id}/materials/{index}/files` (the API): the requests that carry files.
    static func isUpload(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 6: return parts[1] == "cases" && parts[3] == "materials" && parts[5] == "files"
        case 7: return parts[1] == "me" && parts[2] == "applications" && parts[4] == "materials" && parts[6] == "files"
        case 8: return parts[1...3] == ["api", "v1", "applications"] && parts[5] == "materials" && parts[7] == "files"
        default: return false
        }
    }

    private func tooLarge(_ max: Int) -> ProblemDetails {
        ProblemDetails(status: 413, title: "Content Too Large", detail: "请求内容超过 \(max >> 20) MiB 上限")
    }
}
