/// A page of a list as asked for by a query (`?page=&pageSize=`), checked the same way by every
/// list of the API and the pages.
///
/// - Important: `page` and `pageSize` come from requests. ``offset`` and ``hasNext(total:)``
///   work on the values bounded to what any list serves, so no value a client sends can make
///   them trap (a page of `Int.max` once stopped the whole server from a staff list).
public struct PageRequest: Sendable, Hashable {
    /// The last page any list serves: deeper paging is a search's job.
    public static let maximumPage = 10_000

    public var page: Int
    public var pageSize: Int
    public var maximumPageSize: Int

    public init(page: Int, pageSize: Int, maximumPageSize: Int = 100) {
        self.page = page
        self.pageSize = pageSize
        self.maximumPageSize = maximumPageSize
    }

    /// The page a page link asks for (`?page=` on a staff or public list), read leniently for
    /// people: missing or unreadable means the first page, and a number out of range the
    /// nearest page that exists (1 or ``maximumPage``) — a mistyped or hostile link shows a
    /// page instead of an error.
    public static func link(_ text: Substring?, pageSize: Int) -> PageRequest {
        let asked = text.flatMap { Int(String($0).trimmingWhitespace()) } ?? 1
        return PageRequest(page: min(max(asked, 1), maximumPage), pageSize: pageSize, maximumPageSize: pageSize)
    }

    private var boundedPage: Int { min(max(page, 1), Self.maximumPage) }
    private var boundedSize: Int { min(max(pageSize, 1), max(1, min(maximumPageSize, 10_000))) }

    /// Rows to skip (at most 10,000 × 10,000, so never an overflow).
    public var offset: Int { (boundedPage - 1) * boundedSize }

    /// Whether a page follows this one in a list of `total` rows.
    public func hasNext(total: Int) -> Bool { boundedPage < Self.maximumPage && offset + boundedSize < total }

    /// Whether this page has one before it.
    public var hasPrevious: Bool { boundedPage > 1 }

    /// Problems with query-parameter paths (`page`, `pageSize`).
    public func problems() -> [ValidationProblem] {
        var c = ProblemCollector()
        if page < 1 { c.add("page", "页码从 1 开始") }
        if page > Self.maximumPage { c.add("page", "页码不能超过 \(Self.maximumPage)") }
        if !(1...maximumPageSize).contains(pageSize) { c.add("pageSize", "每页条数应在 1 到 \(maximumPageSize) 之间") }
        return c.problems
    }
}
