/// The identifier of an electronic licence (电子证照标识, GB/T 36903, standards.md §7):
/// `1.2.156.3005.2.{类型代码}.{颁发机构代码}.{流水号}.{版本}.{校验位}` — the licence type's code,
/// the issuing organ's code (its USCC), a serial number within the type and organ, a three-digit
/// version, and one check character computed with ISO/IEC 7064 MOD 37,36 over the segments
/// after the root, dots left out.
public struct LicenceIdentifier: Sendable, Hashable, CustomStringConvertible {
    public static let root = "1.2.156.3005.2"

    public var typeCode: String
    public var issuerCode: String
    public var serial: String
    public var version: Int

    /// Makes an identifier from its parts; nil when a part has characters the identifier does
    /// not take (digits and capital letters only; the version 1–999).
    public init?(typeCode: String, issuerCode: String, serial: String, version: Int) {
        guard Self.isSegment(typeCode), Self.isSegment(issuerCode), Self.isSegment(serial), (1...999).contains(version) else { return nil }
        self.typeCode = typeCode
        self.issuerCode = issuerCode
        self.serial = serial
        self.version = version
    }

    /// The three-digit version segment ("001").
    public var versionSegment: String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    public var check: Character { Self.checkCharacter(typeCode + issuerCode + serial + versionSegment) ?? "0" }

    public var description: String { "\(Self.root).\(typeCode).\(issuerCode).\(serial).\(versionSegment).\(check)" }

    /// Reads an identifier, or says what is wrong with it (the check character names an
    /// altered or mistyped identifier).
    public static func parse(_ text: String) -> Result<LicenceIdentifier, ValidationFailed> {
        let trimmed = text.trimmingWhitespace().uppercased()
        func failed(_ reason: String) -> Result<LicenceIdentifier, ValidationFailed> {
            .failure(ValidationFailed([ValidationProblem(path: "identifier", reason: reason)]))
        }
        guard trimmed.count <= 120 else { return failed("电子证照标识过长") }
        guard trimmed.hasPrefix(root + ".") else { return failed("电子证照标识应以 \(root). 开头") }
        let parts = trimmed.dropFirst(root.count + 1).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else { return failed("电子证照标识应由类型代码、颁发机构代码、流水号、版本号和校验位五段组成") }
        guard parts[3].count == 3, let version = Int(parts[3]), version > 0,
              let identifier = LicenceIdentifier(typeCode: parts[0], issuerCode: parts[1], serial: parts[2], version: version) else {
            return failed("电子证照标识中有不允许的字符或版本号不是三位数字")
        }
        guard parts[4].count == 1, let given = parts[4].first, given == identifier.check else {
            return failed("电子证照标识的校验位不符（应为 \(identifier.check)），标识有误或被改动")
        }
        return .success(identifier)
    }

    /// ISO/IEC 7064 MOD 37,36 (the hybrid system for digits and capital letters): nil when
    /// `payload` has another character or is empty.
    public static func checkCharacter(_ payload: String) -> Character? {
        guard !payload.isEmpty else { return nil }
        let modulus = 36
        var p = modulus
        for character in payload {
            guard let value = Self.value(character) else { return nil }
            var s = (p + value) % modulus
            if s == 0 { s = modulus }
            p = (s * 2) % (modulus + 1)
        }
        let check = (modulus + 1 - p) % modulus
        return alphabet[check]
    }

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    static func value(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    static func isSegment(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 40 && text.allSatisfy { value($0) != nil }
    }
}
