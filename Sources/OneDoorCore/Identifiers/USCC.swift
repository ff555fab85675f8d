/// Unified social credit code (统一社会信用代码), GB 32100-2015.
///
/// 18 characters over a 31-symbol alphabet (no I, O, Z, S, V): registration authority (1),
/// organisation category (1), division code (6), organisation code (9, with its own GB 11714
/// check at position 17) and a check character (18).
public struct USCC: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised (upper-case) code.
    public let value: String

    public var description: String { value }

    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let organisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// The outcome of checking a candidate code: usable or not, and every problem found.
    public struct Check: Sendable, Equatable {
        public var normalized: String
        public var problems: [String]
        /// True when the only problem is a check-character mismatch. Some genuine early pilot
        /// codes fail the GB 32100 check, so staff may override this one problem with a reason.
        public var onlyChecksumFailed: Bool
        public var isValid: Bool { problems.isEmpty }
    }

    /// Checks a candidate code and reports every problem (in Chinese).
    public static func check(_ raw: String) -> Check {
        let normalized = raw.trimmingWhitespace().uppercased()
        var problems: [String] = []
        var checksumProblem = false
        let chars = Array(normalized)
        if chars.count != 18 {
            problems.append("统一社会信用代码应为 18 位（现为 \(chars.count) 位）")
            return Check(normalized: normalized, problems: problems, onlyChecksumFailed: false)
        }
        var values: [Int] = []
        for (index, char) in chars.enumerated() {
            if let v = alphabet.firstIndex(of: char) {
                values.append(v)
            } else {
                problems.append("第 \(index + 1) 位“\(char)”不是统一社会信用代码允许的字符（不使用 I、O、Z、S、V）")
            }
        }
        if problems.isEmpty {
            if !chars[2..<8].allSatisfy(\.isASCIIDigit) {
                problems.append("第 3–8 位应为行政区划代码（6 位数字）")
            }
            let sum = zip(values[0..<17], weights).reduce(0) { $0 + $1.0 * $1.1 }
            let expected = alphabet[(31 - sum % 31) % 31]
            if chars[17] != expected {
                problems.append("校验位应为“\(expected)”，实为“\(chars[17])”")
                checksumProblem = true
            }
        }
        return Check(
            normalized: normalized,
            problems: problems,
            onlyChecksumFailed: checksumProblem && problems.count == 1
        )
    }

    /// Creates a code only when it passes every check.
    public init?(_ raw: String) {
        let result = USCC.check(raw)
        guard result.isValid else { return nil }
        self.value = result.normalized
    }

    /// Computes the check character for the first 17 characters; used to build test codes.
    public static func checkCharacter(for first17: String) -> Character? {
        let chars = Array(first17.uppercased())
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (char, weight) in zip(chars, weights) {
            guard let v = alphabet.firstIndex(of: char) else { return nil }
            sum += v * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
