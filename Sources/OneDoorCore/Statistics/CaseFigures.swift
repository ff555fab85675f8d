/// The figures of a set of cases (issue 18 §5): counted by the month they were received, so a
/// month's figures are fixed by its cases (they still change while those cases run). Figures of
/// separate sets add up exactly (``merge(_:)``), so a year is the sum of its months and any
/// grouping the sum of its rows.
public struct CaseFigures: Sendable, Hashable, Codable {
    /// Received (收件): every case opened.
    public var received = 0
    /// Accepted (受理), on the spot or after correction.
    public var accepted = 0
    /// Refused (不予受理).
    public var refused = 0
    /// Given a 一次性告知 (补齐补正) notice at intake.
    public var corrected = 0
    /// Concluded on the spot (即办).
    public var immediate = 0
    public var concluded = 0
    /// Concluded by their promised deadline.
    public var onTime = 0
    /// Working days from acceptance to conclusion, over `concluded` cases that kept them.
    public var workingDays = 0
    public var timedConclusions = 0
    /// The promised limits of those cases, in days: what the average is compared with.
    public var promisedDays = 0
    /// Trips (跑动次数) over the cases that counted them; none, and at most one.
    public var trips = 0
    public var tripCounted = 0
    public var zeroTrips = 0
    public var atMostOneTrip = 0
    public var specialProcedures = 0
    public var sentBack = 0
    /// Materials listed at intake, over all received: what applicants were asked for.
    public var materials = 0
    /// 承办, 审核 and 决定 not taken by three people (``CaseRecord/stepsShareHands``).
    public var sharedHands = 0

    public init() {}

    public mutating func merge(_ other: CaseFigures) {
        received += other.received
        accepted += other.accepted
        refused += other.refused
        corrected += other.corrected
        immediate += other.immediate
        concluded += other.concluded
        onTime += other.onTime
        workingDays += other.workingDays
        timedConclusions += other.timedConclusions
        promisedDays += other.promisedDays
        trips += other.trips
        tripCounted += other.tripCounted
        zeroTrips += other.zeroTrips
        atMostOneTrip += other.atMostOneTrip
        specialProcedures += other.specialProcedures
        sentBack += other.sentBack
        materials += other.materials
        sharedHands += other.sharedHands
    }

    static func share(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    public var acceptedShare: Double? { Self.share(accepted, received) }
    public var refusedShare: Double? { Self.share(refused, received) }
    public var correctedShare: Double? { Self.share(corrected, received) }
    public var immediateShare: Double? { Self.share(immediate, accepted) }
    /// Of the concluded, those concluded by their promised deadline.
    public var onTimeShare: Double? { Self.share(onTime, concluded) }
    public var averageWorkingDays: Double? { timedConclusions == 0 ? nil : Double(workingDays) / Double(timedConclusions) }
    public var averagePromisedDays: Double? { timedConclusions == 0 ? nil : Double(promisedDays) / Double(timedConclusions) }
    public var materialsPerCase: Double? { received == 0 ? nil : Double(materials) / Double(received) }
    public var averageTrips: Double? { tripCounted == 0 ? nil : Double(trips) / Double(tripCounted) }
    /// 零跑腿 and 最多跑一次, of the cases that counted their trips.
    public var zeroTripShare: Double? { Self.share(zeroTrips, tripCounted) }
    public var atMostOneTripShare: Double? { Self.share(atMostOneTrip, tripCounted) }
}

/// What a row of a month's stored figures is for.
public struct CaseFigureKey: Sendable, Hashable, Codable {
    /// `YYYY-MM`.
    public var month: String
    public var item: ItemCode
    public var department: DepartmentCode
    public var hall: HallCode
    public var channel: CaseChannel

    public init(month: String, item: ItemCode, department: DepartmentCode, hall: HallCode, channel: CaseChannel) {
        self.month = month
        self.item = item
        self.department = department
        self.hall = hall
        self.channel = channel
    }
}

/// How case statistics are grouped.
public enum CaseGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    case month, item, department, hall, channel

    public var label: String {
        switch self {
        case .month: "月份"
        case .item: "事项"
        case .department: "部门"
        case .hall: "服务中心"
        case .channel: "渠道"
        }
    }

    public func key(_ key: CaseFigureKey) -> String {
        switch self {
        case .month: key.month
        case .item: key.item.rawValue
        case .department: key.department.rawValue
        case .hall: key.hall.rawValue
        case .channel: key.channel.rawValue
        }
    }

    /// Sums `rows` by this grouping, ordered by key (months in order; others by volume, largest first).
    public func group(_ rows: [(CaseFigureKey, CaseFigures)]) -> [(key: String, figures: CaseFigures)] {
        var sums: [String: CaseFigures] = [:]
        for (key, figures) in rows { sums[self.key(key), default: CaseFigures()].merge(figures) }
        let pairs = sums.map { (key: $0.key, figures: $0.value) }
        return self == .month ? pairs.sorted { $0.key < $1.key }
            : pairs.sorted { ($0.figures.received, $1.key) > ($1.figures.received, $0.key) }
    }
}
