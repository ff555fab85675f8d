/// Maps Chinese characters to the initial letter of their pinyin ("食品经营许可" → "spjyxk").
///
/// The table is data (one line per letter listing its characters) so that it can be replaced
/// without touching code; characters it does not know are skipped.
public struct PinyinInitials: Sendable {
    private let table: [UInt32: UInt8]
    /// Full syllables without tones (`jie` for 结), when a syllable table was given.
    private var syllables: [UInt32: [UInt8]] = [:]

    /// Parses lines of the form `a:阿啊哎…` and, optionally, `jie:结节…` for full pinyin.
    public init(table text: String, syllables: String? = nil) {
        var table: [UInt32: UInt8] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) == 1,
                  let letter = line.first?.asciiValue else { continue }
            for scalar in line[line.index(after: colon)...].unicodeScalars {
                table[scalar.value] = letter
            }
        }
        self.table = table
        if let syllables {
            var spelled: [UInt32: [UInt8]] = [:]
            for line in syllables.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let syllable = Array(line[..<colon].utf8)
                guard !syllable.isEmpty, syllable.allSatisfy({ (97...122).contains($0) }) else { continue }
                for scalar in line[line.index(after: colon)...].unicodeScalars { spelled[scalar.value] = syllable }
            }
            self.syllables = spelled
        }
    }

    /// The full pinyin of `text` without tones or spaces ("结婚登记" → "jiehundengji"), ASCII
    /// letters and digits kept; empty when no syllable table was given.
    public func spelling(of text: String) -> String {
        guard !syllables.isEmpty else { return "" }
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if let syllable = syllables[scalar.value] {
                bytes.append(contentsOf: syllable)
            } else if scalar.isASCII, let c = Character(scalar).asciiValue {
                if (48...57).contains(c) || (97...122).contains(c) { bytes.append(c) } else if (65...90).contains(c) { bytes.append(c + 32) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var isEmpty: Bool { table.isEmpty }

    /// The initials of the Chinese characters and the ASCII letters and digits of `text`, lower-cased.
    public func initials(of text: String) -> String {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if let letter = table[scalar.value] {
                bytes.append(letter)
            } else if scalar.isASCII, let c = Character(scalar).asciiValue, (c >= 48 && c <= 57) || (c >= 97 && c <= 122) {
                bytes.append(c)
            } else if scalar.isASCII, let c = Character(scalar).asciiValue, c >= 65 && c <= 90 {
                bytes.append(c + 32)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
