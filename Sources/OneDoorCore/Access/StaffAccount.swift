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
    public var hall: HallCode?
    /// The department an approver decides for.
    public var department: DepartmentCode?
    /// 首席代表: an approver who may decide alone for their department.
    public var isChiefRepresentative: Bool
    public var disabled: Bool
    /// The password was set by an administrator, who knows it: its owner must choose their own
    /// before doing anything else.
    public var mustChangePassword: Bool

    public init(
        id: Int64 = 0, username: String, displayName: String, staffNumber: String, role: Role,
        hall: HallCode? = nil, department: DepartmentCode? = nil, isChiefRepresentative: Bool = false, disabled: Bool = false,
        mustChangePassword: Bool = false
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
        self.mustChangePassword = mustChangePassword
    }
}

extension StaffAccount {
    public static let minimumPasswordLength = 10

    /// Every problem of the account's fields and bindings; `halls` and `departments` are the codes that exist.
    public func problems(halls: Set<HallCode>, departments: Set<DepartmentCode>) -> [ValidationProblem] {
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
        let lower = password.lowercased()
        if let first = password.first, password.allSatisfy({ $0 == first }) {
            c.add("password", "密码不能全是同一个字符")
        } else if CommonPasswords.contains(lower) {
            c.add("password", "这是常见密码，容易被猜中，请换一个")
        }
        return c.problems
    }
}

/// Passwords of ten characters or more that lists of leaked passwords put near the top, and the
/// patterns people use for a counter's shared account; refused whatever their case.
enum CommonPasswords {
    static func contains(_ lowercased: String) -> Bool {
        if list.contains(lowercased) { return true }
        // Runs of a keyboard row or of digits, forwards or backwards ("1234567890", "0987654321").
        let runs = ["1234567890", "0987654321", "qwertyuiop", "poiuytrewq", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz"]
        return lowercased.count >= 10 && runs.contains { run in run.contains(lowercased) || (lowercased.count > run.count && lowercased.hasPrefix(run)) }
    }

    static let list: Set<String> = [
        "1234567890", "12345678910", "123456789a", "a123456789", "0123456789", "1111111111", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123456", "qwertyuiop1", "asdfghjkl1", "zxcvbnm123", "password12", "password123",
        "password1234", "passw0rd123", "p@ssw0rd12", "p@ssword123", "iloveyou12", "iloveyou123", "admin12345", "admin123456", "administrator",
        "admin@1234", "admin@12345", "root123456", "abc1234567", "abcd123456", "abcdef1234", "abc123456789", "aa12345678", "woaini1314",
        "woaini520", "woaini1314520", "5201314520", "1314520520", "a1b2c3d4e5", "1a2b3c4d5e", "welcome123", "welcome1234", "letmein123",
        "changeme123", "football12", "baseball12", "sunshine12", "princess12", "dragon1234", "monkey1234", "1234qwer!@#$", "qwer1234!@#$",
        "123456abcd", "123456abc", "123456qwerty", "11223344556", "1122334455", "0000000000", "9876543210", "zhang123456", "wang123456",
        "li12345678", "onedoor123", "onedoor1234", "zwfw123456", "chancheng123", "foshan123456", "china12345", "beijing2008", "88888888888",
        "6666666666", "66666666666", "1234554321", "123123123123", "147258369a", "1472583690", "3141592653",
    ]
}
