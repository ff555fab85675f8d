import OneDoorCore
import OneDoorServices

/// 数据开放 (issue 18 §7): the catalogue of datasets.
struct OpenDataListPage: PageModel {
    struct Entry: Sendable {
        var title: String
        var summary: String
        var url: String
        var csv: String
        var json: String
        var frequency: String
        var theme: String
        var rows: Int
        var updated: String
    }

    var title: String { "数据开放" }
    var entries: [Entry]
    var publisher: String
    var licence = OpenDataset.licence
    var threshold = OpenDataSuppression.threshold

    init(_ tables: [OpenDataTable]) {
        entries = tables.map { table in
            let dataset = table.dataset
            return Entry(title: dataset.title, summary: dataset.summary, url: SiteURL.openDataset(.value(dataset.id)).path,
                         csv: OpenDataDatasetPage.csvURL(dataset.id), json: OpenDataDatasetPage.jsonURL(dataset.id), frequency: dataset.frequency.label,
                         theme: dataset.theme, rows: table.rows.count, updated: PageDates.dateTime(table.updatedAt))
        }
        publisher = tables.first?.dataset.publisher ?? ""
    }
}

/// One dataset: its metadata, its fields, a page of its rows and the downloads.
struct OpenDataDatasetPage: PageModel {
    struct Field: Sendable {
        var name: String
        var title: String
        var kind: String
        var summary: String
        var note: String
    }

    struct Row: Sendable {
        var cells: [Cell]
    }

    struct Cell: Sendable {
        var text: String
        var suppressed: Bool
    }

    var title: String { page.dataset.title }
    var id: String
    var summary: String
    var publisher: String
    var frequency: String
    var theme: String
    var licence = OpenDataset.licence
    var updated: String
    var fields: [Field]
    var headers: [String]
    var rows: [Row]
    var pageNumber: Int
    var pages: Int
    var total: Int
    var previous: String?
    var next: String?
    var csv: String
    var json: String
    var hasSuppression: Bool
    var threshold = OpenDataSuppression.threshold
    let page: OpenDataPage

    static let size = 50

    static func csvURL(_ id: String) -> String { "/api/v1/open-data/datasets/\(id)?format=csv" }
    static func jsonURL(_ id: String) -> String { "/api/v1/open-data/datasets/\(id)" }

    init(_ page: OpenDataPage) {
        self.page = page
        let dataset = page.dataset
        id = dataset.id
        summary = dataset.summary
        publisher = dataset.publisher
        frequency = dataset.frequency.label
        theme = dataset.theme
        updated = PageDates.dateTime(page.updatedAt)
        fields = dataset.fields.map { field in
            let note = field.isCount ? "小于 \(OpenDataSuppression.threshold) 不公布"
                : field.dependsOn.isEmpty ? "" : "依据的计数不公布时不公布"
            return Field(name: field.name, title: field.title, kind: field.kind.label, summary: field.summary, note: note)
        }
        headers = dataset.fields.map(\.title)
        rows = page.rows.map { row in Row(cells: row.map { Cell(text: $0.csvText, suppressed: $0.isHidden) }) }
        pageNumber = page.page
        pages = page.pages
        total = page.total
        let url = SiteURL.openDataset(.value(dataset.id))
        previous = page.page > 1 ? url.path(["page": String(page.page - 1)]) : nil
        next = page.page < page.pages ? url.path(["page": String(page.page + 1)]) : nil
        csv = Self.csvURL(dataset.id)
        json = Self.jsonURL(dataset.id)
        hasSuppression = dataset.hasSuppression
    }
}
