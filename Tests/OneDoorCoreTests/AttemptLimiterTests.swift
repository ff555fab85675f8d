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
