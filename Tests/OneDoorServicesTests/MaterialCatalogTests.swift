import OneDoorCore
import OneDoorServices
import Testing

/// The material catalogue (issue 16 §2) read against the demo district's 202 items: the common
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
        // 636 checklist lines in 202 items; 489 distinct names; the common papers read as types.
        #expect(items.count == 202 && materials.count == 636 && Set(materials).count == 489)
        #expect(classified.filter { $0.type.code == "ID-CARD" }.count == 88)
        #expect(classified.filter { $0.type.code == "BIZ-LICENCE" }.count == 48)
        let itemsWithAType = items.filter { ($0.versions.last?.materials ?? []).contains { MaterialCatalog.classify($0.name) != nil } }.count
        print("material catalogue: \(materials.count) lines, \(Set(materials).count) distinct names → \(types.count) catalogue types "
              + "(\(classified.count) lines) + \(own.count) item-specific materials = \(types.count + own.count) distinct types; "
              + "\(itemsWithAType) of \(items.count) items ask for at least one catalogue type")
        #expect(types.count + own.count < Set(materials).count)
        #expect(itemsWithAType > 100)
    }
}
