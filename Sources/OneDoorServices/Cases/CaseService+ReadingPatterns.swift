import OneDoorCore
import OneDoorStorage

/// One member of staff's reading with why it is unusual (empty when it is not).
public struct StaffReadingReport: Sendable {
    public var reading: StaffReading
    public var unusual: [String]
}

/// The supervisors' view of how staff read personal data (issue 16 §4).
extension CaseService {
    /// Who read how much over the last `days` China days (today included), unusual readers first.
    public func readingPatterns(days: Int, by identity: Identity) async throws -> [StaffReadingReport] {
        try identity.require(.readAuditLog)
        guard (1...92).contains(days) else { throw ValidationFailed([ValidationProblem(path: "days", reason: "天数应为 1 到 92")]) }
        let today = calendar.today
        let from = AppointmentSlot(day: CivilDate(dayNumber: today.dayNumber - days + 1), start: 0, end: 0).epoch(0)
        let to = AppointmentSlot(day: today.adding(days: 1), start: 0, end: 0).epoch(0)
        let reports = try await repository.readings(from: from, to: to, limit: 200).map {
            StaffReadingReport(reading: $0, unusual: ReadingPatterns.reasons($0, days: days))
        }
        return reports.filter { !$0.unusual.isEmpty } + reports.filter { $0.unusual.isEmpty }
    }
}
