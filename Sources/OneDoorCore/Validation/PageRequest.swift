/// A page of a list as asked for by a query (`?page=&pageSize=`), checked the same way by every
/// list of the API and the pages.
public struct PageRequest: Sendable, Hashable {
    public var page: Int
    public var pageSize: Int
    public var maximumPageSize: Int

    public init(page: Int, pageSize: Int, maximumPageSize: Int = 100) {
        self.page = page
        self.pageSize = pageSize
        self.maximumPageSize = maximumPageSize
    }

    /// Rows to skip.
    public var offset: Int { (page - 1) * pageSize }

    /// Problems with query-parameter paths (`page`, `pageSize`).
    public func problems() -> [ValidationProblem] {
        var c = ProblemCollector()
        if page < 1 { c.add("page", "页码从 1 开始") }
        if page > 10_000 { c.add("page", "页码不能超过 10000") }
        if !(1...maximumPageSize).contains(pageSize) { c.add("pageSize", "每页条数应在 1 到 \(maximumPageSize) 之间") }
        return c.problems
    }
}
