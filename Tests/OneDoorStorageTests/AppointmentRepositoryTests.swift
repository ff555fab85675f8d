import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Appointments on both databases: a slot is never over-filled however many book at once, one
/// person's limit holds under concurrency, places come back on cancel and move on reschedule,
/// and a check-in turns a booking into a ticket called before everyone else.
@Suite struct AppointmentRepositoryTests {
    let admin = AuditActor(accountID: nil, name: "tester", client: "test")
    let monday = CivilDate("2026-11-23")!
    let policy = AppointmentPolicy() // 30-minute slots, 4 places, 2 open per person, ±15 min
    let queues = ["social", "business", "police", "tax", "health"].enumerated().map { i, code in
        HallQueue(hall: "CC", code: code, name: "队列\(code)", prefix: String(Array("ABCDE")[i]), category: nil)
    }

    func prepared(_ database: any SQLDatabase) async throws -> AppointmentRepository {
        _ = try await CatalogRepository(database: database).replace(with: Fixtures.document(items: []), by: admin, at: 1_000)
        try await QueueRepository(database: database).insertIfNone(queues, hall: "CC")
        return AppointmentRepository(database: database)
    }

    /// Monday's slots as the hall offers them (09:00–17:00 in the fixtures).
    var offered: [AppointmentSlot] { (0..<16).map { AppointmentSlot(day: monday, start: 540 + 30 * $0, end: 570 + 30 * $0) } }
    /// The Friday before, at 10:00: everything on Monday is ahead and within the 7 days.
    var friday: Int64 { AppointmentSlot(day: CivilDate("2026-11-20")!, start: 0, end: 0).epoch(600) }

    func booking(_ n: Int, queue: QueueCode = "social", slot: Int = 2, id: String? = nil) -> Appointment {
        Appointment(id: id ?? "ap\(n)-\(queue)-\(slot)", hall: "CC", queue: queue, slot: offered[slot], documentType: .residentID,
                    documentNumber: QueueRepositoryTests.person(n), bookedAt: friday)
    }

