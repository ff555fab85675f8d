import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor seed-people N`: N people's base records, enterprises and a vault of materials, for the
/// reuse benchmark (`onedoor bench reuse`).
struct SeedPeople: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-people", abstract: "生成 N 个自然人、若干法人和材料库记录（压力测试用）")
    @OptionGroup var settings: Settings

    @Argument(help: "How many people") var count: Int
    @Option(help: "How many enterprises (default: a tenth of the people)") var enterprises: Int?
    @Option(help: "How many vault entries (default: ten per person)") var vault: Int?

    func run() async throws {
        guard count > 0 else { throw ValidationError("人数应为正整数") }
        let demo = try await DemoDatabase(settings)
        let started = Date()
        try await PeopleSeeder.seed(people: count, enterprises: enterprises ?? count / 10, vault: vault ?? count * 10, today: demo.calendar.today,
                                    at: demo.clock.now(), database: demo.database) { line in
            print("已生成\(line)（\(String(format: "%.0f", Date().timeIntervalSince(started))) 秒）")
            fflush(nil)
        }
        print("完成，用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒")
        try await demo.database.close()
    }
}

/// `onedoor bench reuse`: what intake asks of the base records and the vault for one applicant
/// — their record, their licences in force and vault entries still valid, and the offers for
/// an item's checklist — timed for holders `seed-people` wrote.
struct BenchReuse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reuse", abstract: "受理时调取申请人基础信息和可复用材料的用时（先运行 seed-people）")
    @OptionGroup var settings: Settings
    @Option(help: "People seeded") var people = 1_000_000
    @Option(help: "Enterprises seeded") var enterprises = 100_000
    @Option(help: "Lookups to time") var samples = 5_000
    @Option(help: "Concurrent lookups") var concurrency = 1

    func run() async throws {
        let demo = try await DemoDatabase(settings)
        let queues = QueueService(repository: QueueRepository(database: demo.database), catalog: demo.catalog, calendar: demo.calendar, clock: demo.clock)
        let cases = CaseService(repository: CaseRepository(database: demo.database), catalog: demo.catalog, calendar: demo.calendar, queues: queues,
                                clock: demo.clock)
        let clerk = Identity(account: StaffAccount(username: "bench", displayName: "基准", staffNumber: "B001", role: .clerk, hall: "CCZX"),
                             sessionTokenHash: "", csrfToken: "")
        let snapshot = demo.catalog.snapshot
        // Items whose checklists name a catalogue type: what reuse is for.
        let personItems = snapshot.items.filter { $0.guide.materials.contains { MaterialCatalog.classify($0.name)?.type.holder == .person } }
        let enterpriseItems = snapshot.items.filter { $0.guide.materials.contains { MaterialCatalog.classify($0.name)?.type.code == "BIZ-LICENCE" } }
        let today = demo.calendar.today
        let perWorker = max(1, samples / max(1, concurrency))
        let started = ContinuousClock.now
        let timings = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<max(1, concurrency) {
                group.addTask {
                    var generator = SplitMix64(seed: UInt64(worker + 1))
                    var times: [Double] = []
                    var offered = 0
                    for _ in 0..<perWorker {
                        let enterprise = generator.next() % 5 == 0
                        let applicant: Applicant = enterprise
                            ? .enterprise(Enterprise(name: "", uscc: PeopleSeeder.uscc(Int(generator.next() % UInt64(enterprises))), legalRepresentative: ""))
                            : .person(Person(name: "", documentType: .residentID, documentNumber: PeopleSeeder.residentID(Int(generator.next() % UInt64(people)))))
                        let items = enterprise ? enterpriseItems : personItems
                        let item = items[Int(generator.next() % UInt64(items.count))]
                        let start = ContinuousClock.now
                        let holder = try await cases.holderForIntake(applicant, by: clerk)
                        offered += MaterialReusing.offers(materials: item.guide.materials, held: holder.held, today: today).count
                        let elapsed = ContinuousClock.now - start
                        times.append(Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15)
                    }
                    return (times, offered)
                }
            }
            var all: [Double] = [], offered = 0
            for try await (times, count) in group { all += times; offered += count }
            return (all.sorted(), offered)
        }
        let seconds = Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        let (sorted, offered) = timings
        func percentile(_ p: Double) -> String { String(format: "%.2f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) }
        print("reuse lookups: \(sorted.count) in \(String(format: "%.1f", seconds)) s (\(Int(Double(sorted.count) / seconds))/s), "
              + "p50 \(percentile(0.5)) ms, p99 \(percentile(0.99)) ms, max \(String(format: "%.2f", sorted.last ?? 0)) ms; \(offered) materials offered")
        try await demo.database.close()
    }
}

