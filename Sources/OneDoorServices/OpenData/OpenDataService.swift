import OneDoorCore
import OneDoorStorage

/// Open data (issue 18 §7, ADR 0045): the datasets of ``OpenDataCatalog`` filled from the
/// platform's records, suppressed as they are built (``OpenDataTable``), remembered ten minutes
/// (a download is read by many; figures of months over change seldom). Public: no viewer.
public final class OpenDataService: Sendable {
    let repository: OpenDataRepository
    let catalog: CatalogService
    let caseStatistics: CaseStatisticsService
    let queues: QueueService
    let ratings: RatingRepository
    let calendar: CalendarService
    let clock: any AppClock
    let tables = TimedCache<String, OpenDataTable>(seconds: 600, capacity: 32)

    /// Months of history the monthly datasets hold: this one and the twelve before.
    public static let months = 13

    public init(repository: OpenDataRepository, catalog: CatalogService, caseStatistics: CaseStatisticsService, queues: QueueService,
                ratings: RatingRepository, calendar: CalendarService, clock: any AppClock) {
        self.repository = repository
        self.catalog = catalog
        self.caseStatistics = caseStatistics
        self.queues = queues
        self.ratings = ratings
        self.calendar = calendar
        self.clock = clock
    }

    /// The catalogue: every dataset's metadata.
    public var datasets: [OpenDataset] { OpenDataCatalog.datasets(publisher: publisher) }

    /// Who answers for the data: the district's service centre.
    var publisher: String {
        let halls = catalog.snapshot.organisation.halls
        return (halls.first { $0.level == .district } ?? halls.first)?.name ?? "政务服务中心"
    }

    public func dataset(_ id: String) throws -> OpenDataset {
        guard let dataset = datasets.first(where: { $0.id == id }) else { throw ProblemDetails.notFound("没有这个数据集：\(id.prefix(40))") }
        return dataset
    }

    /// The dataset's rows as published.
    public func table(_ id: String) async throws -> OpenDataTable {
        let dataset = try dataset(id)
        let now = clock.now()
        return try await tables.value(id, now: now) {
            OpenDataTable(dataset: dataset, rows: try await rows(of: dataset), updatedAt: now)
        }
    }

    /// One page of it; a page past the end is refused with the number of pages.
    public func page(_ id: String, page: Int, size: Int) async throws -> OpenDataPage {
        try OpenDataPaging.page(try await table(id), page: page, size: size)
    }

    /// The first month the monthly datasets cover.
    var firstMonth: CivilDate { calendar.today.firstOfMonth.firstOfMonth(adding: -(Self.months - 1)) }

    var monthRange: [CivilDate] { (0..<Self.months).map { firstMonth.firstOfMonth(adding: $0) } }

    func rows(of dataset: OpenDataset) async throws -> [[String: OpenDataValue]] {
        let snapshot = catalog.snapshot
        switch dataset.id {
        case "service-items": return itemRows(snapshot)
        case "case-statistics": return try await caseRows(snapshot)
        case "queue-statistics": return try await queueRows(snapshot)
        case "ratings": return try await ratingRows(snapshot)
        case "licences-issued": return try await licenceRows(snapshot)
        case "themes": return try await themeRows(snapshot)
        case "enterprises": return try await enterpriseRows()
        case "halls": return hallRows(snapshot)
        case "rectifications": return try await rectificationRows(snapshot)
        default: throw ProblemDetails.notFound("没有这个数据集")
        }
    }
}
