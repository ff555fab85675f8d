import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 数据开放 and 五公开 (issue 18 §7) on the demo district, on SQLite and PostgreSQL: every dataset
/// filled from the records and served by the API (JSON pages, CSV) and the pages; small counts
/// withheld in the download; a page past the end refused with the count of pages.
@Suite struct OpenDataAppTests {
    @Test(arguments: TestDatabaseKind.available)
    func datasetsFromTheRecordsWithSmallCountsWithheld(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let person = Person(name: "黄丽", documentType: .residentID, documentNumber: PushTests.id("1990-03-04", female: true), phone: "13800138201")
            // Six 即办 cases of one item, two accepted of another: the first row shows, the second is withheld.
            for _ in 0..<6 { _ = try await PushTests.intake(app, "个人参保证明打印", person: person, outcome: .acceptAndConclude) }
            for _ in 0..<2 { _ = try await PushTests.intake(app, "户口迁移（准予迁入）", person: person, outcome: .accept) }
            let immediate = try PushTests.item(app, "个人参保证明打印").code.rawValue
            let transfer = try PushTests.item(app, "户口迁移（准予迁入）").code.rawValue

            // The catalogue: every dataset with its metadata.
            let list = try JSON.object(try await client.json("/api/v1/open-data/datasets").body)
            let datasets = try #require(list["datasets"] as? [[String: Any]])
            #expect(datasets.count >= 8)
            let items = try #require(datasets.first { $0["id"] as? String == "service-items" })
            #expect(items["rows"] as? Int == app.services.catalog.snapshot.items.filter { $0.status == .published }.count)
            #expect(datasets.allSatisfy { ($0["publisher"] as? String)?.isEmpty == false && ($0["licence"] as? String)?.isEmpty == false
                && ($0["fields"] as? [Any])?.isEmpty == false && $0["updatedAt"] is String && $0["frequency"] is String })

            // A month of case statistics: JSON nulls and CSV markers for what is withheld.
            let page = try JSON.object(try await client.json("/api/v1/open-data/datasets/case-statistics").body)
            let rows = try #require(page["rows"] as? [[String: Any]])
            let shown = try #require(rows.first { $0["item_code"] as? String == immediate })
            #expect(shown["month"] as? String == "2026-09" && shown["received"] as? Int == 6 && shown["immediate"] as? Int == 6)
            #expect(shown["on_time_rate"] as? Double == 100 && shown["refused"] is NSNull)
            let hidden = try #require(rows.first { $0["item_code"] as? String == transfer })
            #expect(hidden["received"] is NSNull && hidden["accepted"] is NSNull && hidden["item_name"] as? String == "户口迁移（准予迁入）")
            let csv = try await client.page("/api/v1/open-data/datasets/case-statistics?format=csv", nil)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = String(buffer: csv.body).split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("\u{FEFF}月份,实施编码,事项名称") == true && lines.count == 3)
            let transferLine = try #require(lines.first { $0.contains(transfer) })
            #expect(transferLine.contains(",<5,<5,") && !transferLine.contains(",2,"), "\(transferLine)")
            #expect(try #require(lines.first { $0.contains(immediate) }).contains(",6,6,<5,"))

            // Paging: far past the end, bad numbers, an unknown dataset.
            let past = try await client.json("/api/v1/open-data/datasets/service-items?page=999&size=100")
            #expect(past.status == .unprocessableContent)
            let pages = ((items["rows"] as? Int ?? 0) + 99) / 100
            let problem = try JSON.object(past.body)
            #expect(try JSON.problemPaths(past.body) == ["page"] && (problem["detail"] as? String)?.contains("共 \(pages) 页") == true, "\(problem)")
            let bad = try await client.json("/api/v1/open-data/datasets/service-items?page=0&size=abc")
            #expect(try bad.status == .unprocessableContent && Set(JSON.problemPaths(bad.body)) == ["page", "size"])
            #expect(try await client.json("/api/v1/open-data/datasets/no-such-thing").status == .notFound)
            let second = try JSON.object(try await client.json("/api/v1/open-data/datasets/service-items?page=2&size=100").body)
            #expect((second["rows"] as? [Any])?.count == 100 && second["pages"] as? Int == pages)

            // Every dataset answers on this database (the queries of each), none with a person in it.
            for dataset in app.services.openData.datasets {
                let response = try await client.page("/api/v1/open-data/datasets/\(dataset.id)?format=csv", nil)
                #expect(response.status == .ok, "\(dataset.id)")
                let text = String(buffer: response.body)
                #expect(!text.contains(person.documentNumber) && !text.contains(person.phone) && !text.contains(person.name), "\(dataset.id)")
            }
            let halls = String(buffer: try await client.page("/api/v1/open-data/datasets/halls?format=csv", nil).body)
            #expect(halls.contains("CCZX") && halls.contains("（法定节假日除外）"))

            // The pages: the catalogue, a dataset with its withheld cells marked, the public rectifications.
            let catalogue = String(buffer: try await client.page("/open-data", nil).body)
            #expect(catalogue.contains("办件量月度统计") && catalogue.contains("?format=csv") && catalogue.contains("单元格一律不公布（CSV 中为“&lt;5”）"))
            #expect(catalogue.contains("政府数据开放许可"))
            let dataset = String(buffer: try await client.page("/open-data/case-statistics", nil).body)
            #expect(dataset.contains(#"<td class="suppressed" title="不公布">&lt;5</td>"#) && dataset.contains("received"))
            #expect(try await client.page("/open-data/rectifications", nil).status == .ok)
            #expect(try await client.page("/open-data/service-items?page=99", nil).status == .unprocessableContent)
            #expect(try await client.page("/open-data/nothing", nil).status == .notFound)

            // 五公开 on the guide.
            let guide = String(buffer: try await client.page("/items/\(transfer)", nil).body)
            for heading in ["决策公开", "执行公开", "管理公开", "服务公开", "结果公开"] { #expect(guide.contains(heading), "\(heading)") }
            #expect(guide.contains(#"href="/open-data/case-statistics""#) && guide.contains(#"href="/open-data/rectifications""#))
        }
    }
}