    @Test(arguments: TestDatabaseKind.available)
    func aSlotIsNeverOverFilledByParallelBookings(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            // 24 different people book the same 4-place slot at the same moment.
            let outcomes = await withTaskGroup(of: String.self) { group in
                for n in 0..<24 {
                    group.addTask {
                        do {
                            _ = try await repository.book(booking(n), offered: offered, policy: policy, at: friday)
                            return "booked"
                        } catch let error as AppointmentStoreError {
                            return error == .slotFull(label: "2026年11月23日 10:00–10:30") ? "full" : "\(error)"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "booked" }.count == 4)
            #expect(outcomes.filter { $0 == "full" }.count == 20)
            let counted = try await repository.booked(hall: "CC", queue: "social", day: monday)
            #expect(counted[600]?.booked == 4 && counted[600]?.capacity == 4)
            #expect(try await repository.appointments(hall: "CC", day: monday).count == 4)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func onePersonsLimitHoldsUnderConcurrency(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            // One person books five different queues at once; two open appointments is the limit.
            let won = await withTaskGroup(of: QueueCode?.self) { group in
                for queue in queues {
                    group.addTask { (try? await repository.book(booking(7, queue: queue.code), offered: offered, policy: policy, at: friday)) != nil ? queue.code : nil }
                }
                return await group.reduce(into: [QueueCode]()) { if let code = $1 { $0.append(code) } }
            }
            #expect(won.count == 2)
            // The refusal names the limit alone: asked for a queue that none of the two booked
            // (which two won the race varies; the same queue twice on one day is refused for
            // its own reason, below).
            let other = try #require(queues.map(\.code).first { !won.contains($0) })
            let third = await #expect(throws: ValidationFailed.self) {
                try await repository.book(booking(7, queue: other, slot: 5), offered: offered, policy: policy, at: friday)
            }
            #expect(third?.problems.map(\.path) == ["documentNumber"])
            let first = try await repository.book(booking(8, slot: 1), offered: offered, policy: policy, at: friday)
            let same = await #expect(throws: ValidationFailed.self) {
                try await repository.book(booking(8, slot: 6), offered: offered, policy: policy, at: friday)
            }
            #expect(same?.problems.map(\.reason) == ["您已预约2026年11月23日 09:30–10:00 的同一业务，如需改时间请改约"])
            #expect(first.state == .booked)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func cancelAndRescheduleMovePlaces(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            let person = QueueRepositoryTests.person(3)
            let a = try await repository.book(booking(3, slot: 2), offered: offered, policy: policy, at: friday)
            // Someone else's number is not the holder's: told apart from nothing.
            await #expect(throws: AppointmentStoreError.notFound) {
                try await repository.cancel(id: a.id, documentNumber: QueueRepositoryTests.person(4), at: friday)
            }
            let moved = try await repository.reschedule(id: a.id, documentNumber: person, to: offered[5], offered: offered, policy: policy, at: friday + 60)
            #expect(moved.slot == offered[5])
            var places = try await repository.booked(hall: "CC", queue: "social", day: monday)
            #expect(places[600]?.booked == 0 && places[690]?.booked == 1)
            // Moving into a full slot is refused and changes nothing.
            for n in 10..<14 { _ = try await repository.book(booking(n, slot: 8), offered: offered, policy: policy, at: friday) }
            await #expect(throws: AppointmentStoreError.slotFull(label: "2026年11月23日 13:00–13:30")) {
                try await repository.reschedule(id: a.id, documentNumber: person, to: offered[8], offered: offered, policy: policy, at: friday)
            }
            #expect(try await repository.appointment(id: a.id)?.slot == offered[5])
            // Moving to its own slot, full or not, changes nothing.
            for n in 14..<17 { _ = try await repository.book(booking(n, slot: 5), offered: offered, policy: policy, at: friday) }
            #expect(try await repository.reschedule(id: a.id, documentNumber: person, to: offered[5], offered: offered, policy: policy, at: friday).slot == offered[5])
            #expect(try await repository.booked(hall: "CC", queue: "social", day: monday)[690]?.booked == 4)
            // Moving back to an earlier slot (the other lock order).
            _ = try await repository.reschedule(id: a.id, documentNumber: person, to: offered[3], offered: offered, policy: policy, at: friday)
            let cancelled = try await repository.cancel(id: a.id, documentNumber: person, at: friday)
            #expect(cancelled.state == .cancelled)
            places = try await repository.booked(hall: "CC", queue: "social", day: monday)
            #expect(places[630]?.booked == 0 && places[690]?.booked == 3 && places[780]?.booked == 4)
            await #expect(throws: AppointmentStoreError.notChangeable(state: .cancelled)) {
                try await repository.cancel(id: a.id, documentNumber: person, at: friday)
            }
            // Once its slot has begun, a booking can no longer be changed.
            let b = try await repository.book(booking(5, slot: 0), offered: offered, policy: policy, at: friday)
            await #expect(throws: AppointmentStoreError.notChangeable(state: .booked)) {
                try await repository.cancel(id: b.id, documentNumber: QueueRepositoryTests.person(5), at: offered[0].epoch(541))
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aCheckInOnTimeIsCalledFirstAndUnclaimedOnesBecomeNoShows(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            let tickets = QueueRepository(database: database)
            let social = queues[0]
            let due = try await repository.book(booking(1, slot: 2), offered: offered, policy: policy, at: friday)
            let missed = try await repository.book(booking(2, slot: 1), offered: offered, policy: policy, at: friday)
            // Two people took ordinary tickets early in the morning.
            let at = offered[2].epoch(600)
            for n in 20..<22 {
                _ = try await tickets.issue(TicketRequest(queue: "social", documentType: .residentID, documentNumber: QueueRepositoryTests.person(n)),
                                            queue: social, day: monday, id: "early\(n)", policy: TicketPolicy(), at: at - 3600)
            }
            let request = TicketRequest(queue: "social", documentType: .residentID, documentNumber: QueueRepositoryTests.person(1))
            let ticket = try await repository.checkIn(due, ticket: request, queue: social, ticketID: "apt1", onTime: true, policy: TicketPolicy(), at: at - 300)
            #expect(ticket.appointment == due.id && ticket.lane == .appointment && ticket.number == "A003")
            #expect(try await tickets.ahead(of: ticket) == 0)
            #expect(try await tickets.ahead(of: try #require(try await tickets.ticket(id: "early20"))) == 1)
            // Called before the two who waited an hour.
            let called = try await tickets.callNext(hall: "CC", window: "1", queues: ["social"], policy: TicketPolicy(), at: at, staffID: nil)
            #expect(called?.id == "apt1")
            #expect(try await repository.appointment(id: due.id)?.state == .checkedIn)
            #expect(try await repository.appointment(id: due.id)?.ticket == "apt1")
            // The same appointment cannot be checked in twice.
            await #expect(throws: AppointmentStoreError.notChangeable(state: .checkedIn)) {
                try await repository.checkIn(due, ticket: request, queue: social, ticketID: "apt2", onTime: true, policy: TicketPolicy(), at: at)
            }
            // The 09:30 slot ended unclaimed: the sweep marks it, once.
            #expect(try await repository.markNoShows(at: offered[1].epoch(offered[1].end) - 1) == 0)
            #expect(try await repository.markNoShows(at: offered[1].epoch(offered[1].end)) == 1)
            #expect(try await repository.markNoShows(at: at + 3600) == 0)
            #expect(try await repository.appointment(id: missed.id)?.state == .noShow)
        }
    }
}
