extension ServiceGuide {
    /// Every problem of this guide, with paths relative to the guide; empty when it may be saved.
    public func problems(references: CatalogReferences) -> [ValidationProblem] {
        var c = ProblemCollector()
        validate(into: &c, references: references)
        return c.problems
    }

    /// Checks every field and cross-field rule, adding each problem to `c`.
    public func validate(into c: inout ProblemCollector, references: CatalogReferences) {
        c.requireText("name", name, label: "事项名称", maxLength: CatalogLimits.name)

        for problem in ItemCodes.basicCodeProblems(basicCode) { c.add("basicCode", problem) }
        let department = references.departments[self.department]
        if department == nil {
            c.add("department", "实施主体“\(self.department)”不存在")
        }
        for problem in ItemCodes.implementationCodeProblems(
            implementationCode, departmentUSCC: department?.uscc, level: level, basicCode: basicCode
        ) {
            c.add("implementationCode", problem)
        }
        if !references.itemTypes.contains(itemType) {
            c.add("itemType", "事项类型“\(itemType)”不在事项类型表中")
        }
        if !references.windowCategories.contains(windowCategory) {
            c.add("windowCategory", "窗口类别“\(windowCategory)”不存在")
        }

        checkList("legalBasis", legalBasis, label: "设定依据", maxLength: CatalogLimits.longText, into: &c)
        if legalBasis.isEmpty { c.add("legalBasis", "至少需要一条设定依据") }
        checkList("conditions", conditions, label: "受理条件", maxLength: CatalogLimits.longText, into: &c)
        if conditions.isEmpty { c.add("conditions", "至少需要一条受理条件") }
        checkList("specialProcedures", specialProcedures, label: "特别程序", maxLength: CatalogLimits.shortText, into: &c)
        checkList("tags", tags, label: "标签", maxLength: 20, into: &c)
        checkList("aliases", aliases, label: "别名", maxLength: 30, into: &c)

        if handlingForms.isEmpty { c.add("handlingForms", "至少需要一种办理形式") }
        if Set(handlingForms).count != handlingForms.count { c.add("handlingForms", "办理形式有重复") }
        if Set(hallLevels).count != hallLevels.count { c.add("hallLevels", "可办理的服务中心层级有重复") }

        validateLimits(into: &c)

        if !(0...CatalogLimits.maximumTrips).contains(trips) {
            c.add("trips", "到办事现场次数应在 0 到 \(CatalogLimits.maximumTrips) 之间")
        } else if trips == 0 {
            // 0 trips is 全程网办: only consistent with online handling at depth Ⅳ.
            if !handlingForms.contains(.online) { c.add("trips", "到现场 0 次（全程网办）要求办理形式包含网上办理") }
            if onlineDepth != .four { c.add("onlineDepth", "到现场 0 次（全程网办）要求网上办理深度为Ⅳ级") }
        }

        if fee.charged {
            if fee.standard.trimmingWhitespace().isEmpty { c.add("fee.standard", "收费事项必须写明收费标准") }
            if fee.basis.trimmingWhitespace().isEmpty { c.add("fee.basis", "收费事项必须写明收费依据") }
        }
        c.limitText("fee.standard", fee.standard, label: "收费标准", maxLength: CatalogLimits.shortText)
        c.limitText("fee.basis", fee.basis, label: "收费依据", maxLength: CatalogLimits.shortText)

        if procedure.isEmpty { c.add("procedure", "至少需要一个办理流程环节") }
        if procedure.count > CatalogLimits.listEntries { c.add("procedure", "办理流程不能超过 \(CatalogLimits.listEntries) 个环节") }
        for (i, step) in procedure.enumerated() {
            c.requireText("procedure[\(i)].name", step.name, label: "流程环节名称", maxLength: 50)
            c.limitText("procedure[\(i)].detail", step.detail, label: "流程环节说明", maxLength: CatalogLimits.shortText)
        }

        c.requireText("location", location, label: "办理地点", maxLength: CatalogLimits.shortText)
        c.requireText("hours", hours, label: "办理时间", maxLength: CatalogLimits.shortText)
        c.requireText("consultation", consultation, label: "咨询方式", maxLength: CatalogLimits.shortText)
        c.requireText("complaint", complaint, label: "监督投诉方式", maxLength: CatalogLimits.shortText)
        c.requireText("result.name", result.name, label: "审批结果名称", maxLength: CatalogLimits.name)
        c.requireText("result.type", result.type, label: "审批结果类型", maxLength: 20)
        if let code = result.licenceType {
            if let type = LicenceTypes.find(code) {
                if type.department != self.department { c.add("result.licenceType", "电子证照“\(type.name)”由部门 \(type.department) 颁发，不是本事项的实施部门") }
            } else {
                c.add("result.licenceType", "没有类型代码为“\(code.prefix(40))”的电子证照类型")
            }
        }

        validateMaterials(into: &c)
        let notes = disclosures ?? []
        if notes.count > CatalogLimits.listEntries { c.add("disclosures", "五公开条目不能超过 \(CatalogLimits.listEntries) 条") }
        for (i, note) in notes.enumerated() { note.validate(into: &c, path: "disclosures[\(i)]", number: i + 1) }
    }

