import Hummingbird
import OneDoorCore
import OneDoorServices

/// 出件 for the hall's windows and the trips statistics (issue 15 §3).
extension OneDoorWeb {
    func registerResults<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.results.route) { _, _ in
            let identity = try caseWorker()
            return try pages.render("results", WaitingResultsPage(try await cases.waitingResults(by: identity)), headers: [.cacheControl: "no-store"])
        }
        router.get(SiteURL.tripStatistics.route) { _, _ in
            let identity = try staff(.readQueueStatistics)
            return try pages.render("trip-statistics", TripStatisticsPage(try await cases.tripShares(by: identity), snapshot: catalog.snapshot))
        }
    }
}
