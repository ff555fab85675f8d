/// One page of a dataset's rows, as the API serves them.
public struct OpenDataPage: Sendable {
    public var dataset: OpenDataset
    public var rows: ArraySlice<[OpenDataValue]>
    public var page: Int
    public var size: Int
    public var total: Int
    public var pages: Int
    public var updatedAt: Int64
}

/// Paging of open data: 100 rows a page unless asked, at most 1,000; a page past the end is an
/// error that says how many there are (an empty page would look like the data ran out).
public enum OpenDataPaging {
    public static let defaultSize = 100
    public static let maximumSize = 1_000

    /// The page and size asked for in a query (text as given), every problem at once.
    public static func request(page: String?, size: String?) throws -> (page: Int, size: Int) {
        var c = ProblemCollector()
        var pageNumber = 1, pageSize = defaultSize
        if let page {
            if let n = Int(page), n >= 1 { pageNumber = n } else { c.add("page", "页码须为不小于 1 的整数") }
        }
        if let size {
            if let n = Int(size), (1...maximumSize).contains(n) { pageSize = n } else { c.add("size", "每页条数须为 1 至 \(maximumSize) 的整数") }
        }
        try c.throwIfAny()
        return (pageNumber, pageSize)
    }

    public static func page(_ table: OpenDataTable, page: Int, size: Int) throws -> OpenDataPage {
        let size = min(max(size, 1), maximumSize)
        let total = table.rows.count
        let pages = total == 0 ? 1 : (total - 1) / size + 1
        guard page >= 1, page <= pages else {
            throw ValidationFailed([ValidationProblem(path: "page", reason: "第 \(page) 页超出范围：数据集“\(table.dataset.title)”共 \(total) 条，每页 \(size) 条，共 \(pages) 页")])
        }
        let start = (page - 1) * size
        let end = min(start + size, total)
        return OpenDataPage(dataset: table.dataset, rows: table.rows[start..<end], page: page, size: size, total: total, pages: pages,
                            updatedAt: table.updatedAt)
    }
}

/// RFC 4180 CSV as spreadsheet programs on Chinese Windows read it.
public enum CSVText {
    /// One field: quoted when it must be; a leading = + - @ is neutralised so a spreadsheet
    /// never runs a name as a formula.
    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    /// Lines of fields, with a BOM (UTF-8 for Excel) and CRLF line ends.
    public static func document(_ lines: [[String]]) -> String {
        "\u{FEFF}" + lines.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A dataset's rows under its fields' Chinese titles.
    public static func document(_ dataset: OpenDataset, rows: some Sequence<[OpenDataValue]>) -> String {
        document([dataset.fields.map(\.title)] + rows.map { $0.map(\.csvText) })
    }
}
