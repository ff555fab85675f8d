/// What the issuing department does to a licence after issuing it (issue 16 §3). A change of
/// content (变更) is not here: it is a new version issued by a concluded case.
public enum LicenceAction: String, Sendable, Hashable, CaseIterable {
    /// 暂停: the licence may not be used until restored.
    case suspend
    /// 恢复 after a suspension.
    case restore
    /// 注销/吊销: for good.
    case revoke

    public var label: String {
        switch self {
        case .suspend: "暂停"
        case .restore: "恢复"
        case .revoke: "注销（吊销）"
        }
    }
}

/// Why a licence action is refused: the licence is not in a state that allows it (409).
public struct LicenceRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The licence state machine, pure: which action applies in which status, with its reason.
public enum LicenceLifecycle {
    public static func apply(_ action: LicenceAction, to status: LicenceStatus, reason: String) throws -> LicenceStatus {
        var c = ProblemCollector()
        c.requireText("reason", reason.trimmingWhitespace(), label: "\(action.label)的理由", maxLength: 500)
        guard let next = next(action, from: status) else { throw LicenceRuleError("电子证照当前“\(status.label)”，不能\(action.label)") }
        try c.throwIfAny()
        return next
    }

    /// The actions open in `status`, in the order pages offer them.
    public static func actions(from status: LicenceStatus) -> [LicenceAction] {
        LicenceAction.allCases.filter { next($0, from: status) != nil }
    }

    static func next(_ action: LicenceAction, from status: LicenceStatus) -> LicenceStatus? {
        switch (action, status) {
        case (.suspend, .valid): .suspended
        case (.restore, .suspended): .valid
        case (.revoke, .valid), (.revoke, .suspended): .revoked
        default: nil
        }
    }
}

/// What a verifier is told about a licence.
public enum LicenceStanding: String, Sendable, Hashable, Codable, CaseIterable {
    case valid
    case expired
    case suspended
    case revoked
    case superseded
    /// The file or record does not carry a good signature of the issuer, or says something else
    /// than the register.
    case invalid

    public var label: String {
        switch self {
        case .valid: "有效"
        case .expired: "已过有效期"
        case .suspended: "已暂停"
        case .revoked: "已注销（吊销）"
        case .superseded: "已变更，以新版本为准"
        case .invalid: "无效（签名不符或内容被改动）"
        }
    }

    /// Whether a licence so standing may stand in for a material (only a valid one).
    public var usable: Bool { self == .valid }

    /// The standing of a licence whose signature checked out, from its status in the register
    /// and its last valid day.
    public static func of(status: LicenceStatus, validUntil: CivilDate?, today: CivilDate) -> LicenceStanding {
        switch status {
        case .revoked: return .revoked
        case .suspended: return .suspended
        case .superseded: return .superseded
        case .valid:
            if let validUntil, validUntil < today { return .expired }
            return .valid
        }
    }
}
