import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor seed-tickets N`: fills a hall with N past queue tickets and their events over the
/// last working days, for the statistics page and its benchmark (the demo district is loaded
/// first into an empty database).
struct SeedTickets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-tickets", abstract: "生成 N 个历史排队号及其事件（统计压力测试用）")
    @OptionGroup var settings: Settings

    @Argument(help: "How many tickets") var count: Int
    @Option(help: "Over how many working days before today") var days = 22
    @Option(help: "The hall") var hall: HallCode = "CCZX"
    @Option(help: "Seed of the generator: the same seed gives the same days") var seed: UInt64 = 2026

    func run() async throws {
        guard count > 0, days > 0 else { throw ValidationError("排队号数和天数应为正整数") }
        let demo = try await DemoDatabase(settings)
        let (database, catalog, calendar, auth, clock) = (demo.database, demo.catalog, demo.calendar, demo.auth, demo.clock)
        let queues = QueueService(repository: QueueRepository(database: database), catalog: catalog, calendar: calendar, clock: clock)
        let hallQueues = try await queues.queues(hall: hall)
        var windows: [QueueCode: [WindowNumber]] = [:]
        for (window, codes) in try await queues.windowQueues(hall: hall) {
            for code in codes { windows[code, default: []].append(window) }
        }
        for code in windows.keys { windows[code]!.sort() }
        let staff = try await auth.accounts.list().filter { $0.role == .clerk && $0.hall == hall }.map(\.id)
        var seeder = TicketSeeder(hall: hall, queues: hallQueues, windows: windows, staff: staff, seed: seed)
        let dates = try TicketSeeder.workingDays(days, before: calendar.today, calendar: calendar.calendar)
        let started = Date()
        var person = 0
        for (i, date) in dates.enumerated() {
            let share = count / days + (i < count % days ? 1 : 0)
            // 20,000 tickets a transaction: a day of 450,000 in one held its whole log until the commit.
            let tickets = seeder.day(date, tickets: share, person: &person)
            for start in stride(from: 0, to: tickets.count, by: 20_000) {
                try await queues.repository.importTickets(Array(tickets[start..<min(start + 20_000, tickets.count)]), at: clock.now())
            }
        }
        print("共生成 \(count) 个排队号（\(dates.first!) 至 \(dates.last!)，\(days) 个工作日），用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒")
        try await database.close()
    }
}
