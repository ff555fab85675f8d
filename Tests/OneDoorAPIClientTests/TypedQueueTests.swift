import Foundation
import OneDoorTestSupport
import Testing

/// The queue API end to end through the generated client: real-name tickets, their limits and
/// errors, calling at a window, window actions, the call list; and an administrator's queues and
/// window profiles.
@Suite struct TypedQueueTests {
    static let person = "44011320141005001X"

    static func ticket(_ number: String = person, queue: String = "social", type: Components.Schemas.TicketBody.DocumentTypePayload = .residentId) -> Components.Schemas.TicketBody {
        .init(queue: queue, documentType: type, documentNumber: number)
    }

    @Test(arguments: TestDatabaseKind.available)
    func aTicketFromTheKioskToTheWindow(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let kiosk = try await ClientHarness.kiosk(client)
            let queues = try await api.listQueues(path: .init(code: "CC")).ok.body.json.queues
            #expect(queues.map(\.prefix) == ["A", "B"])
            #expect(queues[0].windows == ["1"] && queues[0].waiting == 0)
            // The kiosk promises what the ticket will then say: one 8-minute service at one window.
            #expect(queues[0].estimatedWaitMinutes == 8)

            // Bad input: every problem named, with its path; a kiosk gives tickets of its own hall only.
            let bad = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket("440113201410050010", queue: "nope")))
            #expect(Set(try bad.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) ?? []) == ["queue", "documentNumber"])
            _ = try await kiosk.issueTicket(path: .init(code: "XX"), body: .json(Self.ticket())).forbidden

            let issued = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket())).created.body.json
            #expect(issued.number == "A001" && issued.documentNumberMasked == "4401**********001X")
            #expect(issued.ahead == 0 && issued.estimatedWaitMinutes == 8 && issued.id.count == 12)

            // The same person again in the same queue: refused, with why. Somebody else queues behind.
            let twice = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket())).conflict
            #expect(try twice.body.applicationProblemJson.detail.contains("已有一个未办结的号"))
            let second = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket("E1234567", type: .passport))).created.body.json
            #expect(second.number == "A002" && second.ahead == 1 && second.estimatedWaitMinutes == 16)
            let after = try await api.listQueues(path: .init(code: "CC")).ok.body.json.queues
            #expect(after[0].waiting == 2 && after[0].estimatedWaitMinutes == 24)

            // The window calls: the longest waiting first.
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            #expect(try await clerk.callNext(path: .init(window: "1")).ok.body.json.id == issued.id)
            #expect(try await api.getTicket(path: .init(id: second.id)).ok.body.json.ahead == 0)
            #expect(try await api.listCalls(path: .init(code: "CC")).ok.body.json.calls.first?.announcement == "请 A001 号到 1 号窗口办理")

            // Window actions; a double finish is a conflict that says why.
            func act(_ action: Operations.TicketAction.Input.Path.TicketActionPayload, _ id: String) async throws -> Operations.TicketAction.Output {
                try await clerk.ticketAction(path: .init(id: id, ticketAction: action), body: .json(.init(window: "1")))
            }
            _ = try await act(.start, issued.id).ok
            #expect(try await act(.finish, issued.id).ok.body.json.state == .finished)
            let again = try await act(.finish, issued.id).conflict
            #expect(try again.body.applicationProblemJson.detail == "A001 号当前为“已办结”，已结束，不能再办结")
            // Unknown window, unknown ticket, nobody left.
            _ = try await clerk.callNext(path: .init(window: "9")).notFound
            _ = try await act(.start, "nope").notFound
            _ = try await clerk.callNext(path: .init(window: "1")).ok
            let empty = try await clerk.callNext(path: .init(window: "1")).notFound
            #expect(try empty.body.applicationProblemJson._type == "/problems/queue-empty")
            #expect(try await clerk.listWindowTickets(path: .init(window: "1")).ok.body.json.items.map(\.number) == ["A002"])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anAdministratorSetsUpQueuesAndWhatAWindowCalls(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let kiosk = try await ClientHarness.kiosk(client)
            let admin = try await ClientHarness.signedIn(client, "admin")
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            func queue(_ code: String) async throws -> Components.Schemas.Queue? {
                try await api.listQueues(path: .init(code: "CC")).ok.body.json.queues.first { $0.code == code }
            }

            // Every problem named; staff other than administrators may not.
            let bad = try await admin.saveQueue(path: .init(code: "CC", queue: "crj"), body: .json(.init(
                name: "", prefix: "A", firstNumber: 10, lastNumber: 5, targetWaitMinutes: 0
            )))
            #expect(Set(try bad.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) ?? []) == ["name", "prefix", "lastNumber", "targetWaitMinutes"])
            _ = try await clerk.saveQueue(path: .init(code: "CC", queue: "crj"), body: .json(.init(name: "公安出入境", prefix: "C"))).forbidden

            // A new queue: numbered C…, called by no window until a profile lists it.
            _ = try await admin.saveQueue(path: .init(code: "CC", queue: "crj"), body: .json(.init(
                name: "公安出入境", prefix: "C", lastNumber: 5000, targetWaitMinutes: 20
            ))).ok
            let crj = try #require(try await queue("crj"))
            #expect(crj.prefix == "C" && crj.lastNumber == 5000 && crj.targetWaitMinutes == 20 && crj.windows.isEmpty)
            #expect(try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket(queue: "crj"))).created.body.json.number == "C001")
            _ = try await clerk.callNext(path: .init(window: "1")).notFound

            // Window 1's profile: the new queue first, then its own; unknown queues are refused by position.
            let unknown = try await admin.setWindowQueues(path: .init(code: "CC", number: "1"), body: .json(.init(queues: ["nope", "crj", "crj"])))
            #expect(try unknown.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) == ["queues[0]", "queues[2]"])
            _ = try await admin.setWindowQueues(path: .init(code: "CC", number: "9"), body: .json(.init(queues: []))).notFound
            #expect(try await admin.setWindowQueues(path: .init(code: "CC", number: "1"), body: .json(.init(queues: ["crj", "social"]))).ok.body.json.queues == ["crj", "social"])
            #expect(try await queue("crj")?.windows == ["1"])
            #expect(try await clerk.callNext(path: .init(window: "1")).ok.body.json.number == "C001")
            // An empty profile returns the window to its categories' queues.
            #expect(try await admin.setWindowQueues(path: .init(code: "CC", number: "1"), body: .json(.init(queues: []))).ok.body.json.queues == ["social", "business"])

            // A smaller daily range takes effect at once: the third ticket finds the queue full.
            _ = try await admin.saveQueue(path: .init(code: "CC", queue: "social"), body: .json(.init(name: "社会民生类", prefix: "A", lastNumber: 2))).ok
            _ = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket())).created
            _ = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket("E1234567", type: .passport))).created
            let full = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(Self.ticket("E7654321", type: .passport))).conflict
            #expect(try full.body.applicationProblemJson.detail.contains("号已经发完"))
        }
    }
}