    private func validateLimits(into c: inout ProblemCollector) {
        for (field, limit, label) in [("legalLimit", legalLimit, "法定办结时限"), ("promisedLimit", promisedLimit, "承诺办结时限")]
        where !(0...CatalogLimits.maximumDays).contains(limit.days) {
            c.add("\(field).days", "\(label)应在 0 到 \(CatalogLimits.maximumDays) 天之间")
        }
        if !promisedLimit.fitsWithin(legalLimit) {
            c.add("promisedLimit", "承诺办结时限（\(promisedLimit.phrase)）不能长于法定办结时限（\(legalLimit.phrase)）")
        }
        switch caseKind {
        case .immediate where promisedLimit.days != 0:
            c.add("promisedLimit.days", "即办件应当场办结，承诺办结时限应为 0")
        case .promised where promisedLimit.days == 0, .reported where promisedLimit.days == 0, .joint where promisedLimit.days == 0:
            c.add("promisedLimit.days", "\(caseKind.label)的承诺办结时限至少为 1 天（当场办结的请设为即办件）")
        default:
            break
        }
    }

    private func validateMaterials(into c: inout ProblemCollector) {
        if materials.count > CatalogLimits.materials {
            c.add("materials", "申请材料不能超过 \(CatalogLimits.materials) 项")
        }
        var seen: [String: Int] = [:]
        for (i, material) in materials.enumerated() {
            let path = "materials[\(i)]"
            c.requireText("\(path).name", material.name, label: "材料名称", maxLength: CatalogLimits.name)
            let key = material.name.trimmingWhitespace()
            if let first = seen[key], !key.isEmpty {
                c.add("\(path).name", "材料名称“\(key)”与第 \(first + 1) 项重复")
            } else {
                seen[key] = i
            }
            if !(0...99).contains(material.originals) { c.add("\(path).originals", "原件份数应在 0 到 99 之间") }
            if !(0...99).contains(material.copies) { c.add("\(path).copies", "复印件份数应在 0 到 99 之间") }
            if material.form != .electronic && material.originals == 0 && material.copies == 0 {
                c.add("\(path)", "纸质材料的原件份数和复印件份数不能都为 0")
            }
            c.limitText("\(path).notes", material.notes, label: "填报须知", maxLength: CatalogLimits.longText)
            c.limitText("\(path).blankForm", material.blankForm ?? "", label: "空白表格地址", maxLength: CatalogLimits.shortText)
            c.limitText("\(path).sample", material.sample ?? "", label: "示例样表地址", maxLength: CatalogLimits.shortText)
            // Shown as links on the public guide: only web addresses, never `javascript:` or `data:`.
            for (field, label, value) in [("blankForm", "空白表格地址", material.blankForm), ("sample", "示例样表地址", material.sample)] {
                if let value, !value.isEmpty, !WebAddress.isWebLink(value) {
                    c.add("\(path).\(field)", "\(label)应为以 http:// 或 https:// 开头的网址")
                }
            }
        }
    }

    private func checkList(_ field: String, _ values: [String], label: String, maxLength: Int, into c: inout ProblemCollector) {
        if values.count > CatalogLimits.listEntries {
            c.add(field, "\(label)不能超过 \(CatalogLimits.listEntries) 条")
        }
        for (i, value) in values.enumerated() {
            c.requireText("\(field)[\(i)]", value, label: label, maxLength: maxLength)
        }
    }
}
