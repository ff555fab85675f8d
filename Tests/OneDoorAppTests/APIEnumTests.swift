@testable import OneDoorAPI
import OneDoorCore
import Testing

/// Every core enum the API converts mirrors its generated API enum value for value, both ways,
/// so no conversion can fail at run time (before `EnumPair`, a value missing on one side
/// trapped the server through `init(rawValue:)!`).
@Suite struct APIEnumTests {
    @Test(arguments: APIEnums.all.map(\.name))
    func pairMirrorsEveryCase(name: String) throws {
        let pair = try #require(APIEnums.all.first { $0.name == name })
        #expect(pair.unmatched.isEmpty, "\(name): \(pair.unmatched)")
    }

    @Test func everyCaseConvertsBothWays() throws {
        for role in Role.allCases { #expect(try APIEnums.role.core(APIEnums.role.api(role)) == role) }
        for state in CaseState.allCases { #expect(try APIEnums.caseState.core(APIEnums.caseState.api(state)) == state) }
        for type in DocumentType.allCases {
            #expect(try APIEnums.personDocument.api(type).rawValue == type.rawValue)
            #expect(try APIEnums.ticketDocument.core(Schemas.TicketBody.DocumentTypePayload(rawValue: type.rawValue)!) == type)
        }
    }

    @Test func aMissingCounterpartIsAnErrorNotATrap() throws {
        // A pair whose sides differ (the generated TimeUnit against the case lights) must
        // report the gap and throw instead of trapping.
        let mismatched = EnumPair<CaseLight, Schemas.TimeUnit>(name: "test")
        #expect(mismatched.unmatched.count == CaseLight.allCases.count + Schemas.TimeUnit.allCases.count)
        #expect(throws: EnumMismatch.self) { try mismatched.api(.green) }
        #expect(throws: EnumMismatch.self) { try mismatched.core(.workingDays) }
    }

    @Test func theRegistryNamesEachPairOnce() {
        let names = APIEnums.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count >= 17)
    }
}
