import Foundation

/// Serves the contract the server is generated from: openapi.yaml as the JSON that
/// tools/openapi/generate.sh wrote beside it (ADR 0016; CI checks that the two agree).
enum OpenAPIDocument {
    /// The bundle lacks openapi.json: a broken build, found at start-up.
    struct MissingDocument: Error, CustomStringConvertible {
        var description: String { "openapi.json is missing from the OneDoorAPI bundle" }
    }

    static func json() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { throw MissingDocument() }
        return Array(try Data(contentsOf: url))
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
