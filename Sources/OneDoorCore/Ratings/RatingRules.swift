/// The rules of giving and changing a rating (issue 18 §1), pure.
public enum RatingRules {
    /// Days within which the rater may change their rating (it replaces the first).
    public static let changeDays = 7

    /// Whether `rating` may still be changed at `now`.
    public static func changeable(_ rating: Rating, now: Int64) -> Bool { now - rating.ratedAt <= Int64(changeDays) * 86_400 }

    /// The rating `input` makes of `service`, or — when `existing` was given within
    /// ``changeDays`` — what replaces it. Every problem named by field: a level out of 1…5, an
    /// unknown or repeated reason, a 差评 with neither a reason chosen nor written, a comment too long.
    public static func rate(
        _ input: RatingInput, service: RatedService, context: RatingContext, rater: String, existing: Rating?, now: Int64
    ) throws -> Rating {
        if let existing, !changeable(existing, now: now) {
            throw CaseRuleError.notAllowed("评价已超过 \(changeDays) 天，不能再修改")
        }
        var c = ProblemCollector()
        let level = RatingLevel(rawValue: input.level)
        if level == nil { c.add("level", "评价等级应为 1 到 5（5 非常满意，1 非常不满意）") }
        var reasons: [RatingReason] = []
        for (i, code) in input.reasons.enumerated() {
            guard let reason = RatingReason(rawValue: code) else {
                c.add("reasons[\(i)]", "没有“\(code.prefix(20))”这项原因")
                continue
            }
            if reasons.contains(reason) { c.add("reasons[\(i)]", "原因“\(reason.label)”重复") } else { reasons.append(reason) }
        }
        let comment = input.comment.trimmingWhitespace()
        c.limitText("comment", comment, label: "评价内容", maxLength: 500)
        if let level, level.isNegative, reasons.isEmpty, comment.isEmpty {
            c.add("reasons", "差评请选择或填写不满意的原因，以便整改")
        }
        try c.throwIfAny()
        guard let level else { throw ValidationFailed(c.problems) }
        var rating = Rating(id: existing?.id ?? 0, service: service, level: level, reasons: reasons, comment: comment, channel: input.channel,
                            rater: rater, context: context, ratedAt: existing?.ratedAt ?? now)
        if existing != nil { rating.changedAt = now }
        return rating
    }
}
