/// 人生阶段 and 企业生命周期 (issue 17 §3): the stages items are filed under, for browsing by life
/// event and for turning pushes off by stage.
public enum LifeStage: String, Sendable, Hashable, Codable, CaseIterable {
    case birth, school, work, family, home, retire, care, afterlife
    case open, operate, change, close

    public var label: String {
        switch self {
        case .birth: "出生"
        case .school: "入学"
        case .work: "就业创业"
        case .family: "婚育"
        case .home: "置业"
        case .retire: "退休"
        case .care: "养老"
        case .afterlife: "身后"
        case .open: "开办"
        case .operate: "经营"
        case .change: "变更"
        case .close: "注销"
        }
    }

    /// Whose stage it is: a person's life or an enterprise's.
    public var holder: LicenceHolderKind {
        switch self {
        case .birth, .school, .work, .family, .home, .retire, .care, .afterlife: .person
        case .open, .operate, .change, .close: .enterprise
        }
    }
}

/// The items filed under one stage, in the catalogue file (`lifeStages`).
public struct LifeStageItems: Sendable, Hashable, Codable {
    public var stage: LifeStage
    public var items: [ItemCode]

    public init(stage: LifeStage, items: [ItemCode]) {
        self.stage = stage
        self.items = items
    }
}
