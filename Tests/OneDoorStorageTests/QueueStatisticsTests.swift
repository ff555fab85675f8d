import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Queue statistics from the events a real morning leaves, on both databases, against figures
/// computed by hand. The morning (hall CC, queue 社会民生类, target 15 minutes):
///
/// | ticket | taken | first call       | service            | end     |
/// |--------|-------|------------------|--------------------|---------|
/// | A001   | 09:00 | 09:02 (2 min), w1 | 09:03–09:11 (8)   | 办结    |
/// | A002   | 09:05 | 09:11 (6 min), w1 | 09:11–09:21 (10)  | 办结    |
/// | A003   | 09:06 | 09:16 (10 min), w2| —                 | 过号 09:20 |
/// | A004   | 10:10 | 10:32 (22 min), w1| 10:32–10:40 (8)   | 办结    |
/// | A005   | 10:20 | —                 | —                 | waiting |
///
/// Average wait (2 + 6 + 10 + 22) / 4 = 10 minutes; 90th percentile (nearest rank 4 of 4) 22
/// minutes; over target 1 of 4; served 3, no-shows 1, no-show rate 1 / 4; average service
/// (8 + 10 + 8) / 3 = 520 s; 5 tickets in 2 busy hours = 2.5 an hour.
@Suite struct QueueStatisticsTests {
    let admin = AuditActor(accountID: nil, name: "tester", client: "test")
    let day = CivilDate("2026-11-23")!
    let social = HallQueue(hall: "CC", code: "social", name: "社会民生类", prefix: "A", category: "social")
    let policy = TicketPolicy()

    func at(_ hour: Int, _ minute: Int) -> Int64 { Int64(day.dayNumber) * 86_400 - 8 * 3600 + Int64(hour * 3600 + minute * 60) }

    func morning(_ repository: QueueRepository) async throws -> [String] {
        var ids: [String] = []
        for (n, (h, m)) in [(9, 0), (9, 5), (9, 6), (10, 10), (10, 20)].enumerated() {
            let request = TicketRequest(queue: "social", documentType: .residentID, documentNumber: QueueRepositoryTests.person(n), priority: nil)
            ids.append(try await repository.issue(request, queue: social, day: day, id: "s\(n)", policy: policy, at: at(h, m)).id)
        }
        func call(_ window: WindowNumber, _ h: Int, _ m: Int, staff: Int64) async throws -> String? {
            try await repository.callNext(hall: "CC", window: window, queues: ["social"], policy: policy, at: at(h, m), staffID: staff)?.id
        }
        func act(_ action: TicketAction, _ id: String, _ window: WindowNumber, _ h: Int, _ m: Int, staff: Int64) async throws {
            _ = try await repository.act(action, ticket: id, hall: "CC", window: window, target: nil, policy: policy, at: at(h, m), staffID: staff)
        }
        #expect(try await call("1", 9, 2, staff: 7) == ids[0])
        try await act(.start, ids[0], "1", 9, 3, staff: 7)
        try await act(.finish, ids[0], "1", 9, 11, staff: 7)
        #expect(try await call("1", 9, 11, staff: 7) == ids[1])
        try await act(.start, ids[1], "1", 9, 11, staff: 7)
        #expect(try await call("2", 9, 16, staff: 8) == ids[2])
        try await act(.recall, ids[2], "2", 9, 18, staff: 8)
        try await act(.noShow, ids[2], "2", 9, 20, staff: 8)
        try await act(.finish, ids[1], "1", 9, 21, staff: 7)
        #expect(try await call("1", 10, 32, staff: 7) == ids[3])
        try await act(.start, ids[3], "1", 10, 32, staff: 7)
        try await act(.finish, ids[3], "1", 10, 40, staff: 7)
        return ids
    }

    @Test(arguments: TestDatabaseKind.available)
    func aMorningByHand(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            _ = try await CatalogRepository(database: database).replace(with: Fixtures.document(items: []), by: admin, at: 1_000)
            let repository = QueueRepository(database: database)
            try await repository.insertIfNone([social], hall: "CC")
            _ = try await morning(repository)

            let facts = try await repository.facts(hall: "CC", from: day, to: day)
            #expect(facts.count == 5)
            #expect(try await repository.facts(hall: "CC", from: day.adding(days: 1), to: day.adding(days: 7)).isEmpty)
            let f = QueueStatistics.figures(facts, targets: ["social": 15])
            #expect(f.arrived == 5 && f.called == 4 && f.served == 3 && f.noShows == 1)
            #expect(f.averageWaitSeconds == 600)
            #expect(f.p90WaitSeconds == 22 * 60)
            #expect(f.overTargetShare == 0.25 && f.noShowRate == 0.25)
            #expect(f.averageServiceSeconds == 520)
            #expect(f.arrivalsByHour[9] == 3 && f.arrivalsByHour[10] == 2 && f.ticketsPerHour == 2.5)

            // By window and by member of staff: the one who served, or called last.
            let windows = QueueStatistics.grouped(facts, by: \.window, targets: ["social": 15])
            #expect(windows["1"]?.served == 3 && windows["1"]?.averageWaitSeconds == 600 && windows["1"]?.averageServiceSeconds == 520)
            #expect(windows["2"]?.noShows == 1 && windows["2"]?.served == 0 && windows["2"]?.noShowRate == 1)
            let staff = QueueStatistics.grouped(facts, by: \.staffID, targets: ["social": 15])
            #expect(staff[7]?.called == 3 && staff[8]?.called == 1)
        }
    }
}
