import OneDoorCore
import Testing

/// De-identification, CSV and paging of open data (issue 18 §7): no count below 5 in any cell,
/// nothing that gives a hidden count of 1 to 4 away — a second part, a rest, a rate.
@Suite struct OpenDataTests {
    static let ratings = OpenDataCatalog.datasets(publisher: "中心").first { $0.id == "ratings" }!
    static let cases = OpenDataCatalog.datasets(publisher: "中心").first { $0.id == "case-statistics" }!

    static func ratingRow(_ ratings: Int, satisfied: Int, negative: Int, rectified: Int) -> [String: OpenDataValue] {
        ["month": .text("2026-09"), "dimension": .text("部门"), "code": .text("SCJG"), "name": .text("市场监管局"),
         "ratings": .integer(ratings), "satisfied": .integer(satisfied), "negative": .integer(negative), "rectified": .integer(rectified),
         "satisfaction_rate": .share(satisfied, ratings), "rectification_rate": .share(rectified, negative)]
    }

    static func cell(_ table: OpenDataTable, _ row: Int, _ name: String) -> OpenDataValue {
        table.rows[row][table.dataset.fields.firstIndex { $0.name == name }!]
    }

    @Test func smallCountsAndWhatGivesThemAwayAreWithheld() {
        let table = OpenDataTable(dataset: Self.ratings, rows: [
            Self.ratingRow(100, satisfied: 97, negative: 3, rectified: 3),   // 3 差评: satisfied would give them away
            Self.ratingRow(100, satisfied: 100, negative: 0, rectified: 0),  // none: a zero identifies no one
            Self.ratingRow(4, satisfied: 4, negative: 0, rectified: 0),      // too few ratings to say anything
            Self.ratingRow(200, satisfied: 180, negative: 20, rectified: 18), // rectified 18 of 20: the 2 left would show
            Self.ratingRow(200, satisfied: 180, negative: 20, rectified: 12),
        ], updatedAt: 0)
        #expect(Self.cell(table, 0, "negative") == .suppressed && Self.cell(table, 0, "satisfied") == .withheld)
        #expect(Self.cell(table, 0, "satisfaction_rate") == .withheld && Self.cell(table, 0, "ratings") == .integer(100))
        #expect(Self.cell(table, 1, "negative") == .suppressed && Self.cell(table, 1, "satisfied") == .integer(100))
        #expect(Self.cell(table, 1, "satisfaction_rate").csvText == "100.00" && Self.cell(table, 1, "rectification_rate") == .withheld)
        #expect(table.rows[2].filter(\.isHidden).count == 6, "every count and both rates")
        #expect(Self.cell(table, 3, "rectified") == .withheld && Self.cell(table, 3, "rectification_rate") == .withheld)
        #expect(Self.cell(table, 4, "rectified") == .integer(12) && Self.cell(table, 4, "rectification_rate").csvText == "60.00")
        #expect(Self.cell(table, 4, "satisfaction_rate").csvText == "90.00")
        // No published count cell anywhere is below the threshold.
        for row in table.rows {
            for (field, value) in zip(table.dataset.fields, row) where field.isCount {
                if case .integer(let n) = value { #expect(n >= OpenDataSuppression.threshold) }
            }
        }
    }

    @Test func theRestOfAnIncompletePartitionIsProtected() {
        func row(concluded: Int, onTime: Int) -> [String: OpenDataValue] {
            ["month": .text("2026-09"), "item_code": .text("X"), "received": .integer(50), "accepted": .integer(45), "refused": .integer(5),
             "immediate": .integer(0), "concluded": .integer(concluded), "on_time": .integer(onTime), "on_time_rate": .share(onTime, concluded),
             "timed": .integer(concluded), "average_working_days": .average(concluded * 3, concluded)]
        }
        let table = OpenDataTable(dataset: Self.cases, rows: [row(concluded: 40, onTime: 38), row(concluded: 40, onTime: 40), row(concluded: 40, onTime: 30)],
                                  updatedAt: 0)
        // 2 late of 40: on time and its rate go.
        #expect(Self.cell(table, 0, "on_time") == .withheld && Self.cell(table, 0, "on_time_rate") == .withheld)
        #expect(Self.cell(table, 0, "concluded") == .integer(40) && Self.cell(table, 0, "average_working_days").csvText == "3.0")
        #expect(Self.cell(table, 1, "on_time_rate").csvText == "100.00")
        #expect(Self.cell(table, 2, "on_time") == .integer(30) && Self.cell(table, 2, "on_time_rate").csvText == "75.00")
        // received 50 = accepted 45 + refused 5: nothing small; 即办 0 is withheld but not protected.
        #expect(Self.cell(table, 0, "accepted") == .integer(45) && Self.cell(table, 0, "immediate") == .suppressed)
    }

    @Test func csvSaysWhatIsWithheldAndQuotesSafely() {
        let table = OpenDataTable(dataset: Self.ratings, rows: [
            ["month": .text("2026-09"), "dimension": .text("部门"), "code": .text("=cmd"), "name": .text("甲,乙\"丙\""),
             "ratings": .integer(10), "satisfied": .integer(10), "negative": .integer(0), "rectified": .integer(0),
             "satisfaction_rate": .share(10, 10), "rectification_rate": .none],
        ], updatedAt: 0)
        let csv = CSVText.document(table.dataset, rows: table.rows)
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix("\u{FEFF}月份,统计维度,代码,名称,评价数"))
        #expect(lines[1] == #"2026-09,部门,'=cmd,"甲,乙""丙""",10,10,<5,<5,100.00,*"#, "\(lines[1])")
    }

