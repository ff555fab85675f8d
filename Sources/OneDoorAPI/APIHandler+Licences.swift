import OneDoorCore

/// The material catalogue and the licence types (issue 16 §2, §3): public reference data.
extension APIHandler {
    func listMaterialTypes(_ input: Operations.ListMaterialTypes.Input) async throws -> Operations.ListMaterialTypes.Output {
        .ok(.init(body: .json(.init(items: try MaterialCatalog.standard.map { type in
            .init(code: type.code, name: type.name, endings: type.endings, holder: try APIEnums.licenceHolder.api(type.holder), licenceType: type.licenceType)
        }))))
    }

    func listLicenceTypes(_ input: Operations.ListLicenceTypes.Input) async throws -> Operations.ListLicenceTypes.Output {
        .ok(.init(body: .json(.init(items: DemoLicenceTypes.all.map { type in
            .init(code: type.code, name: type.name, department: type.department.rawValue, holderCodeType: type.holder.codeType,
                  fields: type.fields.map { .init(key: $0.key, label: $0.label, required: $0.required) }, validYears: type.validYears)
        }))))
    }
}
