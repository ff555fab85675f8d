import HTTPTypes
import OneDoorServices
import OpenAPIRuntime
import Synchronization

/// Replays the encoded answers of one public lookup while the service's own remembered answer
/// they were made from is in force.
///
/// Used for the progress lookup (`getProgress`: applicants scan the receipt's QR code again and
/// again while they wait) and the licence verification (`verifyLicence`: a licence's QR code).
/// The service remembers each answer for a few seconds and forgets it at once on a change; its
/// `stamp` names the answer in force (nil: none). The bytes are kept stamped with it and replayed
/// only while that stamp is current. They are kept only when the stamp was the same before and
/// after the handler ran: then that answer was the one used and nothing replaced it meanwhile.
/// Only successful answers are kept. `admit` runs before a replay (a lookup limit still counts).
final class StampedResponseCache: ServerMiddleware {
    static let capacity = 20_000
    static let maximumBodySize = 64 << 10

    struct Entry: Sendable {
        var stamp: Int
        var response: HTTPResponse
        var body: [UInt8]
    }

    let operationID: String
    /// The path parameter the service's answers are remembered by.
    let parameter: String
    /// The key the bytes are kept under (the request's path, with its query, by default).
    let key: @Sendable (HTTPRequest, String) -> String?
    let stamp: @Sendable (String) -> Int?
    let admit: @Sendable () throws -> Void
    private let entries = Mutex<[String: Entry]>([:])

    init(operationID: String, parameter: String, key: @escaping @Sendable (HTTPRequest, String) -> String? = { request, _ in request.path },
         stamp: @escaping @Sendable (String) -> Int?, admit: @escaping @Sendable () throws -> Void = {}) {
        self.operationID = operationID
        self.parameter = parameter
        self.key = key
        self.stamp = stamp
        self.admit = admit
    }

    /// The progress lookup: kept by the whole path (the query code is part of the answer asked
    /// for), each replay counted against the client's lookup limit.
    static func progress(_ cases: CaseService) -> StampedResponseCache {
        StampedResponseCache(operationID: "getProgress", parameter: "number", stamp: { cases.progressStamp($0) },
                             admit: { try cases.admitProgressLookup(client: RequestScope.current.client) })
    }

    /// The public licence verification, kept by identifier.
    static func licenceVerification(_ licences: LicenceService) -> StampedResponseCache {
        StampedResponseCache(operationID: "verifyLicence", parameter: "identifier", key: { _, identifier in identifier },
                             stamp: { licences.answerStamp($0) })
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard operationID == self.operationID, let value = metadata.pathParameters[parameter].map(String.init), let key = key(request, value) else {
            return try await next(request, body, metadata)
        }
        let before = stamp(value)
        if let before, let hit = entries.withLock({ $0[key] }), hit.stamp == before {
            try admit()
            return (hit.response, HTTPBody(hit.body))
        }
        let (response, responseBody) = try await next(request, body, metadata)
        guard response.status == .ok, let responseBody, let before, stamp(value) == before else { return (response, responseBody) }
        let bytes = try await [UInt8](collecting: responseBody, upTo: Self.maximumBodySize)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(stamp: before, response: response, body: bytes)
        }
        return (response, HTTPBody(bytes))
    }
}
