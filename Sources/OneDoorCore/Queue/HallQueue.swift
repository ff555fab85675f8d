/// A queue of a hall (排队队列): tickets of one prefix, called by the windows that serve it.
///
/// By default a hall has one queue per window category (the seeds' five, A–E); an
/// administrator may add others (e.g. 公安出入境) and say which windows call from them.
public struct HallQueue: Sendable, Hashable, Codable {
    public var hall: HallCode
    /// Stable code within the hall, used in URLs and the API (the category code by default).
    public var code: QueueCode
    public var name: String
    /// One or two capital letters printed before the number ("A012").
    public var prefix: String
    /// The daily number range; when the last number is given out, the queue is full for the day.
    public var firstNumber: Int
    public var lastNumber: Int
    /// The wait the centre promises itself; statistics count the tickets that waited longer.
    public var targetWaitMinutes: Int
    /// The window category whose windows call from this queue by default, if any.
    public var category: String?

    public init(
        hall: HallCode, code: QueueCode, name: String, prefix: String, firstNumber: Int = 1, lastNumber: Int = 999,
        targetWaitMinutes: Int = 15, category: String? = nil
    ) {
        self.hall = hall
        self.code = code
        self.name = name
        self.prefix = prefix
        self.firstNumber = firstNumber
        self.lastNumber = lastNumber
        self.targetWaitMinutes = targetWaitMinutes
        self.category = category
    }

    /// The printed number of the `sequence`-th ticket: the prefix and at least three digits.
    public func ticketNumber(_ sequence: Int) -> String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// One queue per window category, prefixed A, B, C… in the categories' order.
    public static func defaults(hall: HallCode, categories: [WindowCategory]) -> [HallQueue] {
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ") // no I or O: they read as 1 and 0 on a screen
        return categories.prefix(letters.count).enumerated().map { index, category in
            HallQueue(hall: hall, code: QueueCode(rawValue: category.code), name: category.name, prefix: String(letters[index]), category: category.code)
        }
    }

    /// The queues a window calls from unless configured otherwise: those of its categories.
    public static func defaultQueues(of window: ServiceWindow, among queues: [HallQueue]) -> [QueueCode] {
        queues.filter { $0.category.map(window.categories.contains) ?? false }.map(\.code)
    }

    /// Every problem of the queue's fields; `others` are the hall's other queues.
    public func problems(others: [HallQueue]) -> [ValidationProblem] {
        var c = ProblemCollector()
        checkCode(code.rawValue, into: &c)
        c.requireText("name", name, label: "队列名称", maxLength: 40)
        if prefix.isEmpty || prefix.count > 2 || !prefix.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            c.add("prefix", "号码前缀应为 1 到 2 个大写英文字母")
        } else if others.contains(where: { $0.code != code && $0.prefix == prefix }) {
            c.add("prefix", "号码前缀“\(prefix)”已被本中心其他队列使用")
        }
        if firstNumber < 1 || lastNumber > 9999 || firstNumber > lastNumber {
            c.add("lastNumber", "每日号段应在 1 到 9999 之间，且起号不大于止号")
        }
        if !(1...240).contains(targetWaitMinutes) { c.add("targetWaitMinutes", "目标等候时间应为 1 到 240 分钟") }
        return c.problems
    }
}

extension HallQueue {
    /// 智能分流: the queue of `queues` that serves items of `category` (a window category), or
    /// the first queue when none does — the citizen chooses the matter, not the counter.
    public static func route(category: String, in queues: [HallQueue]) -> HallQueue? {
        queues.first { $0.category == category } ?? queues.first
    }
}
