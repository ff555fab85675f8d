import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor bench call-next`: in-process call-next latency with many windows and a long queue
/// (the issue's figure: 50 windows, 10,000 waiting tickets in one hall, p99 < 5 ms). Each
/// window calls in a loop, as fast as it can, through the repository path the API uses
/// (heads of the window's queues, the calling rule, the guarded update, the event).
struct BenchCallNext: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "call-next", abstract: "叫号延迟（进程内：多窗口同时叫号，长队列）")
    @Option(help: "Directory for the scratch SQLite database") var directory: String = NSTemporaryDirectory()
    @Option(help: "PostgreSQL URL instead of SQLite (a schema of its own is created and dropped)") var databaseURL: String?
    @Option(help: "Waiting tickets") var tickets = 10_000
    @Option(help: "Windows calling at once") var windows = 50
    @Option(help: "Calls to measure (at most the tickets)") var calls = 5_000

    func run() async throws {
        let scratch = try await ScratchDatabase(name: "call-bench", databaseURL: databaseURL, directory: directory, connections: windows)
        let database = scratch.database
        _ = try await CatalogRepository(database: database).replace(with: try DemoData.catalog(), by: .system, at: 0)
        let hall: HallCode = "CCZX"
        let categories = try DemoData.catalog().windowCategories
        let queues = HallQueue.defaults(hall: hall, categories: categories).map { q in var q = q; q.lastNumber = 9999; return q }
        let repository = QueueRepository(database: database)
        try await repository.insertIfNone(queues, hall: hall)

        // The queue: tickets spread over the hall's queues, one in ten in a priority lane.
        let day = CivilDate(epochSeconds: Int64(Date().timeIntervalSince1970))
        let policy = TicketPolicy(ticketsPerPersonPerDay: 1_000)
        var generator = SplitMix64(seed: 2026)
        let seeding = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in 0..<8 {
                group.addTask {
                    var generator = SplitMix64(seed: UInt64(part))
                    for n in stride(from: part, to: tickets, by: 8) {
                        let queue = queues[Int(generator.next() % UInt64(queues.count))]
                        let request = TicketRequest(queue: queue.code, documentType: .passport, documentNumber: "B\(1_000_000 + n)",
                                                    priority: generator.next() % 10 == 0 ? .disabled : nil)
                        _ = try await repository.issue(request, queue: queue, day: day, id: "bench\(n)", policy: policy, at: Int64(n))
                    }
                }
            }
            try await group.waitForAll()
        }
        print(String(format: "%d tickets issued in %.1f s (%.0f per second, in-process)", tickets, Date().timeIntervalSince(seeding),
                     Double(tickets) / Date().timeIntervalSince(seeding)))

        // Each window calls from two or three of the hall's queues, as the demo's windows do.
        let profiles = (0..<windows).map { w in
            let first = Int(generator.next() % UInt64(queues.count))
            return [queues[first].code, queues[(first + 1) % queues.count].code] + (w % 3 == 0 ? [queues[(first + 2) % queues.count].code] : [])
        }
        let engine = databaseURL == nil ? "SQLite" : "PostgreSQL"
        func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
        func report(_ name: String, _ latencies: [Double], _ seconds: Double) {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            print(String(format: "call-next, %@, %@: %d calls, %.0f per second, p50 %.2f ms, p99 %.2f ms",
                         engine, name, sorted.count, Double(sorted.count) / seconds, percentile(0.5), percentile(0.99)))
        }
        let budget = min(calls, tickets)

        // 1. One call at a time, the windows taking turns: what a clerk waits for (goal p99 < 5 ms).
        var single: [Double] = []
        var started = Date()
        for n in 0..<budget / 2 {
            let t0 = ContinuousClock.now
            guard try await repository.callNext(hall: hall, window: "\(n % windows + 1)", queues: profiles[n % windows], policy: TicketPolicy(), at: 100_000, staffID: nil) != nil else { break }
            single.append(milliseconds(ContinuousClock.now - t0))
        }
        report("\(windows) windows in turn, \(tickets) waiting", single, Date().timeIntervalSince(started))

        // 2. All windows pressing at the same instant, over and over: throughput, and the wait
        //    for SQLite's one writer that a burst brings.
        let perWindow = max(1, (budget - single.count) / windows)
        started = Date()
        let burst = try await withThrowingTaskGroup(of: [Double].self) { group in
            for w in 0..<windows {
                group.addTask {
                    var mine: [Double] = []
                    for _ in 0..<perWindow {
                        let t0 = ContinuousClock.now
                        guard try await repository.callNext(hall: hall, window: "\(w + 1)", queues: profiles[w], policy: TicketPolicy(), at: 100_000, staffID: nil) != nil else { break }
                        mine.append(milliseconds(ContinuousClock.now - t0))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        report("\(windows) windows all at once, nonstop", burst, Date().timeIntervalSince(started))
        try await scratch.drop()
    }
}
