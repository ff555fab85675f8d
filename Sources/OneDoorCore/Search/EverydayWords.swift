/// What citizens type, in their words, turned into the catalogue's: everyday names of documents
/// (户口本 for 户口簿, 驾照 for 驾驶证, 老人卡 for 老人证), "lost it" (丢了) for 补领, and the words
/// around a request that name no matter (我要, 怎么, 办理, 手续…). Used only when a query finds
/// nothing as typed, so the catalogue's own names and aliases always come first.
public enum EverydayWords {
    /// Everyday word → catalogue word, longest first when applied.
    public static let synonyms: [(String, String)] = [
        ("户口本", "户口簿"), ("户口薄", "户口簿"), ("老人卡", "老人证"), ("老年卡", "老人证"), ("老年证", "老人证"), ("敬老证", "老人证"),
        ("驾照", "驾驶证"), ("驾驶本", "驾驶证"), ("行驶本", "行驶证"), ("结婚证", "结婚"), ("离婚证", "离婚"), ("身份证件", "身份证"),
        ("医保卡", "社保卡"), ("养老金", "养老"), ("营业证", "营业执照"), ("执照", "营业执照"), ("房本", "房产证"), ("房产本", "房产证"),
        ("上学", "入学"), ("读书", "入学"), ("小孩", "孩子"), ("宝宝", "孩子"), ("娃", "孩子"), ("生小孩", "生育"), ("怀孕", "生育"),
        ("补办", "补"), ("补领", "补"), ("丢了", "补"), ("丢失", "补"), ("遗失", "补"), ("掉了", "补"), ("不见了", "补"), ("弄丢", "补"), ("坏了", "换"), ("过期", "到期"),
        ("开饭馆", "开餐馆"), ("开小吃店", "开餐馆"), ("开面馆", "开餐馆"), ("开茶饮店", "开奶茶店"),
    ]

    /// Words around a request that name no matter; removed, longest first.
    public static let fillers = [
        "怎么办理", "如何办理", "在哪里办", "在哪办", "需要什么", "要什么材料", "什么材料", "怎么办", "怎么弄", "怎样", "怎么", "如何",
        "我要", "我想", "想要", "需要", "帮我", "请问", "哪里", "在哪", "去哪", "手续", "流程", "办理", "一下", "可以", "吗", "呢", "啊", "的", "了",
    ]

    /// `query` with everyday words replaced and filler words removed, split into its terms (at
    /// white space and punctuation).
    public static func terms(_ query: String) -> [String] {
        var text = query
        for (from, to) in synonyms.sorted(by: { $0.0.count > $1.0.count }) where text.contains(from) {
            text = text.replacingAll(from, with: to)
        }
        for filler in fillers.sorted(by: { $0.count > $1.count }) where text.contains(filler) {
            // "办" of 办理 only as a whole word: 办证 stays, 办理 goes.
            text = text.replacingAll(filler, with: " ")
        }
        return text.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation || $0.isSymbol }).map(String.init).filter { !$0.isEmpty }
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
