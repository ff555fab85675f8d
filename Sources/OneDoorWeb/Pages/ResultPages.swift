import OneDoorCore
import OneDoorServices

/// 出件: the results waiting at the clerk's hall, by how each applicant asked for them.
struct WaitingResultsPage: PageModel {
    struct Row: Sendable {
        var link: String
        var number: String
        var itemName: String
        var applicant: String
        var note: String
    }

    var title: String { "出件" }
    var pickup: [Row]
    var post: [Row]
    var electronic: [Row]
    var hasPickup: Bool
    var hasPost: Bool
    var hasElectronic: Bool

    init(_ results: CaseService.WaitingResults) {
        func rows(_ cases: [CaseSummary]) -> [Row] {
            cases.map { summary in
                let c = summary.listing
                return Row(link: SiteURL.caseDetail(.value(c.number)).path, number: c.number.rawValue, itemName: c.itemName,
                           applicant: "\(c.applicant.name)（\(c.applicant.maskedNumber)）",
                           note: c.deliveryChoice?.address.map { "寄往 \($0.masked.line)" } ?? "办结 \(PageDates.dateTime(summary.updatedAt))")
            }
        }
        pickup = rows(results.pickup)
        post = rows(results.post)
        electronic = rows(results.electronic)
        hasPickup = !pickup.isEmpty
        hasPost = !post.isEmpty
        hasElectronic = !electronic.isEmpty
    }
}

/// 跑动次数统计: per item, the shares of 零跑腿 and 最多跑一次.
struct TripStatisticsPage: PageModel {
    struct Row: Sendable {
        var itemName: String
        var cases: Int
        var noTrip: String
        var atMostOne: String
    }

    var title: String { "跑动次数统计" }
    var rows: [Row]
    var hasRows: Bool
    var total: Row

    init(_ shares: [TripShare], snapshot: CatalogSnapshot) {
        rows = shares.map { share in
            Row(itemName: snapshot.itemsByCode[share.itemCode]?.guide.name ?? share.itemCode.rawValue, cases: share.cases,
                noTrip: TripShare.percent(share.noTrip, of: share.cases), atMostOne: TripShare.percent(share.atMostOne, of: share.cases))
        }
        hasRows = !rows.isEmpty
        let cases = shares.reduce(0) { $0 + $1.cases }
        total = Row(itemName: "合计", cases: cases, noTrip: TripShare.percent(shares.reduce(0) { $0 + $1.noTrip }, of: cases),
                    atMostOne: TripShare.percent(shares.reduce(0) { $0 + $1.atMostOne }, of: cases))
    }
}
