import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

@Suite struct DemoDataTests {
    @Test func demoCatalogueIsValidAndRealistic() throws {
        let catalog = try DemoData.catalog()
        #expect(catalog.validate() == [])
        #expect(catalog.departments.count >= 24)
        #expect(catalog.items.count >= 200)
        #expect(catalog.halls.filter { $0.level == .district }.count == 1)
        #expect(Set(catalog.halls.filter { $0.level == .town }.map(\.name)) == ["南庄镇行政服务中心", "张槎街道行政服务中心", "祖庙街道行政服务中心", "石湾镇街道行政服务中心"])
        #expect(catalog.halls.filter { $0.level == .village }.count >= 3)
        #expect(catalog.windowCategories.map(\.name) == ["社会民生类", "注册登记类", "经营许可类", "投资建设类", "公安专项类"])
        let names = Set(catalog.items.compactMap { $0.versions.last?.name })
        for required in ["生育登记", "计划生育服务证", "老年人优待证", "个人参保证明打印", "个人纳税证明打印", "临时居民身份证", "居住证",
                         "企业设立登记", "个体工商户登记", "食品经营许可", "公共场所卫生许可", "公众聚集场所投入使用、营业前消防安全检查",
                         "排污许可", "户外广告设置许可", "建设工程规划许可", "建筑工程施工许可"] {
            #expect(names.contains(required), "missing \(required)")
        }
        // Every category has items, and every item is published.
        for category in catalog.windowCategories {
            #expect(catalog.items.contains { $0.versions.last?.windowCategory == category.code }, "no items in \(category.name)")
        }
        #expect(catalog.items.allSatisfy { $0.status == .published })
        // The market regulator's chief representative (the demo account shichang) decides
        // changes to a food business licence alone.
        let chiefDecides = catalog.items.compactMap(\.versions.last).filter { $0.chiefRepresentativeDecides == true }
        #expect(chiefDecides.map(\.name) == ["食品经营许可变更"])
        #expect(chiefDecides.first?.department == "SCJG")
    }

    @Test(arguments: TestDatabaseKind.available)
    func seedingLoadsTheDistrictAndCreatesOneAccountPerRole(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = FixedClock(1_800_000_000)
            let catalog = CatalogService(repository: CatalogRepository(database: database), clock: clock)
            let auth = AuthService(accounts: AccountRepository(database: database), clock: clock, bcryptCost: 4)
            let accounts = try await DemoData.seed(catalog: catalog, auth: auth)
            #expect(Set(accounts.map(\.role)) == Set(Role.allCases))
            #expect(Set(accounts.map(\.password)).count == accounts.count)
            #expect(catalog.snapshot.items.count == (try DemoData.catalog()).items.count)
            // The search from the issue: 餐 finds 食品经营许可 through its alias 开餐馆.
            let hits = catalog.snapshot.list(ItemQuery(text: "餐")).items.map(\.guide.name)
            #expect(hits.contains("食品经营许可"))
            #expect(catalog.snapshot.list(ItemQuery(text: "老年")).items.first?.guide.name == "老年人优待证")
            // A second seed changes nothing.
            #expect(try await DemoData.seed(catalog: catalog, auth: auth).isEmpty)
        }
    }

    /// `seed-cases`: cases made by the real rules, numbered on from the hall's and day's counter,
    /// the same for the same seed; a second run continues the numbers instead of colliding.
    @Test(arguments: TestDatabaseKind.available)
    func seededCasesAreNumberedOnAndRepeatable(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = FixedClock(1_790_557_200)  // 2026-09-28 09:00 China time
            let catalog = CatalogService(repository: CatalogRepository(database: database), clock: clock)
            _ = try await DemoData.seed(catalog: catalog, auth: AuthService(accounts: AccountRepository(database: database), clock: clock, bcryptCost: 4))
            let calendar = CalendarService(repository: CalendarRepository(database: database), clock: clock)
            try await calendar.reload()
            let repository = CaseRepository(database: database)
            for _ in 0..<2 {
                #expect(try await CaseSeeder.seed(count: 300, seed: 7, catalog: catalog, calendar: calendar, repository: repository, chunk: 128) == 300)
            }
            let rows = try await database.read { db in try await db.query("SELECT number, state, back_office FROM cases") }
            let numbers = try rows.map { try $0.string("number") }
            #expect(Set(numbers).count == 600)
            #expect(numbers.allSatisfy { $0.wholeMatch(of: /[A-Z]+-202[456]\d{4}-\d{5}/) != nil })
            // The same seed twice: each case has its twin under the next number of its hall and day.
            let states = try rows.map { try $0.string("state") }
            #expect(Set(states).isSuperset(of: ["delivered", "accepted"]))
            #expect(try rows.contains { try $0.optionalString("back_office") != nil })
            let perState = Dictionary(grouping: states, by: { $0 }).mapValues(\.count)
            #expect(perState.values.allSatisfy { $0 % 2 == 0 })
        }
    }
}
