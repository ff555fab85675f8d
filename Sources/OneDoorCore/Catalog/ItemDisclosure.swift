/// 五公开 (issue 18 §7): what is public about an item under each of the five headings of 政务公开 —
/// 决策 (why it exists: its legal basis), 执行 (how it is carried out: the standard, steps and
/// limits), 管理 (who answers for it and where to complain), 服务 (where, when, what it costs) and
/// 结果 (how it went: figures, ratings, rectifications). Derived from the guide, so every published
/// item has all five and they change with its version; what the platform publishes elsewhere is
/// a link the pages resolve. A deployment adds its own entries in the guide (`disclosures`).
public enum DisclosureKind: String, Sendable, Hashable, Codable, CaseIterable {
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

    /// The kind a label names: "执行公开" or just "执行".
    public init?(label: String) {
        guard let kind = Self.allCases.first(where: { $0.label == label || $0.label.dropLast(2) == label }) else { return nil }
        self = kind
    }
}

/// A deployment's own 五公开 entry for an item, kept in its guide (`disclosures`): the meeting
/// that decided the fee, the department's accountability rules, a result announcement —
/// things the guide's standard fields do not hold. A text, a link (http or https), or both.
public struct DisclosureNote: Sendable, Hashable, Codable {
    public var kind: DisclosureKind
    public var title: String
    public var text: String
    public var url: String?

    public init(kind: DisclosureKind, title: String, text: String = "", url: String? = nil) {
        self.kind = kind
        self.title = title
        self.text = text
        self.url = url
    }

    private enum CodingKeys: String, CodingKey { case kind, title, text, url }

    /// `text` may be left out of a file for a link.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(DisclosureKind.self, forKey: .kind), title: try c.decode(String.self, forKey: .title),
                  text: try c.decodeIfPresent(String.self, forKey: .text) ?? "", url: try c.decodeIfPresent(String.self, forKey: .url))
    }

    /// Every problem of this entry, the `number`th, at `path`.
    public func validate(into c: inout ProblemCollector, path: String, number: Int) {
        c.requireText("\(path).title", title, label: "第 \(number) 条五公开条目的标题", maxLength: 20)
        c.limitText("\(path).text", text, label: "第 \(number) 条五公开条目的内容", maxLength: CatalogLimits.shortText)
        if let url {
            // The catalogue's check of web links, and no quote or angle bracket besides.
            if url.count > 500 || !WebAddress.isWebLink(url) || url.contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" }) {
                c.add("\(path).url", "第 \(number) 条五公开条目的链接应为 http:// 或 https:// 开头的网址（不超过 500 个字符）")
            }
        } else if text.trimmingWhitespace().isEmpty {
            c.add("\(path).text", "第 \(number) 条五公开条目需要内容或链接")
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
    /// A deployment's own entry's address elsewhere.
    public var url: String?

    public init(_ title: String, _ text: String, link: DisclosureLink? = nil, url: String? = nil) {
        self.title = title
        self.text = text
        self.link = link
        self.url = url
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
        let own = Dictionary(grouping: guide.disclosures ?? [], by: \.kind)
        return [(DisclosureKind.decision, decision), (.execution, execution), (.management, management), (.service, service), (.result, result)]
            .map { kind, entries in
                DisclosureSection(kind: kind, entries: entries + (own[kind] ?? []).map { DisclosureEntry($0.title, $0.text, url: $0.url) })
            }
    }
}
