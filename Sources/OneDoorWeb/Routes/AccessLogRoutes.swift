import Foundation
import Hummingbird
import OneDoorCore
import OneDoorServices

struct AccessLogPage: PageModel {
    struct Row: Sendable {
        var at: String
        var actor: String
        var caseNumber: String
        var caseLink: String?
        var purpose: String
        var client: String
    }

    var title: String { "个人信息查阅记录" }
    var bodyClass: String { "admin" }
    var rows: [Row]
    var total: Int
    var caseNumber: String
    var previousLink: String?
    var nextLink: String?
    /// Accounts stopped for reading too much at once (audit `personalData.bulkRead`).
    var flags: [Flag]
    var hasFlags: Bool
    /// Each member of staff's reading over the last seven days, unusual first.
    var readers: [Reader]
    var hasReaders: Bool

    struct Reader: Sendable {
        var actor: String
        var reads: Int
        var cases: Int
        var outside: Int
        var lookups: Int
        var unusual: String?
    }

    struct Flag: Sendable {
        var at: String
        var actor: String
        var client: String
        var detail: String
    }
}

/// Supervisors read who looked at which applicant's personal data, when and from where.
extension OneDoorWeb {
    func registerAccessLog<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.adminAccessLog.route) { request, _ in
            let identity = try staff(.readAuditLog)
            let q = request.uri.queryParameters
            let page = PageRequest.link(q["page"], pageSize: 50)
            let caseNumber = q["case"].map(String.init)?.trimmingWhitespace() ?? ""
            let (entries, total) = try await cases.accessLog(caseNumber: caseNumber.isEmpty ? nil : caseNumber, page: page, by: identity)
            let flags = try await audit.recent(action: "personalData.bulkRead", limit: 20, by: identity).map {
                AccessLogPage.Flag(at: PageDates.dateTime($0.at), actor: $0.actor, client: $0.client, detail: $0.detail)
            }
            let readers = try await cases.readingPatterns(days: 7, by: identity).map {
                AccessLogPage.Reader(actor: $0.reading.actor, reads: $0.reading.reads, cases: $0.reading.cases, outside: $0.reading.outside,
                                     lookups: $0.reading.lookups, unusual: $0.unusual.isEmpty ? nil : $0.unusual.joined(separator: "；"))
            }
            return try pages.render("access-log", AccessLogPage(
                rows: entries.map {
                    .init(at: PageDates.dateTime($0.at), actor: $0.actor, caseNumber: $0.caseNumber.isEmpty ? "—" : $0.caseNumber,
                          caseLink: CaseNumber(parsing: $0.caseNumber).map { SiteURL.caseDetail(.value($0)).path },
                          purpose: $0.purpose, client: $0.client)
                },
                total: total, caseNumber: caseNumber,
                previousLink: page.hasPrevious ? SiteURL.adminAccessLog.path(["page": String(page.page - 1), "case": caseNumber]) : nil,
                nextLink: page.hasNext(total: total) ? SiteURL.adminAccessLog.path(["page": String(page.page + 1), "case": caseNumber]) : nil,
                flags: flags, hasFlags: !flags.isEmpty, readers: readers, hasReaders: !readers.isEmpty
            ))
        }
    }
}
