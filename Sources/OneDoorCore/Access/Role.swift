/// The staff roles of a service centre.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// 综合窗口人员: accepts any item at the windows of their hall.
    case clerk
    /// 后台审批人员: decides the items of their department; may be 首席代表.
    case approver
    /// 中心管理员: runs the catalogue, the organisation and the accounts.
    case admin
    /// 电子监察: reads everything, changes nothing, and reads the audit log.
    case supervisor

    public var label: String {
        switch self {
        case .clerk: "综合窗口人员"
        case .approver: "后台审批人员"
        case .admin: "中心管理员"
        case .supervisor: "电子监察人员"
        }
    }
}

/// What a signed-in staff member may do. Endpoints name the permission they need, so the
/// endpoint × role table is derived from this one mapping and tested once.
public enum Permission: String, Sendable, CaseIterable {
    /// See drafts, suspended items and every version in the staff pages and API.
    case readCatalogInternals
    /// Create and edit items, publish and suspend them, import the catalogue.
    case editCatalog
    /// Export the whole catalogue.
    case exportCatalog
    /// Manage departments, halls and windows.
    case manageOrganisation
    /// Load holiday arrangements into the working-day calendar.
    case manageCalendar
    /// See the staff accounts (supervisors check who may do what).
    case readAccounts
    /// Manage staff accounts.
    case manageAccounts
    /// Read the audit log (电子监察).
    case readAuditLog
    /// Queue statistics of every hall (clerks see their own hall's without it).
    case readQueueStatistics
    /// Read the notification outbox: every message to citizens, masked, with its attempts.
    case readOutbox
    /// Mark a citizen account 实名（核验） after seeing its holder and their ID card at a window.
    case verifyCitizens
    /// Reword the messages sent to citizens (each change a new version, audited).
    case manageTemplates
    /// Rotate the departments' licence signing keys (old keys kept for verification).
    case manageSigningKeys
    /// 电子监察: the live overview, and supervision orders (督办) on cases and rectifications.
    case supervise

    public var label: String {
        switch self {
        case .readCatalogInternals: "查看事项草稿和历史版本"
        case .editCatalog: "编辑和发布事项"
        case .exportCatalog: "导出事项目录"
        case .manageOrganisation: "管理部门、服务中心和窗口"
        case .manageCalendar: "加载节假日安排"
        case .readAccounts: "查看工作人员账号"
        case .manageAccounts: "管理工作人员账号"
        case .readAuditLog: "查看审计日志"
        case .readQueueStatistics: "查看各中心排队统计"
        case .readOutbox: "查看消息发送记录"
        case .verifyCitizens: "窗口核验群众实名"
        case .manageTemplates: "编辑消息模板"
        case .manageSigningKeys: "更换电子证照签章密钥"
        case .supervise: "电子监察与督办"
        }
    }
}

extension Role {
    /// The permissions of each role. Supervisors read everywhere and write only their orders (督办).
    public var permissions: Set<Permission> {
        switch self {
        case .admin: [.readCatalogInternals, .editCatalog, .exportCatalog, .manageOrganisation, .manageCalendar, .readAccounts, .manageAccounts,
                      .readQueueStatistics, .readOutbox, .manageTemplates, .manageSigningKeys]
        case .supervisor: [.readCatalogInternals, .exportCatalog, .readAccounts, .readAuditLog, .readQueueStatistics, .supervise]
        case .clerk: [.readCatalogInternals, .verifyCitizens]
        case .approver: [.readCatalogInternals]
        }
    }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
