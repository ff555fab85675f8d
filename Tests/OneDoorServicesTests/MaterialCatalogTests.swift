import OneDoorCore
import OneDoorServices
import Testing

/// The material catalogue (issue 16 §2) read against the demo district's 206 items: the common
/// papers are found whatever each item calls them, composite lines stay the item's own, and the
/// figure the issue asks for — how many distinct types the items use — is computed here.
@Suite struct MaterialCatalogTests {
    @Test func namesAreReadAsTypes() throws {
        #expect(MaterialCatalog.classify("申请人居民身份证")?.type.code == "ID-CARD")
        #expect(MaterialCatalog.classify("申请人居民身份证")?.whose == "申请人")
        #expect(MaterialCatalog.classify("公司营业执照复印件")?.type.code == "BIZ-LICENCE")
        #expect(MaterialCatalog.classify("中华人民共和国残疾人证")?.whose == "")
        #expect(MaterialCatalog.classify("近期二寸免冠白底彩色照片")?.type.code == "PHOTO")
        // One line, two papers; an application form for a licence; a photo of trees.
        for own in ["儿童出生医学证明或户口簿", "车辆行驶证及车辆照片", "残疾人证申请表", "树木现状照片", "委托书及受托人身份证", "章程草案"] {
            #expect(MaterialCatalog.classify(own) == nil, "\(own)")
        }
        #expect(Set(MaterialCatalog.standard.map(\.code)).count == MaterialCatalog.standard.count)
        let licences = Set(DemoLicenceTypes.all.map(\.code))
        #expect(MaterialCatalog.standard.compactMap(\.licenceType).allSatisfy(licences.contains))
    }

    @Test func theDemoCatalogueUsesFewerTypesThanNames() throws {
        let items = try DemoData.catalog().items
        let materials = items.flatMap { ($0.versions.last?.materials ?? []).map(\.name) }
        let classified = materials.compactMap { MaterialCatalog.classify($0) }
        let own = Set(materials.filter { MaterialCatalog.classify($0) == nil })
        let types = Set(classified.map(\.type.code))
        // 647 checklist lines in 206 items; 495 distinct names; the common papers read as types.
        #expect(items.count == 206 && materials.count == 647 && Set(materials).count == 495)
        #expect(classified.filter { $0.type.code == "ID-CARD" }.count == 91)
        #expect(classified.filter { $0.type.code == "BIZ-LICENCE" }.count == 49)
        let itemsWithAType = items.filter { ($0.versions.last?.materials ?? []).contains { MaterialCatalog.classify($0.name) != nil } }.count
        print("material catalogue: \(materials.count) lines, \(Set(materials).count) distinct names → \(types.count) catalogue types "
              + "(\(classified.count) lines) + \(own.count) item-specific materials = \(types.count + own.count) distinct types; "
              + "\(itemsWithAType) of \(items.count) items ask for at least one catalogue type")
        #expect(types.count + own.count < Set(materials).count)
        #expect(itemsWithAType > 100)
    }

    /// The figure (the seed's "97 of 192 items, 50 %"): for a returning applicant whose
    /// earlier papers are in the vault, how many items ask for fewer materials, and how many
    /// fewer in all.
    @Test func reuseSparesMaterialsOnMostItems() throws {
        let items = try DemoData.catalog().items
        let figures = items.map { ReuseFigures.figure($0.code, materials: $0.versions.last?.materials ?? []) }
        let (count, reduced, before, after) = ReuseFigures.summary(figures)
        print("reuse: \(reduced) of \(count) items (\(reduced * 100 / count) %) ask a returning applicant for fewer materials; "
              + "\(before) → \(after) materials over all items")
        #expect(count == 206 && before == 647)
        #expect(reduced > 90 && after < before - 100)
        // An enterprise's item spares its 营业执照; a power of attorney or another person's card is never spared.
        let food = try #require(figures.first { f in items.first { $0.code == f.item }?.versions.last?.name == "食品经营许可" })
        #expect(food.spared.contains("营业执照") || food.spared.contains { $0.hasSuffix("营业执照") || $0.hasSuffix("营业执照复印件") })
        #expect(figures.allSatisfy { f in !f.spared.contains { $0.contains("委托书") || $0.contains("夫妻双方") } })
    }
}
