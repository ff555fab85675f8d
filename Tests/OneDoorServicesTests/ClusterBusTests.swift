import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Synchronization
import Testing

/// The messages between servers sharing a database (ADR 0017): their wire form, and their
/// delivery over PostgreSQL's LISTEN/NOTIFY to every server but the sender.
@Suite struct ClusterBusTests {
    static let every: [ClusterMessage] = [
        .hall("CCZX"), .queueConfiguration("ZM"), .caseChanged("CC-20260928-00001"), .catalog, .calendar, .sessions, .kiosks,
    ]

    @Test func messagesSurviveTheirPayloads() {
        let payloads = ClusterMessage.payloads(Self.every, from: "server-1")
        #expect(payloads.count == 1)
        let (sender, messages) = ClusterMessage.parse(payloads[0])
        #expect(sender == "server-1" && messages == Self.every)
        // Unknown lines (a newer server's) are skipped, not misread.
        #expect(ClusterMessage.parse("s\nh CC\nx something\ncatalog extra\np").messages == [.hall("CC")])
    }

    @Test func payloadsStayUnderTheLimit() {
        let many = (0..<1_000).map { ClusterMessage.caseChanged(CaseNumber(rawValue: String(format: "CC-20260928-%05d", $0))) }
        let payloads = ClusterMessage.payloads(many, from: "server-1", limit: 7_900)
        #expect(payloads.count > 1 && payloads.allSatisfy { $0.utf8.count <= 7_900 })
        #expect(payloads.flatMap { ClusterMessage.parse($0).messages } == many)
    }

    @Test(arguments: TestDatabaseKind.available)
    func anotherServerHearsEveryMessageAndTheSenderNone(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let a = ClusterBus(database: database), b = ClusterBus(database: database)
            #expect(a.isShared == (kind == .postgres))
            let heardByA = Mutex<[ClusterMessage]>([]), heardByB = Mutex<[ClusterMessage]>([]), listening = Mutex(0)
            a.onMessage({ m in heardByA.withLock { $0.append(m) } }, onResync: { listening.withLock { $0 += 1 } })
            b.onMessage({ m in heardByB.withLock { $0.append(m) } }, onResync: { listening.withLock { $0 += 1 } })
            let runA = Task { await a.run() }, runB = Task { await b.run() }
            defer { runA.cancel(); runB.cancel() }
            guard kind == .postgres else {
                // One server on the embedded database: nothing to listen to, nothing sent.
                a.publish(.catalog)
                await runA.value
                #expect(heardByB.withLock { $0 }.isEmpty)
                return
            }
            for _ in 0..<200 where listening.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(listening.withLock { $0 } == 2)
            for message in Self.every { a.publish(message) }
            a.publish(.hall("CCZX"))  // queued twice before sending: sent once
            for _ in 0..<200 where heardByB.withLock({ $0.count }) < Self.every.count { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(100))
            #expect(Set(heardByB.withLock { $0 }) == Set(Self.every))
            #expect(heardByB.withLock { $0.count } <= Self.every.count + 1)
            #expect(heardByA.withLock { $0 }.isEmpty)
        }
    }
}
