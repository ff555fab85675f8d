import OneDoorCore
import Testing

/// The arithmetic of queue figures on facts made by hand (the events of a real morning are in
/// the storage tests): percentiles by nearest rank, targets per queue, empty sets.
@Suite struct QueueFiguresTests {
    let day = CivilDate("2026-11-23")!

    func fact(wait minutes: Int?, queue: QueueCode = "social", service: Int? = nil, noShow: Bool = false) -> TicketFacts {
        let issued: Int64 = 1_795_400_000
        let called = minutes.map { issued + Int64($0 * 60) }
        return TicketFacts(day: day, queue: queue, issuedAt: issued, firstCalledAt: called,
                           finishedAt: service.flatMap { s in called.map { $0 + Int64(s) } }, noShow: noShow)
    }

    @Test func theNinetiethPercentileIsByNearestRank() {
        // Ten waits 1…10 minutes: 9 of 10 waited at most 9 minutes.
        let ten = QueueStatistics.figures((1...10).map { fact(wait: $0) }, targets: [:])
        #expect(ten.p90WaitSeconds == 9 * 60 && ten.averageWaitSeconds == 330)
        // Eleven: rank ⌈9.9⌉ = 10.
        #expect(QueueStatistics.figures((1...11).map { fact(wait: $0) }, targets: [:]).p90WaitSeconds == 10 * 60)
        #expect(QueueStatistics.figures([fact(wait: 4)], targets: [:]).p90WaitSeconds == 4 * 60)
    }

    @Test func eachQueueHasItsOwnTarget() {
        let f = QueueStatistics.figures([fact(wait: 20), fact(wait: 20, queue: "police"), fact(wait: 31, queue: "police")], targets: ["police": 30])
        // 20 minutes is over the default 15 but within 出入境's 30.
        #expect(f.overTarget == 2)
    }

    @Test func nothingToMeasureIsNoFigureRatherThanZero() {
        let none = QueueStatistics.figures([TicketFacts](), targets: [:])
        #expect(none.averageWaitSeconds == nil && none.p90WaitSeconds == nil && none.noShowRate == nil && none.ticketsPerHour == nil)
        let waiting = QueueStatistics.figures([fact(wait: nil)], targets: [:])
        #expect(waiting.arrived == 1 && waiting.called == 0 && waiting.averageWaitSeconds == nil)
    }

    @Test func serviceRunsFromStartOrElseFromTheCall() {
        let f = QueueStatistics.figures([fact(wait: 1, service: 300), fact(wait: 2, service: 500), fact(wait: 3, noShow: true)], targets: [:])
        #expect(f.served == 2 && f.noShows == 1 && f.averageServiceSeconds == 400)
        #expect(f.noShowRate == Double(1) / 3)
    }

    @Test func theNinetiethPercentileIsToTheMinuteAndTheAverageExact() {
        let issued: Int64 = 1_795_400_000
        let facts = [90, 150].map { TicketFacts(day: day, queue: "social", issuedAt: issued, firstCalledAt: issued + Int64($0)) }
        let f = QueueStatistics.figures(facts, targets: [:])
        #expect(f.p90WaitSeconds == 120 && f.averageWaitSeconds == 120)
    }

    @Test func daysMergeIntoTheFiguresOfAllTheirTickets() {
        let monday = (1...7).map { fact(wait: $0 * 3, service: 200 + $0) } + [fact(wait: 4, noShow: true)]
        let tuesday = (1...5).map { fact(wait: $0 * 5, queue: "police", service: 300) }
        var merged = QueueStatistics.figures(monday, targets: ["police": 10])
        merged.merge(QueueStatistics.figures(tuesday, targets: ["police": 10]))
        #expect(merged == QueueStatistics.figures(monday + tuesday, targets: ["police": 10]))
        #expect(merged.arrived == 13 && merged.p90WaitSeconds == 21 * 60 && merged.overTarget == 5)
    }
}
