import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices

/// `onedoor bench search`: in-process catalogue search latency over the demo district's 202
/// items — every item's name and alias as typed, and everyday queries that need the reading in
/// the citizen's words (ADR 0015). Build in release for the figure that counts.
struct BenchSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "事项搜索延迟（演示目录，进程内）")
    @Option(help: "Rounds over all queries") var rounds = 50

    static let everyday = ["营业执照办理", "户口本丢了", "jiehundengji", "老人卡", "身份证丢了", "怎么办营业执照", "我要开店", "驾驶证过期了怎么办",
                           "结婚登记需要什么材料", "户口本 补办", "公积金 租房", "租房提取公积金", "孩子上学", "教师资格证", "shebaoka", "食品 许可"]

    func run() async throws {
        let catalog = try DemoData.catalog()
        let departments = Dictionary(catalog.departments.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let guides = catalog.items.compactMap(\.versions.last)
        let index = CatalogSearchIndex(documents: guides.map { SearchDocument(guide: $0, departmentName: departments[$0.department] ?? "") },
                                       pinyin: PinyinInitials.bundled)
        let typed = guides.flatMap { [$0.name] + $0.aliases }
        for (label, queries) in [("names and aliases as typed", typed), ("everyday words", Self.everyday)] {
            var durations: [Duration] = []
            durations.reserveCapacity(queries.count * rounds)
            for _ in 0..<rounds {
                for query in queries {
                    let start = ContinuousClock.now
                    _ = index.search(query)
                    durations.append(ContinuousClock.now - start)
                }
            }
            durations.sort()
            func ms(_ d: Duration) -> String {
                let v = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
                return String(format: "%.3f", v)
            }
            print("search, \(label): \(queries.count) queries × \(rounds): p50 \(ms(durations[durations.count / 2])) ms, p99 \(ms(durations[durations.count * 99 / 100])) ms, max \(ms(durations[durations.count - 1])) ms")
        }
    }
}
