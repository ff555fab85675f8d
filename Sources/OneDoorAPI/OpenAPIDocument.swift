import Foundation

/// Serves the contract the server is generated from: openapi.yaml as the JSON that
/// tools/openapi/generate.sh wrote beside it (ADR 0016; CI checks that the two agree).
enum OpenAPIDocument {
    /// The bundle lacks openapi.json: a broken build, found at start-up.
    struct MissingDocument: Error, CustomStringConvertible {
        var description: String { "openapi.json is missing from the OneDoorAPI bundle" }
    }

    /// Read from the bundle once: the server serves these bytes and reads its `x-roles` from them.
    private static let loaded = Result<[UInt8], any Error> {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { throw MissingDocument() }
        return Array(try Data(contentsOf: url))
    }

    static func json() throws -> [UInt8] {
        try loaded.get()
    }

    /// The document's operations with their `x-roles`, for ``AuthorizationMiddleware``.
    static func operations() throws -> Operations {
        try JSONDecoder().decode(Operations.self, from: Data(try json()))
    }

    /// What the server reads of its own contract: each path's operations by method.
    struct Operations: Decodable {
        let paths: [String: PathItem]

        struct PathItem: Decodable {
            let get, put, post, delete, patch: Operation?
            var values: [Operation?] { [get, put, post, delete, patch] }
        }

        struct Operation: Decodable {
            let operationId: String?
            let roles: [String]?
            enum CodingKeys: String, CodingKey { case operationId, roles = "x-roles" }
        }
    }
}
