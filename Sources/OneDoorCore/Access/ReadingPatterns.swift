/// One member of staff's reads of personal data over a period, as the access log adds them up.
public struct StaffReading: Sendable, Hashable {
    public var actorID: Int64
    public var actor: String
    /// Every logged read: case views, documents, base records, lookups at intake.
    public var reads: Int
    /// Distinct cases read.
    public var cases: Int
    /// Distinct cases read in which they took no step (not their intake, not their 承办 …).
    public var outside: Int
    /// Applicants called up at intake by number (not yet a case).
    public var lookups: Int
    public var firstAt: Int64
    public var lastAt: Int64

    public init(actorID: Int64, actor: String, reads: Int, cases: Int, outside: Int, lookups: Int, firstAt: Int64, lastAt: Int64) {
        self.actorID = actorID
        self.actor = actor
        self.reads = reads
        self.cases = cases
        self.outside = outside
        self.lookups = lookups
        self.firstAt = firstAt
        self.lastAt = lastAt
    }
}

/// What a supervisor should look at in the access log (issue 16 §4): a member of staff reading
/// many records outside their own cases, or reading far more than a day's work. Pure, with the
/// thresholds named so that a district can tune them.
public enum ReadingPatterns {
    /// Cases read without a step of one's own that, past half of all cases read, stand out.
    public static let outsideThreshold = 20
    /// Reads a day that no counter or desk needs.
    public static let readsPerDayThreshold = 300
    /// Lookups at intake a day past the applicants one window can serve.
    public static let lookupsPerDayThreshold = 150

    /// Why `reading`, over `days` days, is unusual; empty when it is not.
    public static func reasons(_ reading: StaffReading, days: Int) -> [String] {
        let days = max(1, days)
        var reasons: [String] = []
        if reading.outside >= outsideThreshold && reading.outside * 2 > reading.cases {
            reasons.append("查阅的 \(reading.cases) 件办件中有 \(reading.outside) 件本人未经手")
        }
        if reading.reads > readsPerDayThreshold.multipliedReportingOverflow(by: days).partialValue {
            reasons.append("查阅 \(reading.reads) 次，超过每日 \(readsPerDayThreshold) 次")
        }
        if reading.lookups > lookupsPerDayThreshold.multipliedReportingOverflow(by: days).partialValue {
            reasons.append("调取申请人信息 \(reading.lookups) 次，超过每日 \(lookupsPerDayThreshold) 次")
        }
        return reasons
    }
}
