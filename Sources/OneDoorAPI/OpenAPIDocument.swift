import Foundation
import OneDoorStorage
import Yams

/// Serves the contract the server is generated from: openapi.yaml, converted once to JSON.
enum OpenAPIDocument {
    static func value() throws -> JSONValue {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw StorageError.badConfiguration("openapi.yaml is missing from the bundle")
        }
        return try YAMLDecoder().decode(JSONValue.self, from: String(contentsOf: url, encoding: .utf8))
    }

    static func json() throws -> [UInt8] {
        let value = try value()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}

/// Any JSON value; YAML is decoded into it and re-encoded as JSON.
enum JSONValue: Codable {
    case null, bool(Bool), int(Int), double(Double), string(String)
    case array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
