import OneDoorServices
import Testing

@Suite struct HallSignalsTests {
    /// A subscriber hears its own hall at once and on each change, and is forgotten when it
    /// stops listening.
    @Test func subscribersHearTheirHall() async throws {
        let signals = HallSignals()
        var iterator: AsyncStream<Void>.Iterator? = signals.subscribe(hall: "CC", tick: .seconds(3600)).makeAsyncIterator()
        let other = signals.subscribe(hall: "ZM", tick: .seconds(3600))
        #expect(signals.count == 2)
        #expect(await iterator?.next() != nil) // the first, at once
        signals.signal(hall: "CC")
        signals.signal(hall: "CC")
        signals.signal(hall: "ZM")
        #expect(await iterator?.next() != nil)
        // A signal after reading is heard too.
        signals.signal(hall: "CC")
        #expect(await iterator?.next() != nil)
        iterator = nil
        _ = other
        // Dropping the stream ends the subscription.
        for _ in 0..<100 where signals.count > 1 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(signals.count == 1)
    }
}
