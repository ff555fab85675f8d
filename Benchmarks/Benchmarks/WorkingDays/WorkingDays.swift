import Benchmark
import OneDoorCore
import OneDoorServices

/// Working-day arithmetic (issue goal: ≥ 10 million deadline computations per second).
///
/// One iteration computes 1,000 deadlines from varying start days and limits over the shipped
/// 2024–2026 calendar, so throughput × 1,000 is deadlines per second.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        timeUnits: .nanoseconds,
        maxDuration: .seconds(5),
        maxIterations: 1_000_000
    )

    let calendar = try! WorkingCalendar(years: CalendarService.shippedYears)
    var generator = SplitMix64(seed: 42)
    let first = CivilDate(year: 2024, month: 1, day: 1)!.dayNumber
    let starts = (0..<1_000).map { _ in CivilDate(dayNumber: first + Int.random(in: 0..<900, using: &generator)) }
    let limits = (0..<1_000).map { _ in Int.random(in: 1...60, using: &generator) }

    Benchmark("1000 working-day deadlines") { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<1_000 {
                blackHole(try! calendar.addingWorkingDays(limits[i], to: starts[i]))
            }
        }
    }

    Benchmark("1000 working-day counts") { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<1_000 {
                blackHole(try! calendar.workingDays(from: starts[i], to: starts[(i + 1) % 1_000]))
            }
        }
    }

    Benchmark("QR code of a progress URL") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! QRCode(text: "https://zwfw.chancheng.gov.cn/onedoor/progress/ZM-20261122-000123?code=654321"))
        }
    }
}
