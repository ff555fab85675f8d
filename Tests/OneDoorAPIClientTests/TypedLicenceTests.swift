import OneDoorCore
import OneDoorTestSupport
import Testing

/// The material catalogue and licence types over the API (issue 16 §5): public, and each
/// material type issued as a licence names a licence type that exists.
@Suite struct TypedLicenceTests {
    @Test func anyoneReadsTheMaterialCatalogueAndLicenceTypes() async throws {
        try await ClientHarness.run(.sqlite) { client, _ in
            let anyone = Client.router(client)
            let materials = try await anyone.listMaterialTypes().ok.body.json.items
            let licences = try await anyone.listLicenceTypes().ok.body.json.items
            #expect(materials.count == MaterialCatalog.standard.count && licences.count >= 10)
            let business = try #require(materials.first { $0.code == "BIZ-LICENCE" })
            #expect(business.holder == .enterprise && business.endings == ["营业执照"])
            let codes = Set(licences.map(\.code))
            #expect(materials.compactMap(\.licenceType).allSatisfy(codes.contains))
            let licence = try #require(licences.first { $0.code == business.licenceType })
            #expect(licence.name == "营业执照" && licence.holderCodeType == "001" && licence.validYears == nil && licence.fields.contains { $0.label == "法定代表人" })
        }
    }
}
