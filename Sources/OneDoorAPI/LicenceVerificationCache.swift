import HTTPTypes
import OneDoorServices
import OpenAPIRuntime
import Synchronization

/// Replays encoded answers of the public licence verification (`verifyLicence`).
///
/// A licence's QR code is scanned again and again; ``LicenceService`` remembers each answer for
/// a few seconds and forgets them all at once when any licence is issued or changed. This keeps
/// the encoded bytes too, stamped with the serial of the service's answer they were made from,
/// and replays them only while that answer is in force (its `checkedAt` is when it was made).
/// Only successful answers are kept.
final class LicenceVerificationCache: ServerMiddleware {
    static let capacity = 20_000
    static let maximumBodySize = 64 << 10

    struct Entry: Sendable {
        var stamp: Int
        var response: HTTPResponse
        var body: [UInt8]
    }

    let licences: LicenceService
    private let entries = Mutex<[String: Entry]>([:])

    init(licences: LicenceService) {
        self.licences = licences
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard operationID == "verifyLicence", let identifier = metadata.pathParameters["identifier"].map(String.init) else {
            return try await next(request, body, metadata)
        }
        let before = licences.answerStamp(identifier)
        if let before, let hit = entries.withLock({ $0[identifier] }), hit.stamp == before {
            return (hit.response, HTTPBody(hit.body))
        }
        let (response, responseBody) = try await next(request, body, metadata)
        // Kept only when made from the service's answer that is still in force: the same stamp
        // before and after means that answer was the one used and nothing replaced it meanwhile.
        guard response.status == .ok, let responseBody, let stamp = before, licences.answerStamp(identifier) == stamp else {
            return (response, responseBody)
        }
        let bytes = try await [UInt8](collecting: responseBody, upTo: Self.maximumBodySize)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[identifier] = Entry(stamp: stamp, response: response, body: bytes)
        }
        return (response, HTTPBody(bytes))
    }
}
