/// A staff member's account.
public struct StaffAccount: Sendable, Hashable, Codable {
    public var id: Int64
    /// Login name: ASCII letters, digits, '.', '-', '_'.
    public var username: String
    public var displayName: String
    /// 工号: shown to applicants instead of the name.
    public var staffNumber: String
    public var role: Role
    /// The hall a clerk works in.
    public var hall: String?
    /// The department an approver decides for.
    public var department: String?
    /// 首席代表: an approver who may decide alone for their department.
    public var isChiefRepresentative: Bool
    public var disabled: Bool

    public init(
        id: Int64 = 0, username: String, displayName: String, staffNumber: String, role: Role,
        hall: String? = nil, department: String? = nil, isChiefRepresentative: Bool = false, disabled: Bool = false
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.staffNumber = staffNumber
        self.role = role
        self.hall = hall
        self.department = department
        self.isChiefRepresentative = isChiefRepresentative
        self.disabled = disabled
    }
}

extension StaffAccount {
    public static let minimumPasswordLength = 10

    /// Every problem of the account's fields and bindings; `halls` and `departments` are the codes that exist.
    public func problems(halls: Set<String>, departments: Set<String>) -> [ValidationProblem] {
        var c = ProblemCollector()
        if username.count < 3 || username.count > 40 {
            c.add("username", "用户名应为 3 到 40 个字符")
        } else if !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            c.add("username", "用户名只能包含英文字母、数字和“.”“-”“_”")
        }
        c.requireText("displayName", displayName, label: "姓名", maxLength: 50)
        c.requireText("staffNumber", staffNumber, label: "工号", maxLength: 20)
        switch role {
        case .clerk:
            if let hall {
                if !halls.contains(hall) { c.add("hall", "服务中心“\(hall)”不存在") }
            } else {
                c.add("hall", "综合窗口人员必须归属一个服务中心")
            }
        case .approver:
            if let department {
                if !departments.contains(department) { c.add("department", "部门“\(department)”不存在") }
            } else {
                c.add("department", "后台审批人员必须归属一个部门")
            }
        case .admin, .supervisor:
            break
        }
        if role != .clerk && hall != nil { c.add("hall", "只有综合窗口人员归属服务中心") }
        if role != .approver && department != nil { c.add("department", "只有后台审批人员归属部门") }
        if isChiefRepresentative && role != .approver { c.add("isChiefRepresentative", "只有后台审批人员可以是首席代表") }
        return c.problems
    }

    /// Problems with a new password; empty when acceptable.
    public static func passwordProblems(_ password: String) -> [ValidationProblem] {
        var c = ProblemCollector()
        if password.count < minimumPasswordLength {
            c.add("password", "密码至少 \(minimumPasswordLength) 个字符")
        }
        if password.utf8.count > 72 {
            // bcrypt reads at most 72 bytes: a longer password would be silently truncated.
            c.add("password", "密码不能超过 72 个字节")
        }
        return c.problems
    }
}
