/// Maps Chinese characters to the initial letter of their pinyin ("食品经营许可" → "spjyxk").
///
/// The table is data (one line per letter listing its characters) so that it can be replaced
/// without touching code; characters it does not know are skipped.
public struct PinyinInitials: Sendable {
    private let table: [UInt32: UInt8]

    /// Parses lines of the form `a:阿啊哎…`.
    public init(table text: String) {
        var table: [UInt32: UInt8] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) == 1,
                  let letter = line.first?.asciiValue else { continue }
            for scalar in line[line.index(after: colon)...].unicodeScalars {
                table[scalar.value] = letter
            }
        }
        self.table = table
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
