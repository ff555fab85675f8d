/// Where a case (办件) stands. Intake ends in exactly one of: correction requested, not
/// accepted, accepted (or concluded on the spot for a 即办件); the back office then takes it
/// through 承办 → 审核 → 决定 → 办结 → 送达.
public enum CaseState: String, Sendable, Codable, CaseIterable {
    /// 补齐补正: the applicant was told everything missing at once; the clock has not started.
    case correction
    /// A child of a theme case (一件事) accepted with the theme whose prerequisites have not
    /// concluded yet: its clock starts the day they do (issue 17 §2).
    case waiting
    /// 不予受理 (final).
    case notAccepted = "not-accepted"
    /// 受理: the clock runs; waits for 承办.
    case accepted
    /// 承办 done; waits for 审核.
    case undertaken
    /// 审核 done; waits for 决定.
    case reviewed
    /// 决定 made (准予 or 不予); waits for 办结.
    case decided
    /// 办结: the result is ready at the window or for posting.
    case concluded
    /// 送达 (final).
    case delivered
    /// 撤回 by the applicant (final).
    case withdrawn

    public var label: String {
        switch self {
        case .correction: "补齐补正"
        case .waiting: "等待前置事项"
        case .notAccepted: "不予受理"
        case .accepted: "已受理"
        case .undertaken: "已承办"
        case .reviewed: "已审核"
        case .decided: "已决定"
        case .concluded: "已办结"
        case .delivered: "已送达"
        case .withdrawn: "已撤回"
        }
    }

    /// Nothing more happens to the case.
    public var isFinal: Bool { [.notAccepted, .delivered, .withdrawn].contains(self) }

    /// The legal clock runs (it may still be paused by a special procedure).
    public var clockRuns: Bool { [.accepted, .undertaken, .reviewed].contains(self) }

    /// The step the back office works on next, as the progress page names it.
    public var currentStep: String {
        switch self {
        case .correction: "等待申请人补齐补正材料"
        case .waiting: "等待前置事项办结"
        case .notAccepted: "不予受理"
        case .accepted: "承办"
        case .undertaken: "审核"
        case .reviewed: "决定"
        case .decided: "办结"
        case .concluded: "送达（领取或邮寄）"
        case .delivered: "已送达"
        case .withdrawn: "已撤回"
        }
    }
}

/// 特别程序 (行政许可法 §45): time for these is excluded from the limit.
public enum SpecialProcedureKind: String, Sendable, Codable, CaseIterable {
    case hearing, tender, auction, inspection, testing, quarantine, appraisal
    case expertReview = "expert-review"
    case onSiteCheck = "on-site-check"

    public var label: String {
        switch self {
        case .hearing: "听证"
        case .tender: "招标"
        case .auction: "拍卖"
        case .inspection: "检验"
        case .testing: "检测"
        case .quarantine: "检疫"
        case .appraisal: "鉴定"
        case .expertReview: "专家评审"
        case .onSiteCheck: "现场核查"
        }
    }
}

/// How the result reaches the applicant.
public enum DeliveryMethod: String, Sendable, Codable, CaseIterable {
    /// 窗口领取, at any window (统一窗口出件).
    case pickup
    /// 邮寄, with a tracking number.
    case post
    /// 电子送达: the result document downloaded from 我的.
    case electronic

    public var label: String {
        switch self {
        case .pickup: "窗口领取"
        case .post: "邮寄送达"
        case .electronic: "电子送达"
        }
    }
}
