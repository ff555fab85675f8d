import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor create-user --role admin …`: creates a staff account (bootstraps the first administrator).
///
/// The password comes from `--password-file` or the environment variable ONEDOOR_NEW_PASSWORD,
/// never from a flag (flags end up in shell history and process lists); without either, a
/// random password is generated and printed once.
struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-user", abstract: "创建工作人员账号（如首个管理员）")
    @OptionGroup var settings: Settings

    @Option(help: "clerk, approver, admin or supervisor") var role: String
    @Option(help: "Login name") var username: String
    @Option(name: .customLong("name"), help: "Display name (姓名)") var displayName: String
    @Option(name: .customLong("staff-number"), help: "Staff number (工号)") var staffNumber: String
    @Option(help: "Hall code, for clerks") var hall: HallCode?
    @Option(help: "Department code, for approvers") var department: DepartmentCode?
    @Flag(name: .customLong("chief-representative"), help: "Approver is 首席代表") var chief = false
    @Option(name: .customLong("password-file"), help: "File holding the password") var passwordFile: String?

    func run() async throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("角色应为 clerk、approver、admin 或 supervisor") }
        let configuration = try settings.resolve()
        let (database, _) = try settings.openDatabase(configuration, logger: settings.logger())
        try await Migrator.migrate(database)
        var generated = false
        var password: String
        if let passwordFile {
            password = try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["ONEDOOR_NEW_PASSWORD"] {
            password = fromEnvironment
        } else {
            password = DemoData.randomPassword()
            generated = true
        }
        let auth = AuthService(accounts: AccountRepository(database: database), clock: SystemClock(), bcryptCost: configuration.bcryptCost)
        let account = StaffAccount(
            username: username, displayName: displayName, staffNumber: staffNumber, role: role,
            hall: hall, department: department, isChiefRepresentative: chief
        )
        do {
            let created = try await auth.createAccount(account, password: password, by: .system)
            print("已创建账号 \(created.username)（\(role.label)）" + (generated ? "，初始密码（只显示这一次）：\(password)" : ""))
        } catch let failed as ValidationFailed {
            var standardError = FileHandle.standardError
            for problem in failed.problems { print("\(problem.path)：\(problem.reason)", to: &standardError) }
            try await database.close()
            throw ExitCode(2)
        }
        try await database.close()
    }
}