    @Test func decimalsPrintWithoutFoundation() {
        #expect(OpenDataValue.decimal(98.5, places: 2).csvText == "98.50")
        #expect(OpenDataValue.decimal(2.0 / 3.0, places: 1).csvText == "0.7")
        #expect(OpenDataValue.decimal(-1.25, places: 1).csvText == "-1.3" || OpenDataValue.decimal(-1.25, places: 1).csvText == "-1.2")
        #expect(OpenDataValue.decimal(0.004, places: 2).csvText == "0.00")
        #expect(OpenDataValue.decimal(7, places: 0).csvText == "7")
        #expect(OpenDataValue.decimal(.nan, places: 2).csvText == "" && OpenDataValue.decimal(.infinity, places: 2).csvText == "")
        #expect(OpenDataValue.share(1, 0) == .none && OpenDataValue.average(5, 0) == .none)
    }

    @Test func pagesAndTheirEnd() throws {
        let rows = (0..<250).map { Self.ratingRow(100 + $0, satisfied: 100 + $0, negative: 0, rectified: 0) }
        let table = OpenDataTable(dataset: Self.ratings, rows: rows, updatedAt: 0)
        let last = try OpenDataPaging.page(table, page: 3, size: 100)
        #expect(last.rows.count == 50 && last.pages == 3 && last.total == 250)
        #expect(try OpenDataPaging.page(table, page: 1, size: 1_000).rows.count == 250)
        do {
            _ = try OpenDataPaging.page(table, page: 90, size: 100)
            Issue.record("a page past the end was served")
        } catch let failed as ValidationFailed {
            #expect(failed.problems.map(\.path) == ["page"] && failed.problems[0].reason.contains("共 3 页"))
        }
        let empty = OpenDataTable(dataset: Self.ratings, rows: [], updatedAt: 0)
        #expect(try OpenDataPaging.page(empty, page: 1, size: 100).rows.isEmpty)
        #expect(throws: ValidationFailed.self) { _ = try OpenDataPaging.page(empty, page: 2, size: 100) }
        do {
            _ = try OpenDataPaging.request(page: "x", size: "5000")
            Issue.record("bad paging accepted")
        } catch let failed as ValidationFailed {
            #expect(failed.problems.map(\.path) == ["page", "size"])
        }
        #expect(try OpenDataPaging.request(page: nil, size: nil) == (1, 100))
    }

    @Test func theCatalogueHasEveryDatasetTheIssueNames() {
        let datasets = OpenDataCatalog.datasets(publisher: "中心")
        #expect(datasets.count >= 8 && Set(datasets.map(\.id)).count == datasets.count)
        #expect(Set(datasets.map(\.id)).isSuperset(of: ["service-items", "case-statistics", "queue-statistics", "ratings", "licences-issued", "themes",
                                                       "enterprises", "halls"]))
        for dataset in datasets {
            let names = Set(dataset.fields.map(\.name))
            #expect(names.count == dataset.fields.count && !names.contains("suppressed"))
            for field in dataset.fields { #expect(Set(field.dependsOn).isSubset(of: names), "\(dataset.id).\(field.name)") }
            for partition in dataset.partitions { #expect(names.contains(partition.total) && Set(partition.parts).isSubset(of: names)) }
        }
        // No field of any dataset is a person.
        let personal: Set = ["phone", "phone_number", "id_number", "document_number", "rater", "applicant", "legal_representative", "staff_number", "comment"]
        let hallPhone = datasets.first { $0.id == "halls" }?.fields.first { $0.name == "phone" }
        #expect(hallPhone?.title == "咨询电话", "a hall's public line is the only phone")
        #expect(datasets.filter { $0.id != "halls" }.flatMap(\.fields).allSatisfy { !personal.contains($0.name) })
        #expect(OpenDataCatalog.registrantKind(uscc: "91440604MA4UJ12340") == "企业" && OpenDataCatalog.registrantKind(uscc: "92440604X") == "个体工商户")
    }
}
