import HTTPTypes
import OneDoorServices
import OpenAPIRuntime
import Synchronization

/// Replays the responses of public catalogue reads until the catalogue changes.
///
/// The catalogue changes a few times a day and is read all day: encoding a guide of several
/// kilobytes for every request would make the busiest pages the slowest. The first response to
/// an anonymous `GET` of a public operation is kept, with the snapshot generation it was made
/// from; a later catalogue change (a new generation) empties the cache. The generated server
/// still produces every response once: this only repeats it.
final class PublicResponseCache: ServerMiddleware {
    static let operations: Set = ["getItem", "listItems", "listDepartments", "listHalls", "listWindowCategories"]
    /// Distinct URLs kept at most (a search per query string); past it the cache starts over.
    static let capacity = 4_096
    static let maximumBodySize = 1 << 20

    struct Entry: Sendable {
        var response: HTTPResponse
        var body: [UInt8]
    }

    let catalog: CatalogService
    private let storage = Mutex<(generation: Int, entries: [String: Entry])>((0, [:]))

    init(catalog: CatalogService) {
        self.catalog = catalog
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard request.method == .get, Self.operations.contains(operationID), RequestScope.current.identity == nil,
              let key = request.path
        else { return try await next(request, body, metadata) }
        // Read before the handler runs: a response made from a newer snapshot is then filed under
        // an older generation and thrown away, never served as current.
        let generation = catalog.snapshot.generation
        let hit = storage.withLock { state in state.generation == generation ? state.entries[key] : nil }
        if let hit { return (hit.response, HTTPBody(hit.body)) }

        let (response, responseBody) = try await next(request, body, metadata)
        guard response.status == .ok, let responseBody else { return (response, responseBody) }
        let bytes = try await [UInt8](collecting: responseBody, upTo: Self.maximumBodySize)
        storage.withLock { state in
            if state.generation != generation || state.entries.count >= Self.capacity {
                state = (generation, [:])
            }
            state.entries[key] = Entry(response: response, body: bytes)
        }
        return (response, HTTPBody(bytes))
    }
}
