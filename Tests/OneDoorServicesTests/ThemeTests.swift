import Foundation
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

    /// The demo district's 12 themes: the catalogue document (themes included) validates, each
    /// theme's figures with every item selected are what its guide page will show, and a paper a
    /// theme produces reaches the items that wait for it.
    @Test func theDemoThemesAreValidAndSaveDaysAndPapers() throws {
        let document = try DemoData.catalog()
        #expect(document.validate().isEmpty)
        #expect(document.themes.count == 13)
        #expect(Set(document.themes.map { $0.versions[0].serves }) == [.person, .enterprise])
        let (_, guides, code) = try Self.demo()
        var lines: [String] = []
        for record in document.themes {
            let theme = try #require(record.versions.last)
            let all = theme.selected(theme.answersSelectingAll)
            let figures = ThemeFigures.of(all, guides: guides)
            #expect(figures.parallelDays <= figures.serialDays && figures.materialsMerged <= figures.materialsSeparately)
            #expect(theme.promisedDays == figures.parallelDays, "\(theme.name): promised \(theme.promisedDays), critical path \(figures.parallelDays)")
            lines.append("\(theme.name): \(figures.items) 项, \(figures.serialDays) → \(figures.parallelDays) 工作日, "
                         + "\(figures.materialsSeparately) → \(figures.materialsMerged) 份材料")
        }
        print(lines.joined(separator: "\n"))

        let birth = try #require(document.themes.first { $0.code == "YJS006" }?.versions.last)
        let merged = ThemeMaterials.merged(birth.selected(["insured": "no"]), guides: guides)
        // 出生登记 asks for the 出生医学证明 the theme's first item issues: received, not asked.
        let certificate = try #require(merged.first { $0.type == "BIRTH" })
        #expect(!certificate.asked && certificate.producedBy == code("出生医学证明首次签发") && certificate.passedTo == [code("出生登记")])
        // The parents' ID cards: asked once for the items that want them.
        let ids = try #require(merged.first { $0.name == "父母双方居民身份证" })
        #expect(ids.asked && ids.items.count >= 2 && ids.required)

        // A convenience store asks one question two ways: sells loose food → licence, not → record.
        let store = try #require(document.themes.first { $0.code == "YJS002" }?.versions.last)
        #expect(store.selected(["bulk": "yes"]).map(\.item).contains(code("食品经营许可")))
        #expect(store.selected(["bulk": "no"]).map(\.item).contains(code("仅销售预包装食品备案")))
        #expect(!store.selected(["bulk": "no"]).map(\.item).contains(code("食品经营许可")))
    }

    @Test func aConditionIsStoredInWords() throws {
        let item = ThemeItem(item: "X", after: ["Y"], condition: .above("area", 300))
        let text = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
        #expect(text.contains("\"above\":300") && text.contains("\"question\":\"area\""))
        #expect(try JSONDecoder().decode(ThemeItem.self, from: Data(text.utf8)) == item)
        let no = try JSONDecoder().decode(ThemeCondition.self, from: Data(#"{"question":"bulk","is":"no"}"#.utf8))
        #expect(no == .no("bulk") && no.holds(["bulk": "no"]) && !no.holds([:]))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ThemeCondition.self, from: Data(#"{"question":"bulk","is":"maybe"}"#.utf8)) }
        // Left out: no waits, no condition.
        #expect(try JSONDecoder().decode(ThemeItem.self, from: Data(#"{"item":"X"}"#.utf8)) == ThemeItem(item: "X"))
    }
}
