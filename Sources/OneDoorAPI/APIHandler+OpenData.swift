import Foundation
import OneDoorCore
import OneDoorServices
import OpenAPIRuntime

/// 数据开放 (issue 18 §7, ADR 0045): public, suppressed by the service before anything is shown.
extension APIHandler {
    func listOpenDatasets(_ input: Operations.ListOpenDatasets.Input) async throws -> Operations.ListOpenDatasets.Output {
        var datasets: [Components.Schemas.OpenDataset] = []
        for dataset in services.openData.datasets {
            datasets.append(Convert.dataset(try await services.openData.table(dataset.id)))
        }
        return .ok(.init(body: .json(.init(datasets: datasets))))
    }

    func getOpenDataset(_ input: Operations.GetOpenDataset.Input) async throws -> Operations.GetOpenDataset.Output {
        let table = try await services.openData.table(input.path.id)
        let asked = try OpenDataPaging.request(page: input.query.page, size: input.query.size)
        if input.query.format == .csv {
            // The whole dataset unless a page is asked for.
            let rows = input.query.page == nil ? table.rows[...] : try OpenDataPaging.page(table, page: asked.page, size: asked.size).rows
            return .ok(.init(body: .csv(HTTPBody(CSVText.document(table.dataset, rows: rows)))))
        }
        let page = try OpenDataPaging.page(table, page: asked.page, size: asked.size)
        let names = table.dataset.fields.map(\.name)
        let rows = try page.rows.map { row in
            var object: [String: (any Sendable)?] = [:]
            for (name, cell) in zip(names, row) { object[name] = Convert.json(cell) }
            return Components.Schemas.OpenDataPage.RowsPayloadPayload(additionalProperties: try OpenAPIObjectContainer(unvalidatedValue: object))
        }
        return .ok(.init(body: .json(.init(dataset: Convert.dataset(table), page: page.page, size: page.size, total: page.total, pages: page.pages,
                                           updatedAt: Convert.date(page.updatedAt), rows: rows))))
    }
}

extension Convert {
    static func dataset(_ table: OpenDataTable) -> Components.Schemas.OpenDataset {
        let dataset = table.dataset
        let path = "/api/v1/open-data/datasets/\(dataset.id)"
        return .init(
            id: dataset.id, title: dataset.title, description: dataset.summary, publisher: dataset.publisher,
            frequency: .init(rawValue: dataset.frequency.rawValue) ?? .daily, theme: dataset.theme, licence: OpenDataset.licence,
            fields: dataset.fields.map { field in
                .init(name: field.name, title: field.title, _type: .init(rawValue: field.kind.rawValue) ?? .text, description: field.summary,
                      suppressedBelow: field.isCount ? OpenDataSuppression.threshold : nil, dependsOn: field.dependsOn)
            },
            updatedAt: date(table.updatedAt), rows: table.rows.count, csv: path + "?format=csv", json: path)
    }

    /// A cell in JSON: withheld and empty cells are null (the field's `suppressedBelow` says why).
    static func json(_ cell: OpenDataValue) -> (any Sendable)? {
        switch cell {
        case .text(let text): text
        case .integer(let value): value
        case .decimal(let value, let places): Double(OpenDataValue.decimal(value, places: places).csvText)
        case .none, .suppressed, .withheld: nil
        }
    }
}
