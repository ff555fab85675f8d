import OneDoorCore

/// A minimal JSON writer for documents written on hot paths (ADR 0021): objects, arrays,
/// strings (escaped as RFC 8259 asks; '/' and non-ASCII characters left as they are, as
/// `JSONEncoder` with `.withoutEscapingSlashes` writes them), integers, booleans and civil
/// dates. A nil optional field is left out, as `encodeIfPresent` does. Calls must nest
/// properly (`beginObject` … `endObject`); the writer does not check.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next key or value follows another in the same object or array.
    private var needsComma = false

    init() { bytes.reserveCapacity(2_048) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func value(_ text: String) {
        separate()
        string(text)
        needsComma = true
    }

    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
        needsComma = true
    }

    mutating func field(_ name: String, _ value: Int?) {
        guard let value else { return }
        field(name, Int64(value))
    }

    mutating func field(_ name: String, _ value: Int64?) {
        guard let value else { return }
        key(name)
        integer(value)
        needsComma = true
    }

    mutating func field(_ name: String, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        needsComma = true
    }

    /// `"2026-11-30"`, as `CivilDate`'s `Codable` writes it.
    mutating func field(_ name: String, _ date: CivilDate?) {
        guard let date else { return }
        key(name)
        bytes.append(UInt8(ascii: "\""))
        digits(date.year, width: 1)
        bytes.append(UInt8(ascii: "-"))
        digits(date.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        digits(date.day, width: 2)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func field(_ name: String, _ texts: [String]?) {
        guard let texts else { return }
        key(name)
        beginArray()
        for text in texts { value(text) }
        endArray()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    private mutating func integer(_ value: Int64) {
        if value < 0 {
            // Int64.min has no positive counterpart: let the standard library spell it.
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        digits(value, width: 1)
    }

    /// `value` (not negative) in decimal, zero-padded to `width`.
    private mutating func digits(_ value: some BinaryInteger, width: Int) {
        var scratch: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = UInt64(clamping: value)
        withUnsafeMutableBytes(of: &scratch) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 && count < 20
            while count < width && count < 20 {
                buffer[19 - count] = UInt8(ascii: "0")
                count += 1
            }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x0A:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "n"))
            case 0x0D:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "r"))
            case 0x09:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
