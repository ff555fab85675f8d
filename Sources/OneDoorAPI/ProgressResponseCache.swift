import HTTPTypes
import OneDoorServices
import OpenAPIRuntime
import Synchronization

/// Replays encoded answers of the public progress lookup (`getProgress`).
///
/// Applicants scan the receipt's QR code again and again while they wait; the answer changes
/// only when the case does. ``CaseService`` already remembers the answer for a few seconds and
/// forgets it at once on any change; this keeps its encoded bytes as well, stamped with the
/// service's entry they were made from, and replays them only while that entry is in force. A
/// replay still counts against the client's lookup limit, checked before anything else. Only
/// successful answers are kept: a wrong code always goes through the service, which answers it
/// exactly like an unknown case.
final class ProgressResponseCache: ServerMiddleware {
    static let capacity = 20_000
    static let maximumBodySize = 64 << 10

    struct Entry: Sendable {
        var stamp: Int
        var response: HTTPResponse
        var body: [UInt8]
    }

    let cases: CaseService
    private let entries = Mutex<[String: Entry]>([:])

    init(cases: CaseService) {
        self.cases = cases
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard operationID == "getProgress", let key = request.path, let number = metadata.pathParameters["number"].map(String.init) else {
            return try await next(request, body, metadata)
        }
        let before = cases.progressStamp(number)
        if let before, let hit = entries.withLock({ $0[key] }), hit.stamp == before {
            try cases.admitProgressLookup(client: RequestScope.current.client)
            return (hit.response, HTTPBody(hit.body))
        }
        let (response, responseBody) = try await next(request, body, metadata)
        // Kept only when the answer was made from the service's entry that is still in force:
        // the same stamp before and after means no change and no new lookup came in between.
        guard response.status == .ok, let responseBody, let before, cases.progressStamp(number) == before else {
            return (response, responseBody)
        }
        let bytes = try await [UInt8](collecting: responseBody, upTo: Self.maximumBodySize)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(stamp: before, response: response, body: bytes)
        }
        return (response, HTTPBody(bytes))
    }
}
