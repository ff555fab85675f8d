import Foundation
import OneDoorCore
import OneDoorStorage

/// The demo district (佛山市禅城区), shipped as data in Resources/demo-catalog.json.
public enum DemoData {
    /// The demo catalogue document.
    public static func catalog() throws -> CatalogDocument {
        guard let url = Bundle.module.url(forResource: "demo-catalog", withExtension: "json", subdirectory: "Resources") else {
            throw StorageError.badConfiguration("demo-catalog.json is missing from the bundle")
        }
        return try CatalogFile.decode(Data(contentsOf: url))
    }

    /// A demo account and its generated password, shown once when the demo is seeded.
    public struct Account: Sendable {
        public var username: String
        public var password: String
        public var role: Role
        public var description: String
    }

    /// Loads the catalogue and creates one account per role, with fresh random passwords.
    /// Does nothing and returns no accounts when the database already holds a catalogue.
    public static func seed(catalog: CatalogService, auth: AuthService, password: @Sendable () -> String = randomPassword) async throws -> [Account] {
        guard try await catalog.repository.document().items.isEmpty, try await auth.accounts.count() == 0 else { return [] }
        _ = try await catalog.importDocument(try DemoData.catalog(), by: .system)
        let accounts: [(StaffAccount, String)] = [
            (StaffAccount(username: "admin", displayName: "区行政服务中心管理员", staffNumber: "CC0001", role: .admin), "中心管理员"),
            (StaffAccount(username: "jiancha", displayName: "电子监察员", staffNumber: "CC0002", role: .supervisor), "电子监察"),
            (StaffAccount(username: "chuangkou", displayName: "综合窗口陈工", staffNumber: "CC1001", role: .clerk, hall: "CCZX"), "区中心综合窗口人员"),
            (StaffAccount(username: "zumiao", displayName: "祖庙综合窗口林工", staffNumber: "ZM1001", role: .clerk, hall: "ZMJD"), "祖庙街道中心综合窗口人员"),
            (StaffAccount(username: "shichang", displayName: "市场监管首席代表", staffNumber: "SC2001", role: .approver, department: "SCJG", isChiefRepresentative: true),
             "市场监管局首席代表（决定）"),
            // 承办, 审核 and 决定 are three people (职责分离).
            (StaffAccount(username: "chengban", displayName: "市场监管承办员", staffNumber: "SC2002", role: .approver, department: "SCJG"), "市场监管局承办人员"),
            (StaffAccount(username: "shenhe", displayName: "市场监管审核员", staffNumber: "SC2003", role: .approver, department: "SCJG"), "市场监管局审核人员"),
        ]
        var created: [Account] = []
        for (account, description) in accounts {
            let secret = password()
            _ = try await auth.createAccount(account, password: secret, by: .system)
            created.append(Account(username: account.username, password: secret, role: account.role, description: description))
        }
        return created
    }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
