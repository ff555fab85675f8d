import OneDoorCore
import Testing

/// Licence types (issue 16 §3): the demo has at least ten, each a valid identifier segment with
/// its face fields; validity ends the day before the anniversary; grades order A before D.
@Suite struct LicenceTypeTests {
    @Test func theDemoTypesMakeIdentifiers() throws {
        let types = DemoLicenceTypes.all
        #expect(types.count >= 10 && Set(types.map(\.code)).count == types.count)
        for type in types {
            #expect(!type.fields.isEmpty && Set(type.fields.map(\.key)).count == type.fields.count, "\(type.name)")
            let identifier = try #require(LicenceIdentifier(typeCode: type.code, issuerCode: "11440604007519381X", serial: "1", version: 1))
            #expect((try? LicenceIdentifier.parse(identifier.description).get()) == identifier)
        }
        #expect(types.contains { $0.name == "营业执照" && $0.holder.codeType == "001" })
        #expect(types.contains { $0.name == "居住证" && $0.holder.codeType == "111" })
    }

    @Test func validityEndsTheDayBeforeTheAnniversary() throws {
        let five = try #require(DemoLicenceTypes.all.first { $0.name == "食品经营许可证" })
        #expect(five.validUntil(issuedOn: CivilDate("2026-03-01")!) == CivilDate("2031-02-28"))
        #expect(five.validUntil(issuedOn: CivilDate("2028-02-29")!) == CivilDate("2033-02-28"))
        let forever = try #require(DemoLicenceTypes.all.first { $0.name == "营业执照" })
        #expect(forever.validUntil(issuedOn: CivilDate("2026-03-01")!) == nil)
    }

    @Test func gradesOrderBestFirst() {
        #expect(MaterialGrade.allCases.sorted() == [.a, .b, .c, .d])
        #expect(MaterialGrade.a < .c && MaterialGrade.a.label.contains("电子证照"))
    }
}
