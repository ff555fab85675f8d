/// When messages go out (ADR 0022): quiet hours for what is not urgent, and retries that back
/// off. Pure, so the rules are tested without a clock.
public struct DispatchPolicy: Sendable, Hashable {
    /// Minutes after midnight in China when the quiet hours begin and end (22:00–08:00 by
    /// default); a non-urgent message written in them waits for their end.
    public var quietFrom: Int
    public var quietUntil: Int
    /// Seconds to wait after the 1st, 2nd, … failed attempt; the last is repeated.
    public var backoff: [Int64]
    /// Attempts before a message is given up as failed.
    public var maximumAttempts: Int

    public init(quietFrom: Int = 22 * 60, quietUntil: Int = 8 * 60, backoff: [Int64] = [30, 120, 600, 3_600, 6 * 3_600], maximumAttempts: Int = 8) {
        self.quietFrom = quietFrom
        self.quietUntil = quietUntil
        self.backoff = backoff.isEmpty ? [60] : backoff
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// Whether `minute` (after midnight) falls in the quiet hours, which may span midnight.
    public func isQuiet(minute: Int) -> Bool {
        if quietFrom == quietUntil { return false }
        return quietFrom < quietUntil ? (minute >= quietFrom && minute < quietUntil) : (minute >= quietFrom || minute < quietUntil)
    }

    /// The first moment a message written at `now` may be sent.
    public func earliestSend(at now: Int64, urgent: Bool) -> Int64 {
        let minute = CivilDate.minuteOfDay(epochSeconds: now)
        guard !urgent, isQuiet(minute: minute) else { return now }
        let wait = (quietUntil - minute + 24 * 60) % (24 * 60)
        // To the start of the minute the quiet hours end in.
        return now - now % 60 + Int64(wait) * 60
    }

    /// After the `attempts`-th failed attempt at `now`: when to try again, or nil to give up.
    public func retry(afterAttempts attempts: Int, at now: Int64, urgent: Bool) -> Int64? {
        guard attempts < maximumAttempts else { return nil }
        let delay = backoff[min(max(attempts, 1), backoff.count) - 1]
        return earliestSend(at: now + delay, urgent: urgent)
    }
}
