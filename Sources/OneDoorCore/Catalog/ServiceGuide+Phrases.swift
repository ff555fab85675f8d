/// How guide fields read on pages and printed guides.
extension ServiceGuide {
    /// "承诺 5 个工作日（法定 20 个工作日）", or "即办件，当场办结（法定 …）".
    public var limitsPhrase: String {
        let legal = "法定 \(legalLimit.phrase)"
        if promisedLimit.days == 0 { return "当场办结（\(legal)）" }
        return "承诺 \(promisedLimit.phrase)（\(legal)）"
    }

    /// "零跑腿" for 全程网办, "最多跑一次" for one trip, "最多跑 N 次" otherwise.
    public var tripsPhrase: String {
        switch trips {
        case 0: "零跑腿"
        case 1: "最多跑一次"
        default: "最多跑 \(trips) 次"
        }
    }

    public var handlingFormsPhrase: String {
        handlingForms.map(\.label).joined(separator: "、")
    }

    public var hallLevelsPhrase: String {
        hallLevels.isEmpty ? "各级服务中心均可办理" : hallLevels.map(\.label).joined(separator: "、") + "服务中心可办理"
    }
}
