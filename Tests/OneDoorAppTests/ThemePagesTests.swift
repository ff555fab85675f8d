import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// A theme's pages (issue 17 §1): the list, the guide with its questions and figures, found
/// first by search; a draft hidden from the public; a bad answer named, not a crash.
@Suite struct ThemePagesTests {
    static let food = ItemCode(rawValue: Fixtures.foodLicence().implementationCode)
    static let elder = ItemCode(rawValue: Fixtures.elderCard().implementationCode)

    static func publishTheme(_ app: OneDoorApplication) async throws {
        try await app.catalog.publish(code: elder, by: .system)
        _ = try await app.catalog.createTheme(Theme(
            code: "YJS900", name: "我要开长者食堂", summary: "食堂和优待证一次办", aliases: ["老人饭堂"], serves: .person, leadDepartment: "SCJG",
            items: [ThemeItem(item: food), ThemeItem(item: elder, after: [food], condition: .yes("old"))],
            questions: [ThemeQuestion(key: "old", text: "是否年满 60 周岁？", kind: .yesNo),
                        ThemeQuestion(key: "seats", text: "座位数", kind: .number)],
            promisedDays: 5), by: .system)
    }

    @Test(arguments: TestDatabaseKind.available)
    func theGuideShowsItemsFiguresAndOneMaterialList(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            try await Self.publishTheme(app)
            // A draft is the editors' business.
            #expect(try await client.execute(uri: "/themes/YJS900", method: .get).status == .notFound)
            let clerk = try await client.signIn(.clerk)
            #expect(try await client.page("/themes/YJS900", clerk).status == .ok)
            try await app.catalog.publishTheme(code: "YJS900", by: .system)

            let list = String(buffer: try await client.execute(uri: "/themes", method: .get).body)
            #expect(list.contains("我要开长者食堂") && list.contains("5 → 5 个工作日"))
            let page = String(buffer: try await client.execute(uri: "/themes/YJS900", method: .get).body)
            #expect(page.contains("<dd id=\"serial-days\">5 个工作日</dd>") && page.contains("<dd id=\"parallel-days\">5 个工作日</dd>"))
            #expect(page.contains("食品经营许可办结后开始") && page.contains("“是否年满 60 周岁”选“是”时办理"))
            #expect(page.contains("以下列出本主题可能涉及的全部事项"))
            // The applicant's ID card is asked once for both items.
            #expect(page.contains("食品经营许可申请书") && page.contains("<td>居民身份证</td><td>老年人优待证</td>"))

            // Answered no: the card drops out, and with it its line.
            let young = String(buffer: try await client.execute(uri: "/themes/YJS900?old=no&seats=40", method: .get).body)
            #expect(!young.contains("老年人优待证</a>") && !young.contains("以下列出本主题可能涉及的全部事项"))
            #expect(young.contains("value=\"no\" checked") && young.contains("value=\"40\""))
            let bad = try await client.execute(uri: "/themes/YJS900?old=perhaps&seats=-1", method: .get)
            #expect(bad.status == .badRequest)
            let badText = String(buffer: bad.body)
            #expect(badText.contains("“是否年满 60 周岁？”请选择“是”或“否”") && badText.contains("“座位数”请填写 0 到 1000000 之间的数字"))
            #expect(try await client.execute(uri: "/themes/NOPE", method: .get).status == .notFound)

            // Search: the theme above the items; the home page offers it.
            let search = String(buffer: try await client.execute(uri: "/items?q=%E9%95%BF%E8%80%85%E9%A3%9F%E5%A0%82", method: .get).body)
            #expect(search.contains("id=\"theme-hits\"") && search.contains("/themes/YJS900"))
            #expect(String(buffer: try await client.execute(uri: "/", method: .get).body).contains("/themes/YJS900"))
        }
    }

    /// The kiosk's choice of matter offers a theme first, taken in at its first item's queue.
    @Test(arguments: TestDatabaseKind.available)
    func theKioskOffersAThemeAtItsFirstItemsQueue(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            try await Self.publishTheme(app)
            try await app.catalog.publishTheme(code: "YJS900", by: .system)
            let device = try await client.kioskBrowser()
            let found = String(buffer: try await client.page("/halls/CC/kiosk?q=%E9%95%BF%E8%80%85%E9%A3%9F%E5%A0%82", device).body)
            let link = try #require(found.range(of: #"<a class="matter" href=""#).map { String(found[$0.upperBound...].prefix { $0 != "\"" }) })
            #expect(found.contains("一件事：我要开长者食堂") && link.contains("theme=YJS900") && link.contains("queue=business"))
            let chosen = String(buffer: try await client.page(link.replacingOccurrences(of: "&amp;", with: "&"), device).body)
            #expect(chosen.contains(#"id="chosen-matter">“我要开长者食堂”一件事<"#) && chosen.contains(#"value="business" required checked"#))
        }
    }
}
