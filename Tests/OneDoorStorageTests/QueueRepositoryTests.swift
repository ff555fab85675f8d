import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Tickets on both databases: numbering, the real-name limits, calling order, two windows at
/// once, compare-and-set on every window action, and the events statistics will read.
@Suite struct QueueRepositoryTests {
    let admin = AuditActor(accountID: nil, name: "tester", client: "test")
    let day = CivilDate("2026-11-23")!
    let social = HallQueue(hall: "CC", code: "social", name: "社会民生类", prefix: "A", category: "social")
    let business = HallQueue(hall: "CC", code: "business", name: "经营许可类", prefix: "B", category: "business")

    func prepared(_ database: any SQLDatabase) async throws -> QueueRepository {
        _ = try await CatalogRepository(database: database).replace(with: Fixtures.document(items: []), by: admin, at: 1_000)
        let repository = QueueRepository(database: database)
        try await repository.insertIfNone([social, business], hall: "CC")
        return repository
    }

    static func person(_ n: Int) -> String { Fixtures.residentID(n) }

    func request(_ queue: HallQueue, _ n: Int, priority: PriorityLane? = nil) -> TicketRequest {
        TicketRequest(queue: queue.code, documentType: .residentID, documentNumber: Self.person(n), priority: priority)
    }

    func issue(_ repository: QueueRepository, _ queue: HallQueue, _ n: Int, at: Int64, priority: PriorityLane? = nil, policy: TicketPolicy = TicketPolicy()) async throws -> Ticket {
        try await repository.issue(request(queue, n, priority: priority), queue: queue, day: day, id: "t\(queue.prefix)\(n)-\(at)", policy: policy, at: at)
    }

    @Test(arguments: TestDatabaseKind.available)
    func numbersAndRealNameLimits(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            #expect(ResidentID.check(Self.person(3), today: day).isValid)
            let first = try await issue(repository, social, 1, at: 10)
            let second = try await issue(repository, social, 2, at: 11)
            let other = try await issue(repository, business, 1, at: 12)
            #expect([first.number, second.number, other.number] == ["A001", "A002", "B001"])
            #expect(try await repository.ticket(id: first.id) == first)

            // One open ticket per person and queue.
            await #expect(throws: TicketStoreError.alreadyQueued(queue: "社会民生类")) { try await issue(repository, social, 1, at: 13) }
            // The daily limit per person and hall; a refused request leaves nothing behind.
            let strict = TicketPolicy(ticketsPerPersonPerDay: 1)
            await #expect(throws: TicketStoreError.dailyLimit(limit: 1)) { try await issue(repository, business, 2, at: 14, policy: strict) }
            let again = try await issue(repository, business, 2, at: 15, policy: TicketPolicy(ticketsPerPersonPerDay: 2))
            #expect(again.number == "B002") // the refused request used no number either
            await #expect(throws: TicketStoreError.dailyLimit(limit: 2)) {
                try await issue(repository, social, 2, at: 16, policy: TicketPolicy(ticketsPerPersonPerDay: 2))
            }

            // A queue whose range is used up is full for the day.
            var tiny = social
            tiny.lastNumber = 3
            _ = try await issue(repository, tiny, 3, at: 17)
            await #expect(throws: TicketStoreError.queueFull(queue: "社会民生类")) { try await issue(repository, tiny, 4, at: 18) }
            #expect(try await repository.load(hall: "CC")["social"]?.waiting == 3)

