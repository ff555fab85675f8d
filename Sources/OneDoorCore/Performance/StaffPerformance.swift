/// A member of staff's month in figures (绩效考核, issue 18 §4): what they did at the window and
/// what came of it — tickets served and how long they took, cases received and accepted, the
/// 一次性告知 notices they issued, cases the back office sent back for intake errors, ratings of
/// their services and 差评, complaints about them found true. Figures add up exactly (``merge``),
/// so a year is the sum of its months.
public struct StaffPerformance: Sendable, Hashable {
    public var staffNumber: String
    public var name: String
    public var role: Role?
    public var hall: HallCode?
    public var department: DepartmentCode?
    public var ticketsServed = 0
    public var serviceSecondsTotal = 0
    public var serviceCount = 0
    public var casesReceived = 0
    public var casesAccepted = 0
    public var correctionNotices = 0
    public var sentBack = 0
    public var ratings = 0
    public var satisfied = 0
    public var negative = 0
    /// Complaints about them found true or partly true.
    public var complaintsUpheld = 0

    public init(staffNumber: String, name: String, role: Role? = nil, hall: HallCode? = nil, department: DepartmentCode? = nil) {
        self.staffNumber = staffNumber
        self.name = name
        self.role = role
        self.hall = hall
        self.department = department
    }

    public mutating func merge(_ other: StaffPerformance) {
        ticketsServed += other.ticketsServed
        serviceSecondsTotal += other.serviceSecondsTotal
        serviceCount += other.serviceCount
        casesReceived += other.casesReceived
        casesAccepted += other.casesAccepted
        correctionNotices += other.correctionNotices
        sentBack += other.sentBack
        ratings += other.ratings
        satisfied += other.satisfied
        negative += other.negative
        complaintsUpheld += other.complaintsUpheld
    }

    public var averageServiceSeconds: Double? { serviceCount == 0 ? nil : Double(serviceSecondsTotal) / Double(serviceCount) }
    /// Of the cases accepted, the share sent back for intake errors: the quality of 受理.
    public var sentBackShare: Double? { casesAccepted == 0 ? nil : Double(sentBack) / Double(casesAccepted) }
    public var satisfactionShare: Double? { ratings == 0 ? nil : Double(satisfied) / Double(ratings) }

    /// Whether anything happened: rows of nothing are left out of a month's table.
    public var isEmpty: Bool {
        ticketsServed == 0 && casesReceived == 0 && correctionNotices == 0 && sentBack == 0 && ratings == 0 && complaintsUpheld == 0
    }
}

/// A department's month (issue 18 §4): timeliness against its promises, special procedures,
/// 差评 and complaints found true.
public struct DepartmentPerformance: Sendable, Hashable {
    public var department: DepartmentCode
    public var name: String
    public var cases: CaseFigures
    public var ratings = 0
    public var satisfied = 0
    public var negative = 0
    public var complaintsUpheld = 0

    public init(department: DepartmentCode, name: String, cases: CaseFigures = CaseFigures()) {
        self.department = department
        self.name = name
        self.cases = cases
    }

    public var onTimeShare: Double? { cases.onTimeShare }
    /// Average working days taken less the average promised: negative is faster than promised.
    public var daysAgainstPromise: Double? {
        guard let taken = cases.averageWorkingDays, let promised = cases.averagePromisedDays else { return nil }
        return taken - promised
    }
    public var satisfactionShare: Double? { ratings == 0 ? nil : Double(satisfied) / Double(ratings) }
}
