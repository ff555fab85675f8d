import OneDoorCore
import OneDoorServices
import Testing

/// 一件事 (issue 17 §1), first step: a theme over the demo catalogue's real items — selected by
/// its questions, validated (a cycle, an unknown or suspended item, a wrong condition: each
/// named), and its figures computed: days one after the other against in parallel, materials
/// item by item against once, the 营业执照 passed from 企业设立登记 to the items that wait for it.
@Suite struct ThemeTests {
    static func demo() throws -> (items: [ItemCode: ThemeValidation.ItemFacts], guides: [ItemCode: ServiceGuide], code: (String) -> ItemCode) {
        let records = try DemoData.catalog().items
        var items: [ItemCode: ThemeValidation.ItemFacts] = [:], guides: [ItemCode: ServiceGuide] = [:], byName: [String: ItemCode] = [:]
        for record in records {
            guard let guide = record.versions.last else { continue }
            items[record.code] = .init(status: .published, name: guide.name)
            guides[record.code] = guide
            byName[guide.name] = record.code
        }
        return (items, guides, { byName[$0] ?? ItemCode(rawValue: "missing:" + $0) })
    }

    /// 我要开餐馆 as Chancheng ran it: the business licence first, then the rest in parallel; a
    /// sign outside and a large dining room add their own permits.
    static func restaurant(_ code: (String) -> ItemCode) -> Theme {
        let setUp = code("企业设立登记")
        return Theme(
            code: "KCG", name: "我要开餐馆", serves: .enterprise, leadDepartment: "SCJG",
            items: [
                ThemeItem(item: setUp),
                ThemeItem(item: code("食品经营许可"), after: [setUp]),
                ThemeItem(item: code("环境影响登记表备案")),
                ThemeItem(item: code("城镇污水排入排水管网许可"), after: [setUp]),
                ThemeItem(item: code("户外广告设置许可"), after: [setUp], condition: .yes("sign")),
                ThemeItem(item: code("公众聚集场所投入使用、营业前消防安全检查"), after: [setUp], condition: .above("area", 300)),
            ],
            questions: [ThemeQuestion(key: "sign", text: "是否设置户外招牌？", kind: .yesNo),
                        ThemeQuestion(key: "area", text: "经营场所面积（平方米）", kind: .number)],
            promisedDays: 6
        )
    }

    @Test func aRestaurantRunsInParallelAfterItsBusinessLicence() throws {
        let (items, guides, code) = try Self.demo()
        let theme = Self.restaurant(code)
        #expect(ThemeValidation.problems(theme, items: items, departments: ["SCJG"]).isEmpty)

        let all = theme.selected(["sign": "yes", "area": "450"])
        #expect(all.count == 6)
        let figures = ThemeFigures.of(all, guides: guides)
        // 1 + 5 + 0 + 5 + 5 + 3 one after the other; 1 + 5 along the longest chain.
        #expect(figures.serialDays == 19 && figures.parallelDays == 6)
        #expect(figures.criticalPath.first == code("企业设立登记") && figures.criticalPath.count == 2)
        // The food licence's "营业执照" comes from the theme's own first item: never asked.
        #expect(figures.materialsMerged < figures.materialsSeparately)
        let food = try #require(guides[code("食品经营许可")])
        #expect(food.materials.contains { $0.name == "营业执照" })
        let withoutPassing = ThemeFigures.of(all.map { ThemeItem(item: $0.item) }, guides: guides)
        #expect(withoutPassing.materialsMerged == figures.materialsMerged + 1)
        print("我要开餐馆: \(figures.items) items, \(figures.serialDays) → \(figures.parallelDays) working days, "
              + "\(figures.materialsSeparately) → \(figures.materialsMerged) materials, \(figures.tripsSeparately) → 1 trips")

        // A small place without a sign: two permits fewer, same parallel days.
        let small = theme.selected(["sign": "no", "area": "80"])
        #expect(small.map(\.item) == [code("企业设立登记"), code("食品经营许可"), code("环境影响登记表备案"), code("城镇污水排入排水管网许可")])
        #expect(ThemeFigures.of(small, guides: guides).serialDays == 11 && ThemeFigures.of(small, guides: guides).parallelDays == 6)
        // Unanswered: conditions select nothing.
        #expect(theme.selected([:]).count == 4)
    }

    @Test func everyProblemOfAThemeIsNamed() throws {
        var (items, _, code) = try Self.demo()
        var theme = Self.restaurant(code)
        // A cycle: the business licence waits for the food licence, which waits for it.
        theme.items[0].after = [code("食品经营许可")]
        theme.items[2].item = ItemCode(rawValue: "11440604MB2C000000000000")
        theme.items[3].after = [code("娱乐场所经营许可")]
        theme.items[4].condition = .above("sign", 1)
        theme.items[5].condition = .yes("parking")
        items[code("城镇污水排入排水管网许可")]?.status = .suspended
        theme.leadDepartment = "NONE"
        let problems = ThemeValidation.problems(theme, items: items, departments: ["SCJG"])
        let paths = problems.map(\.path)
        #expect(paths.contains("leadDepartment") && paths.contains("items[2].item") && paths.contains("items[3].item"))
        #expect(paths.contains("items[3].after[0]") && paths.contains("items[4].condition") && paths.contains("items[5].condition"))
        let cycle = try #require(problems.first { $0.path == "items" })
        #expect(cycle.reason == "前置关系成环：企业设立登记 → 食品经营许可 → 企业设立登记")
        #expect(ThemeValidation.cycle(Self.restaurant(code).items) == nil)
    }
}
