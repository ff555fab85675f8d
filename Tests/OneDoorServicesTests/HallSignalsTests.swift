import OneDoorServices
import Testing

@Suite struct HallSignalsTests {
    /// A subscriber hears its own hall at once and on each change, and is forgotten when it
    /// stops listening.
    @Test func subscribersHearTheirHall() async throws {
        let signals = HallSignals()
        var iterator: AsyncStream<Void>.Iterator? = signals.subscribe(hall: "CC", tick: .seconds(3600))?.makeAsyncIterator()
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

    /// Streams are capped per hall and per caller; a closed stream frees its place; every signal
    /// moves the hall's generation.
    @Test func streamsAreCappedPerHallAndCaller() async throws {
        let signals = HallSignals(perHall: 3, perCaller: 2)
        var a1 = signals.subscribe(hall: "CC", caller: "1.2.3.4", tick: .seconds(3600))
        let a2 = signals.subscribe(hall: "CC", caller: "1.2.3.4", tick: .seconds(3600))
        #expect(a1 != nil && a2 != nil)
        #expect(signals.subscribe(hall: "ZM", caller: "1.2.3.4", tick: .seconds(3600)) == nil)
        let b = signals.subscribe(hall: "CC", caller: "5.6.7.8", tick: .seconds(3600))
        #expect(b != nil)
        #expect(signals.subscribe(hall: "CC", caller: "9.9.9.9", tick: .seconds(3600)) == nil)
        #expect(signals.subscribe(hall: "ZM", caller: "9.9.9.9", tick: .seconds(3600)) != nil)
        a1 = nil
        for _ in 0..<100 where signals.count > 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(signals.count == 2)
        #expect(signals.subscribe(hall: "CC", caller: "1.2.3.4", tick: .seconds(3600)) != nil)
        #expect(signals.generation(hall: "CC") == 0)
        signals.signal(hall: "CC")
        signals.signal(hall: "CC")
        #expect(signals.generation(hall: "CC") == 2 && signals.generation(hall: "ZM") == 0)
        _ = (a2, b)
    }
}
