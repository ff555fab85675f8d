import Foundation
import OneDoorCore
import OneDoorStorage
import Synchronization

/// Where a loaded year comes from.
public struct CalendarYearInfo: Sendable, Hashable {
    public var year: CalendarYear
    /// Nil for a year shipped with the product.
    public var loadedAt: Int64?
    public var loadedBy: String?
}

/// The working-day calendar the application computes deadlines with: the years shipped with
/// the product (Resources/calendar) overlaid by the years administrators have loaded.
public final class CalendarService: Sendable {
    public let repository: CalendarRepository
    private let clock: any AppClock
    private let shipped: [CalendarYear]
    private let state = Mutex<(calendar: WorkingCalendar, years: [CalendarYearInfo])>((.empty, []))

    /// Tells the other servers to reload after a year is loaded here.
    private let cluster: ClusterBus?

    public init(repository: CalendarRepository, clock: any AppClock, shipped: [CalendarYear] = CalendarService.shippedYears, cluster: ClusterBus? = nil) {
        self.repository = repository
        self.clock = clock
        self.shipped = shipped
        self.cluster = cluster
    }

    /// The calendar in force; cheap to call on every request.
    public var calendar: WorkingCalendar { state.withLock { $0.calendar } }

    public var years: [CalendarYearInfo] { state.withLock { $0.years } }

    /// Today in China.
    public var today: CivilDate { CivilDate(epochSeconds: clock.now()) }

    public func reload() async throws {
        // Numbered before reading, the later-started of two overlapping reloads is kept (as in
        // CatalogService.reload).
        let ticket = reloads.withLock { $0.started += 1; return $0.started }
        let stored = try await repository.years()
        var byYear: [Int: CalendarYearInfo] = [:]
        for year in shipped { byYear[year.year] = CalendarYearInfo(year: year) }
        for s in stored { byYear[s.year.year] = CalendarYearInfo(year: s.year, loadedAt: s.loadedAt, loadedBy: s.loadedBy) }
        let infos = byYear.values.sorted { $0.year.year < $1.year.year }
        let calendar = try WorkingCalendar(years: infos.map(\.year))
        reloads.withLock { r in
            guard ticket > r.installed else { return }
            r.installed = ticket
            state.withLock { $0 = (calendar, infos) }
        }
    }

    /// Reloads started, and the latest whose result is in force.
    private let reloads = Mutex<(started: Int, installed: Int)>((0, 0))

    /// Loads (or corrects) a year. Refused with every problem when the arrangement is invalid
    /// or would leave a gap between the loaded years.
    public func load(_ year: CalendarYear, by actor: AuditActor) async throws {
        try ValidationFailed.throwIfAny(year.problems())
        let shipped = self.shipped
        try await repository.save(year, by: actor, at: clock.now()) { stored in
            var byYear: [Int: CalendarYear] = [:]
            for y in shipped { byYear[y.year] = y }
            for y in stored { byYear[y.year] = y }
            _ = try WorkingCalendar(years: Array(byYear.values))
        }
        try await reload()
        cluster?.publish(.calendar)
    }

    /// The years in Resources/calendar/*.json.
    public static let shippedYears: [CalendarYear] = {
        guard let directory = Bundle.module.url(forResource: "calendar", withExtension: nil, subdirectory: "Resources"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.map { directory.appendingPathComponent($0) }.compactMap { url in
            guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(CalendarFile.self, from: data) else { return nil }
            return try? file.calendarYear().get()
        }.sorted { $0.year < $1.year }
    }()
}

extension ValidationFailed {
    static func throwIfAny(_ problems: [ValidationProblem]) throws(ValidationFailed) {
        if !problems.isEmpty { throw ValidationFailed(problems) }
    }
}
