import Foundation
import HummingbirdTesting
import NIOCore
@testable import OneDoorWeb
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Synchronization
import Testing

/// A hall's live stream: one update computed per change for every subscriber, and a cap on
/// streams per caller and hall (issue 13 §1.7).
@Suite struct LiveStreamTests {
    @Test func oneChangeIsComputedOnceForEverySubscriber() async throws {
        let updates = HallUpdates()
        let calls = Counter()
        let compute: @Sendable () async throws -> String = {
            calls.add()
            try await Task.sleep(for: .milliseconds(20))
            return #"{"calls":[]}"#
        }
        let events = try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
            for _ in 0..<400 { group.addTask { try await updates.event(hall: "CC", generation: 7, compute: compute) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(calls.value == 1)
        #expect(Set(events.map { String(buffer: $0) }) == ["event: update\ndata: {\"calls\":[]}\n\n"])
        // The next change is computed anew; another hall is its own.
        _ = try await updates.event(hall: "CC", generation: 8, compute: compute)
        _ = try await updates.event(hall: "ZM", generation: 8, compute: compute)
        #expect(calls.value == 3)
    }

    @Test(arguments: TestDatabaseKind.available)
    func tooManyStreamsFromOneCallerAreRefused(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let signals = app.services.queues.signals
            // The in-process client's address is "local": fill its places as open screens would.
            let held = (0..<signals.perCaller).compactMap { _ in signals.subscribe(hall: "CC", caller: "local", tick: .seconds(3600)) }
            #expect(held.count == signals.perCaller)
            let refused = try await client.execute(uri: "/halls/CC/events", method: .get)
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] == "30")
            _ = held
        }
    }
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
