import OneDoorCore
import Testing

@Suite struct AttemptLimiterTests {
    @Test func aClientWaitsAfterTooManyFailuresUntilTheOldestExpires() {
        var limiter = AttemptLimiter(limit: 3, window: 100)
        for t in [10, 20, 30] as [Int64] {
            #expect(limiter.retryAfter(client: "a", now: t) == nil)
            limiter.record(client: "a", now: t)
        }
        #expect(limiter.retryAfter(client: "a", now: 40) == 70)  // the failure at 10 expires at 110
        #expect(limiter.retryAfter(client: "b", now: 40) == nil)  // other clients are not affected
        #expect(limiter.retryAfter(client: "a", now: 110) == nil)
        limiter.record(client: "a", now: 110)
        #expect(limiter.retryAfter(client: "a", now: 111) == 9)  // 20, 30, 110: wait for 20 to expire
    }

    @Test func memoryStaysBounded() {
        var limiter = AttemptLimiter(limit: 3, window: 100, capacity: 5)
        for i in 0..<50 { limiter.record(client: "c\(i)", now: Int64(i)) }
        #expect(limiter.clientCount <= 5)
        // The newest client is still remembered.
        limiter.record(client: "c49", now: 50)
        limiter.record(client: "c49", now: 51)
        #expect(limiter.retryAfter(client: "c49", now: 52) != nil)
    }
}

@Suite struct AttemptLimiterLoadTests {
    /// A client calling thousands of times a second costs one bucket per second, not one entry
    /// per call, and is limited exactly at the limit.
    @Test func manyEventsInOneSecondAreOneBucket() {
        var limiter = AttemptLimiter(limit: 30, window: 60)
        for i in 0..<30 {
            #expect(limiter.retryAfter(client: "kiosk", now: 1_000) == nil, "call \(i)")
            limiter.record(client: "kiosk", now: 1_000)
        }
        #expect(limiter.retryAfter(client: "kiosk", now: 1_000) == 60)
        #expect(limiter.retryAfter(client: "kiosk", now: 1_059) == 1)
        #expect(limiter.retryAfter(client: "kiosk", now: 1_060) == nil)
        var unlimited = AttemptLimiter(limit: 1_000_000_000, window: 60)
        for second in 0..<200 as Range<Int64> {
            for _ in 0..<1_000 { unlimited.record(client: "wrk", now: second) }
        }
        #expect(unlimited.retryAfter(client: "wrk", now: 200) == nil)
    }
}