            // A transfer into a queue where the holder already has a ticket says so; nothing changes.
            let called = try await repository.callNext(hall: "CC", window: "1", queues: ["social"], policy: TicketPolicy(), at: 20, staffID: nil)
            #expect(called?.id == first.id)
            await #expect(throws: TicketStoreError.alreadyQueued(queue: "经营许可类")) {
                try await repository.act(.transfer, ticket: first.id, hall: "CC", window: "1", target: business, policy: TicketPolicy(), at: 21, staffID: nil)
            }
            #expect(try await repository.ticket(id: first.id)?.state == .called)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func windowsCallByTheRules(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            let policy = TicketPolicy(ordinaryPerPriority: 1)
            let a1 = try await issue(repository, social, 1, at: 10)
            let b1 = try await issue(repository, business, 2, at: 20)
            let a2 = try await issue(repository, social, 3, at: 30)
            let p = try await issue(repository, social, 4, at: 40, priority: .disabled)
            #expect(try await repository.ahead(of: a2) == 2) // a1 and the priority ticket
            #expect(try await repository.ahead(of: p) == 0)
            let queues: [QueueCode] = ["social", "business"]
            var order: [String] = []
            while let called = try await repository.callNext(hall: "CC", window: "1", queues: queues, policy: policy, at: 100, staffID: nil) {
                order.append(called.number)
                #expect(called.state == .called && called.window == "1")
            }
            // Priority first (none called yet), then one ordinary, then … the longest waiting across both queues.
            #expect(order == [p.number, a1.number, b1.number, a2.number])
            #expect(try await repository.callNext(hall: "CC", window: "1", queues: queues, policy: policy, at: 101, staffID: nil) == nil)
            #expect(try await repository.atWindow(hall: "CC", window: "1").count == 4)
            #expect(try await repository.recentCalls(hall: "CC", day: day, limit: 2).map(\.number) == [a2.number, b1.number])
        }
    }

    /// 20 windows call at once from one queue of 60: every ticket is called exactly once.
    @Test(arguments: TestDatabaseKind.available)
    func twoWindowsNeverCallTheSameTicket(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            for n in 0..<60 { _ = try await issue(repository, social, n, at: Int64(n)) }
            let calls = try await withThrowingTaskGroup(of: [String].self) { group in
                for window in 1...20 {
                    group.addTask {
                        var mine: [String] = []
                        while let t = try await repository.callNext(hall: "CC", window: "\(window)", queues: ["social"], policy: TicketPolicy(), at: 100, staffID: nil) {
                            mine.append(t.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(calls.count == 60)
            #expect(Set(calls).count == 60)
            let events = try await database.read { db in
                try await db.queryFirst("SELECT COUNT(*) AS n FROM ticket_events WHERE kind = 'called'")?.int("n")
            }
            #expect(events == 60)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func windowActionsAreStoredWithTheirEvents(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = try await prepared(database)
            let policy = TicketPolicy()
            let t = try await issue(repository, social, 1, at: 10)
            _ = try await repository.callNext(hall: "CC", window: "1", queues: ["social"], policy: policy, at: 20, staffID: 7)
            // For another hall's window the ticket is not there; another window of this hall may not touch it either.
            await #expect(throws: TicketStoreError.notFound(t.id)) {
                try await repository.act(.start, ticket: t.id, hall: "ZM", window: "1", target: nil, policy: policy, at: 21, staffID: 8)
            }
            await #expect(throws: TicketRuleError.self) {
                try await repository.act(.start, ticket: t.id, hall: "CC", window: "2", target: nil, policy: policy, at: 21, staffID: 8)
            }
            _ = try await repository.act(.start, ticket: t.id, hall: "CC", window: "1", target: nil, policy: policy, at: 30, staffID: 7)
            // Transfer keeps the issue time: it goes ahead of a business ticket taken later.
            let later = try await issue(repository, business, 2, at: 15)
            let moved = try await repository.act(.transfer, ticket: t.id, hall: "CC", window: "1", target: business, policy: policy, at: 40, staffID: 7)
            #expect(moved.state == .waiting && moved.queue == "business" && moved.issuedAt == 10)
            let next = try await repository.callNext(hall: "CC", window: "1", queues: ["business"], policy: policy, at: 50, staffID: 7)
            #expect(next?.id == t.id && later.id != t.id)
            _ = try await repository.act(.start, ticket: t.id, hall: "CC", window: "1", target: nil, policy: policy, at: 60, staffID: 7)

            // Two finishes at once: exactly one wins.
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        (try? await repository.act(.finish, ticket: t.id, hall: "CC", window: "1", target: nil, policy: policy, at: 70, staffID: 7)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await repository.ticket(id: t.id)?.state == .finished)
            let kinds = try await repository.events(ticket: t.id).map(\.kind)
            #expect(kinds == [.issued, .called, .started, .transferred, .called, .started, .finished])
            #expect(try await repository.events(ticket: t.id).map(\.queue) == ["social", "social", "social", "business", "business", "business", "business"])
            #expect(try await repository.serviceSeconds(hall: "CC", day: day)["business"] == 10)
        }
    }
}
