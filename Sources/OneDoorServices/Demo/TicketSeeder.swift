import Foundation
import OneDoorCore
import OneDoorStorage

/// Fills a hall with realistic past queue days for load tests and the statistics page
/// (`onedoor seed-tickets N`): N tickets over the working days before today, each with the events
/// a real day leaves — taken between 09:00 and 16:30, called after an exponential wait (mean
/// 8 minutes, longer in the morning rush), served 3 to 15 minutes at a window that calls its
/// queue, 4 % called three times without coming (过号). The same seed gives the same days.
public struct TicketSeeder {
    let hall: HallCode
    let queues: [HallQueue]
    /// The windows calling each queue.
    let windows: [QueueCode: [WindowNumber]]
    let staff: [Int64]
    var random: SplitMix64

    public init(hall: HallCode, queues: [HallQueue], windows: [QueueCode: [WindowNumber]], staff: [Int64], seed: UInt64) {
        self.hall = hall
        self.queues = queues
        self.windows = windows
        self.staff = staff
        self.random = SplitMix64(seed: seed)
    }

    /// The working days before `today`, most recent last, enough for `days`.
    public static func workingDays(_ days: Int, before today: CivilDate, calendar: WorkingCalendar) throws -> [CivilDate] {
        var result: [CivilDate] = []
        var day = today.adding(days: -1)
        while result.count < days {
            if try calendar.isWorkingDay(day) { result.append(day) }
            day = day.adding(days: -1)
        }
        return result.reversed()
    }

    /// One day's tickets, numbered per queue from 1, with their events.
    public mutating func day(_ date: CivilDate, tickets count: Int, person: inout Int) -> [(ticket: Ticket, events: [TicketEvent], startedAt: Int64?, finishedAt: Int64?)] {
        let opening = date.startEpochSeconds + 9 * 3600
        let issueTimes = (0..<count).map { _ in opening + Int64(below(7 * 3600 + 1800)) }.sorted()
        var numbers: [QueueCode: Int] = [:]
        var result: [(ticket: Ticket, events: [TicketEvent], startedAt: Int64?, finishedAt: Int64?)] = []
        result.reserveCapacity(count)
        for issued in issueTimes {
            let queue = queues[weightedQueue()]
            let callers = windows[queue.code] ?? []
            numbers[queue.code, default: queue.firstNumber - 1] += 1
            person += 1
            let first17 = "440604" + String(1950 + person % 50) + "0101" + String(format: "%03d", person % 1000)
            var ticket = Ticket(
                id: "seed\(date.dayNumber)\(queue.prefix)\(numbers[queue.code]!)", hall: hall, queue: queue.code, day: date,
                number: queue.ticketNumber(numbers[queue.code]!), documentType: .residentID,
                documentNumber: first17 + String(ResidentID.checkCharacter(for: first17) ?? "0"), issuedAt: issued
            )
            var events = [TicketEvent(ticket: ticket.id, kind: .issued, at: issued, queue: queue.code)]
            guard let window = callers.isEmpty ? nil : callers[below(callers.count)] else {
                ticket.state = .noShow // nobody calls this queue: the day ends without a call
                result.append((ticket, events, nil, nil))
                continue
            }
            let staffID = staff.isEmpty ? nil : staff[below(staff.count)]
            // The morning rush (before 10:30) waits longer.
            let mean = issued - opening < 5400 ? 12.0 : 7.0
            let called = issued + Int64(min(5400, -mean * 60 * log(1 - Double(below(10_000)) / 10_001)))
            ticket.window = window
            ticket.calledAt = called
            ticket.calls = 1
            events.append(TicketEvent(ticket: ticket.id, kind: .called, at: called, queue: queue.code, window: window, staffID: staffID))
            if below(100) < 4 {
                for k in 1...2 { events.append(TicketEvent(ticket: ticket.id, kind: .recalled, at: called + Int64(60 * k), queue: queue.code, window: window, staffID: staffID)) }
                events.append(TicketEvent(ticket: ticket.id, kind: .noShow, at: called + 180, queue: queue.code, window: window, staffID: staffID))
                ticket.calls = 3
                ticket.state = .noShow
                result.append((ticket, events, nil, nil))
                continue
            }
            let started = called + Int64(30 + below(90))
            let finished = started + Int64(180 + below(720))
            events.append(TicketEvent(ticket: ticket.id, kind: .started, at: started, queue: queue.code, window: window, staffID: staffID))
            events.append(TicketEvent(ticket: ticket.id, kind: .finished, at: finished, queue: queue.code, window: window, staffID: staffID))
            ticket.state = .finished
            result.append((ticket, events, started, finished))
        }
        return result
    }

    /// Busier queues first: the first queue takes about a third of the tickets.
    private mutating func weightedQueue() -> Int {
        let weights = queues.indices.map { max(1, 6 - $0) }
        var pick = below(weights.reduce(0, +))
        for (i, w) in weights.enumerated() {
            if pick < w { return i }
            pick -= w
        }
        return 0
    }

    private mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(max(1, n))) }
}
