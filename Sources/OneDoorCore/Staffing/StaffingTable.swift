/// A hall's categories as lines a person can read and edit — on the simulator's page and in the
/// CLI's input file — one category a line:
///
///     A | 市场监管 | 900 | 9=14 10=18.2 11=15.4 14=16.8
///
/// code, name, mean service time in seconds, and tickets an hour by hour of the day (hours not
/// named have none).
public enum StaffingTable {
    public static func text(_ categories: [StaffingCategory]) -> String {
        categories.map { category in
            let hours = category.arrivalsPerHour.enumerated().filter { $0.element > 0 }.map { "\($0.offset)=\(number($0.element))" }
            return "\(category.code) | \(category.name) | \(number(category.meanServiceSeconds)) | \(hours.joined(separator: " "))"
        }.joined(separator: "\n")
    }

    /// The categories of `text`, or every line's problems (path `table`, the line named).
    public static func categories(_ text: String, field: String = "table") throws(ValidationFailed) -> [StaffingCategory] {
        var c = ProblemCollector()
        var categories: [StaffingCategory] = []
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, raw) in lines.enumerated() {
            let line = String(raw).trimmingWhitespace()
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let label = "第 \(index + 1) 行"
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).flatMap { $0.split(separator: "｜", omittingEmptySubsequences: false) }
                .map { String($0).trimmingWhitespace() }
            guard fields.count == 4 else {
                c.add(field, "\(label)：应为“代码 | 名称 | 平均办理秒数 | 时=每小时到达数 …”四段，现为 \(fields.count) 段")
                continue
            }
            guard let service = Double(fields[2]) else {
                c.add(field, "\(label)：平均办理秒数“\(fields[2])”不是数字")
                continue
            }
            var rates = [Double](repeating: 0, count: 24)
            var bad = false
            for pair in fields[3].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "，" }) {
                let parts = pair.split(whereSeparator: { $0 == "=" || $0 == ":" || $0 == "：" })
                guard parts.count == 2, let hour = Int(parts[0]), (0..<24).contains(hour), let rate = Double(parts[1]) else {
                    c.add(field, "\(label)：“\(pair)”应为“时=每小时到达数”，时为 0–23")
                    bad = true
                    continue
                }
                rates[hour] = rate
            }
            if !bad { categories.append(StaffingCategory(code: fields[0], name: fields[1], arrivalsPerHour: rates, meanServiceSeconds: service)) }
        }
        if c.problems.isEmpty && categories.isEmpty { c.add(field, "请至少填写一个业务类别") }
        try c.throwIfAny()
        return categories
    }

    /// Windows by category as people type them: `A=3 B=2` (spaces or commas between).
    public static func windowCounts(_ text: String, field: String = "windows.dedicated") throws(ValidationFailed) -> [String: Int] {
        var c = ProblemCollector()
        var counts: [String: Int] = [:]
        for pair in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let n = Int(parts[1]) { counts[String(parts[0])] = n } else { c.add(field, "“\(pair.prefix(20))”应为“类别代码=窗口数”") }
        }
        try c.throwIfAny()
        return counts
    }

    /// A figure as people write it: whole numbers bare, others to one decimal.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        return String(rounded)
    }
}
