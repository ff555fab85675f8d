import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor seed-cases N`: fills the database with N realistic past cases for load tests
/// (the demo district is loaded first into an empty database).
struct SeedCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-cases", abstract: "生成 N 件历史办件（压力测试用）")
    @OptionGroup var settings: Settings

    @Argument(help: "How many cases") var count: Int
    @Option(help: "Seed of the generator: the same seed gives the same cases") var seed: UInt64 = 2026
    @Option(help: "Cases per transaction") var chunk = 2_000

    func run() async throws {
        guard count > 0, chunk > 0 else { throw ValidationError("办件数和每批数量应为正整数") }
        let demo = try await DemoDatabase(settings)
        let (database, catalog, calendar) = (demo.database, demo.catalog, demo.calendar)
        let started = Date()
        let stored = try await CaseSeeder.seed(
            count: count, seed: seed, catalog: catalog, calendar: calendar, repository: CaseRepository(database: database), chunk: chunk
        ) { total in
            if total % 100_000 < 2_000 || total == count {
                print("已生成 \(total) 件（\(String(format: "%.0f", Double(total) / max(Date().timeIntervalSince(started), 0.001))) 件/秒）")
                fflush(nil)
            }
        }
        print("共生成 \(stored) 件办件，用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒")
        try await database.close()
    }
}
