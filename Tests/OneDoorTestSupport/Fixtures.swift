import OneDoorCore

/// A small, valid catalogue for tests: two departments, two halls, one item each.
public enum Fixtures {
    public static let marketUSCC = "11440604007000011F"
    public static let healthUSCC = "1144060400700002X7"

    public static let regions = [
        Region(code: "440600", name: "佛山市"),
        Region(code: "440604", name: "禅城区", parent: "440600"),
        Region(code: "440604001", name: "祖庙街道", parent: "440604"),
    ]
    public static let itemTypes = [
        ItemType(code: "XK", name: "行政许可"),
        ItemType(code: "GGFW", name: "公共服务"),
    ]
    public static let categories = [
        WindowCategory(code: "social", name: "社会民生类"),
        WindowCategory(code: "business", name: "经营许可类"),
    ]
    public static let departments = [
        Department(code: "SCJG", name: "禅城区市场监督管理局", uscc: marketUSCC, region: "440604", phone: "0757-83000001"),
        Department(code: "WSJK", name: "禅城区卫生健康局", uscc: healthUSCC, region: "440604", phone: "0757-83000002"),
    ]
    public static let weekdayHours = (1...5).map { OpeningPeriod(weekday: $0, opens: "09:00", closes: "17:00") }
    public static let halls = [
        Hall(code: "CC", name: "禅城区行政服务中心", level: .district, region: "440604", address: "佛山市禅城区岭南大道北 1 号", openingHours: weekdayHours),
        Hall(code: "ZM", name: "祖庙街道便民服务中心", level: .town, region: "440604001", address: "佛山市禅城区祖庙路 2 号", openingHours: weekdayHours),
    ]
    public static let windows = [
        ServiceWindow(hall: "CC", number: "1", categories: ["social", "business"]),
        ServiceWindow(hall: "ZM", number: "1", categories: ["social"]),
    ]

    public static var organisationReferences: CatalogReferences {
        CatalogReferences(departments: departments, windowCategories: categories, itemTypes: itemTypes)
    }

    /// A complete, valid guide: 食品经营许可 of the market regulator.
    /// The food licence as a 即办件 whose result is the electronic 食品经营许可证 (SCJG02): for
    /// issuing at the window when concluded on the spot.
    public static func immediateFoodLicence() -> ServiceGuide {
        var guide = foodLicence()
        guide.result.licenceType = "SCJG02"
        guide.caseKind = .immediate
        guide.promisedLimit = TimeLimit(days: 0)
        return guide
    }

    public static func foodLicence(basicCode: String = "000117005000") -> ServiceGuide {
        ServiceGuide(
            basicCode: basicCode,
            implementationCode: ItemCodes.implementationCode(uscc: marketUSCC, level: .county, basicCode: basicCode),
            name: "食品经营许可",
            itemType: "XK",
            department: "SCJG",
            level: .county,
            legalBasis: ["《中华人民共和国食品安全法》第三十五条"],
            conditions: ["具有与经营的食品品种、数量相适应的经营场所"],
            handlingForms: [.window, .online],
            caseKind: .promised,
            legalLimit: TimeLimit(days: 20),
            promisedLimit: TimeLimit(days: 5),
            trips: 1,
            specialProcedures: ["现场核查（10 个工作日）"],
            procedure: [ProcedureStep(name: "受理"), ProcedureStep(name: "审查"), ProcedureStep(name: "决定")],
            location: "禅城区行政服务中心",
            hours: "周一至周五 9:00–17:00",
            consultation: "0757-83000001",
            complaint: "12345",
            onlineDepth: .three,
            scope: .district,
            result: ItemResult(name: "食品经营许可证", type: "证照"),
            windowCategory: "business",
            tags: ["餐饮"],
            aliases: ["开餐馆", "餐饮许可"],
            materials: [
                Material(name: "食品经营许可申请书", type: .form),
                Material(name: "营业执照", copies: 1, source: .government),
                Material(name: "经营场所平面图", necessity: .deferrable),
            ]
        )
    }

    /// 老年人优待证: a 即办件 of the health department.
    public static func elderCard() -> ServiceGuide {
        var guide = foodLicence(basicCode: "000120001000")
        guide.name = "老年人优待证"
        guide.itemType = "GGFW"
        guide.department = "WSJK"
        guide.implementationCode = ItemCodes.implementationCode(uscc: healthUSCC, level: .county, basicCode: guide.basicCode)
        guide.legalBasis = ["《中华人民共和国老年人权益保障法》"]
        guide.caseKind = .immediate
        guide.promisedLimit = TimeLimit(days: 0)
        guide.specialProcedures = []
        guide.windowCategory = "social"
        guide.tags = []
        guide.aliases = ["敬老卡"]
        guide.result = ItemResult(name: "老年人优待证", type: "证件")
        guide.materials = [Material(name: "居民身份证", copies: 1)]
        return guide
    }

    public static func document(items: [CatalogDocument.ItemRecord]? = nil) -> CatalogDocument {
        CatalogDocument(
            regions: regions, itemTypes: itemTypes, windowCategories: categories, departments: departments,
            halls: halls, windows: windows,
            items: items ?? [
                .init(status: .published, publishedVersion: 1, versions: [foodLicence()]),
                .init(status: .draft, publishedVersion: nil, versions: [elderCard()]),
            ]
        )
    }

    /// A valid resident ID per person `n` (born 1990-01-01 + n days), so limits see different people.
    public static func residentID(_ n: Int) -> String {
        let born = CivilDate(dayNumber: CivilDate("1990-01-01")!.dayNumber + n)
        let body = "440604" + born.description.filter { $0 != "-" } + "123"
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }
}
