import OneDoorCore
import Testing

/// 电子证照标识 (standards.md §7): ISO/IEC 7064 MOD 37,36 over the segments after the root.
@Suite struct LicenceIdentifierTests {
    /// The hybrid system's defining property: with the check character appended, the running
    /// product comes back to 1 — recomputed here independently of the implementation's shortcut.
    static func residue(_ text: String) -> Int {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var p = 36
        for (i, character) in text.enumerated() {
            let value = alphabet.firstIndex(of: character)!
            var s = (p + value) % 36
            if s == 0 { s = 36 }
            if i == text.count - 1 { return s }
            p = (s * 2) % 37
        }
        return -1
    }

    @Test func theCheckCharacterClosesTheSystem() throws {
        var generator = SplitMix64(seed: 36)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for _ in 0..<2_000 {
            let payload = String((0..<Int.random(in: 1...40, using: &generator)).map { _ in alphabet[Int.random(in: 0..<36, using: &generator)] })
            let check = try #require(LicenceIdentifier.checkCharacter(payload))
            #expect(Self.residue(payload + String(check)) == 1, "\(payload)")
        }
    }

    @Test func everySingleChangeAndAdjacentSwapIsCaught() throws {
        let identifier = try #require(LicenceIdentifier(typeCode: "11100000000000001", issuerCode: "11440604MB2C12345X", serial: "000123", version: 1))
        let text = identifier.description
        #expect(text.hasPrefix("1.2.156.3005.2.11100000000000001.11440604MB2C12345X.000123.001."))
        #expect((try? LicenceIdentifier.parse(text).get()) == identifier)
        #expect((try? LicenceIdentifier.parse(text.lowercased()).get()) == identifier)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let characters = Array(text)
        let root = LicenceIdentifier.root.count + 1
        for i in root..<characters.count where characters[i] != "." {
            for replacement in alphabet where replacement != characters[i] {
                var altered = characters
                altered[i] = replacement
                #expect((try? LicenceIdentifier.parse(String(altered)).get()) == nil, "\(String(altered))")
            }
            if i + 1 < characters.count, characters[i + 1] != ".", characters[i] != characters[i + 1] {
                var swapped = characters
                swapped.swapAt(i, i + 1)
                #expect((try? LicenceIdentifier.parse(String(swapped)).get()) == nil, "\(String(swapped))")
            }
        }
    }

    @Test func badIdentifiersAreNamed() {
        func reason(_ text: String) -> String? {
            guard case .failure(let failed) = LicenceIdentifier.parse(text) else { return nil }
            return failed.problems.first?.reason
        }
        #expect(reason("2.16.156.1.2.3.4.001.0")?.contains("开头") == true)
        #expect(reason("1.2.156.3005.2.111.222.333")?.contains("五段") == true)
        #expect(reason("1.2.156.3005.2.111.222.333.1.X")?.contains("三位") == true)
        #expect(reason("1.2.156.3005.2.111.2_2.333.001.X")?.contains("不允许的字符") == true)
        #expect(reason(String(repeating: "1", count: 500))?.contains("过长") == true)
        #expect(LicenceIdentifier(typeCode: "", issuerCode: "A", serial: "1", version: 1) == nil)
        #expect(LicenceIdentifier(typeCode: "1", issuerCode: "A", serial: "1", version: 1000) == nil)
        #expect(LicenceIdentifier.checkCharacter("") == nil && LicenceIdentifier.checkCharacter("ab") == nil)
    }
}
