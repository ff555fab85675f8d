extension Region {
    public func validate(into c: inout ProblemCollector) {
        if let problem = DivisionCode.problem(in: code) { c.add("code", problem) }
        c.requireText("name", name, label: "区划名称", maxLength: 50)
        if let parent, let problem = DivisionCode.problem(in: parent) { c.add("parent", "上级区划：" + problem) }
    }
}

extension Department {
    /// Checks the fields of a department; a USCC that fails only its checksum is still an error
    /// here, because a department's code is typed once by an administrator and starts every
    /// implementation code (applicants' codes, by contrast, may be overridden with a reason).
    public func validate(into c: inout ProblemCollector, regions: Set<String>) {
        checkCode(code.rawValue, into: &c)
        c.requireText("name", name, label: "部门名称", maxLength: CatalogLimits.name)
        let check = USCC.check(uscc)
        for problem in check.problems { c.add("uscc", problem) }
        if !regions.contains(region) { c.add("region", "行政区划“\(region)”不存在") }
        c.limitText("phone", phone, label: "电话", maxLength: 50)
    }
}

extension Hall {
    public func validate(into c: inout ProblemCollector, regions: Set<String>) {
        checkCode(code.rawValue, into: &c)
        c.requireText("name", name, label: "服务中心名称", maxLength: CatalogLimits.name)
        if !regions.contains(region) { c.add("region", "行政区划“\(region)”不存在") }
        c.requireText("address", address, label: "地址", maxLength: CatalogLimits.shortText)
        c.limitText("phone", phone, label: "电话", maxLength: 50)
        if openingHours.isEmpty { c.add("openingHours", "至少需要一个开放时段") }
        for (i, period) in openingHours.enumerated() {
            let path = "openingHours[\(i)]"
            if !(1...7).contains(period.weekday) { c.add("\(path).weekday", "星期应为 1（周一）到 7（周日）") }
            let opens = OpeningPeriod.minutes(period.opens)
            let closes = OpeningPeriod.minutes(period.closes)
            if opens == nil { c.add("\(path).opens", "开始时间应为 HH:MM 格式") }
            if closes == nil { c.add("\(path).closes", "结束时间应为 HH:MM 格式") }
            if let opens, let closes, opens >= closes { c.add(path, "结束时间应晚于开始时间") }
        }
    }
}

extension ServiceWindow {
    public func validate(into c: inout ProblemCollector, halls: Set<HallCode>, categories: Set<String>) {
        if !halls.contains(hall) { c.add("hall", "服务中心“\(hall)”不存在") }
        if let problem = WindowNumber.problem(number.rawValue) { c.add("number", problem) }
        if self.categories.isEmpty { c.add("categories", "窗口至少服务一个窗口类别") }
        for (i, category) in self.categories.enumerated() where !categories.contains(category) {
            c.add("categories[\(i)]", "窗口类别“\(category)”不存在")
        }
    }
}

extension WindowCategory {
    public func validate(into c: inout ProblemCollector) {
        checkCode(code, into: &c)
        c.requireText("name", name, label: "窗口类别名称", maxLength: 30)
    }
}

extension ItemType {
    public func validate(into c: inout ProblemCollector) {
        checkCode(code, into: &c)
        c.requireText("name", name, label: "事项类型名称", maxLength: 30)
    }
}

/// Codes appear in URLs and files: ASCII letters, digits, '-' and '_' only.
func checkCode(_ code: String, into c: inout ProblemCollector) {
    if let problem = OrganisationCodes.problem(code) { c.add("code", problem) }
}
