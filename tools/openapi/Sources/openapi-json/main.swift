import Foundation
import Yams

// Usage: openapi-json <openapi.yaml> <openapi.json>
// Decodes the YAML into plain JSON values and writes them with sorted keys, so that the
// committed document changes only where the contract does.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: openapi-json <openapi.yaml> <openapi.json>\n".utf8))
    exit(2)
}
let yaml = try String(contentsOfFile: arguments[1], encoding: .utf8)
let value = try YAMLDecoder().decode(JSONValue.self, from: yaml)
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
var data = try encoder.encode(value)
data.append(0x0A)
try data.write(to: URL(fileURLWithPath: arguments[2]))

/// Any JSON value.
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
