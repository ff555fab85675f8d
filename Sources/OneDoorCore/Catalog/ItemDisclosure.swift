/// 五公开 (issue 18 §7): what is public about an item under each of the five headings of 政务公开 —
/// 决策 (why it exists: its legal basis), 执行 (how it is carried out: the standard, steps and
/// limits), 管理 (who answers for it and where to complain), 服务 (where, when, what it costs) and
/// 结果 (how it went: figures, ratings, rectifications). Derived from the guide, so every published
/// item has all five and they change with its version; what the platform publishes elsewhere is
/// a link the pages resolve.
public enum DisclosureKind: String, Sendable, Hashable, CaseIterable {
    case decision, execution, management, service, result

    public var label: String {
        switch self {
        case .decision: "决策公开"
        case .execution: "执行公开"
        case .management: "管理公开"
        case .service: "服务公开"
        case .result: "结果公开"
        }
    }
}

/// A page of the platform an entry points to.
public enum DisclosureLink: Sendable, Hashable {
    case guidePrint, complaints, caseStatistics, ratings, rectifications
}

public struct DisclosureEntry: Sendable, Hashable {
    public var title: String
    public var text: String
    public var link: DisclosureLink?

    public init(_ title: String, _ text: String, link: DisclosureLink? = nil) {
        self.title = title
        self.text = text
        self.link = link
    }
}

public struct DisclosureSection: Sendable, Hashable {
    public var kind: DisclosureKind
    public var entries: [DisclosureEntry]
}

public enum ItemDisclosure {
    public static func sections(_ guide: ServiceGuide, version: Int, department: Department?) -> [DisclosureSection] {
        let departmentName = department?.name ?? guide.department.rawValue
        let decision = guide.legalBasis.isEmpty ? [DisclosureEntry("设定依据", "（未列明）")] : guide.legalBasis.map { DisclosureEntry("设定依据", $0) }
        var execution = [
            DisclosureEntry("实施标准", "办事指南第 \(version) 版（实施编码 \(guide.implementationCode)），按标准受理，不因人而异"),
            DisclosureEntry("办理时限", "法定 \(guide.legalLimit.phrase)，承诺 \(guide.promisedLimit.phrase)"),
        ]
        if !guide.procedure.isEmpty { execution.append(DisclosureEntry("办理流程", guide.procedure.map(\.name).joined(separator: " → "))) }
        if !guide.specialProcedures.isEmpty { execution.append(DisclosureEntry("特别程序", guide.specialProcedures.joined(separator: "；") + "（不计入办理时限）")) }
        var management = [DisclosureEntry("实施部门", departmentName + (department.map { $0.phone.isEmpty ? "" : "（电话 \($0.phone)）" } ?? ""))]
        management.append(DisclosureEntry("监督投诉", guide.complaint.isEmpty ? "12345 政务服务便民热线" : guide.complaint, link: .complaints))
        var service = [
            DisclosureEntry("办理地点", guide.location),
            DisclosureEntry("办理时间", guide.hours),
            DisclosureEntry("咨询方式", guide.consultation),
            DisclosureEntry("收费", guide.fee.charged ? guide.fee.standard : "不收费"),
        ].filter { !$0.text.isEmpty }
        service.append(DisclosureEntry("办事指南", "可打印的完整办事指南", link: .guidePrint))
        var result = [
            DisclosureEntry("办件统计", "本事项每月收件、受理、办结和按时办结情况（数据开放）", link: .caseStatistics),
            DisclosureEntry("好差评", "各服务中心、部门和事项的满意率与整改率，每月公示", link: .ratings),
            DisclosureEntry("差评整改", "每一件差评的整改结果", link: .rectifications),
        ]
        if guide.result.licenceType != nil { result.append(DisclosureEntry("办理结果", "\(guide.result.name)（电子证照，可扫码核验）")) }
        else if !guide.result.name.isEmpty { result.append(DisclosureEntry("办理结果", guide.result.name)) }
        return [
            DisclosureSection(kind: .decision, entries: decision), DisclosureSection(kind: .execution, entries: execution),
            DisclosureSection(kind: .management, entries: management), DisclosureSection(kind: .service, entries: service),
            DisclosureSection(kind: .result, entries: result),
        ]
    }
}
