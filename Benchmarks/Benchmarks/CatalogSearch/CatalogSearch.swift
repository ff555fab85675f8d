import Benchmark
import OneDoorCore
import OneDoorServices

/// Catalogue search over the demo catalogue scaled to 5,000 items (issue goal: p99 < 1 ms a query).
///
/// Scaling copies the demo items with a numbered suffix on name and aliases, so the index holds
/// 5,000 distinct documents with realistic Chinese text, departments and materials.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        timeUnits: .microseconds,
        maxDuration: .seconds(5),
        maxIterations: 200_000
    )

    let index = scaledIndex(to: 5_000)
    let queries = ["餐", "老年", "许可", "营业执照", "食品经营许可", "spjyxk", "公安", "不存在的事项"]

    for query in queries {
        Benchmark("search \(query)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(index.search(query))
            }
        }
    }
}

func scaledIndex(to count: Int) -> CatalogSearchIndex {
    let catalog = try! DemoData.catalog()
    let departments = Dictionary(uniqueKeysWithValues: catalog.departments.map { ($0.code, $0.name) })
    let guides = catalog.items.compactMap(\.versions.last)
    var documents: [SearchDocument] = []
    var copy = 0
    while documents.count < count {
        for guide in guides where documents.count < count {
            var document = SearchDocument(guide: guide, departmentName: departments[guide.department] ?? "")
            if copy > 0 {
                document.code += "-\(copy)"
                document.name += "（\(copy)）"
                document.aliases = document.aliases.map { "\($0)\(copy)" }
            }
            documents.append(document)
        }
        copy += 1
    }
    return CatalogSearchIndex(documents: documents, pinyin: PinyinInitials.bundled)
}
