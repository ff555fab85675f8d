import Foundation
import HummingbirdTesting
import Logging
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport

/// The application on a fresh test database with the fixture catalogue and one account per
/// person the typed tests need (password `password-<name>`).
enum ClientHarness {
    static let start: Int64 = 1_790_557_200  // Monday 28 September 2026, 09:00 in China
    static let accounts: [StaffAccount] = [
        StaffAccount(username: "clerk", displayName: "窗口一号", staffNumber: "C001", role: .clerk, hall: "CC"),
        StaffAccount(username: "undertaker", displayName: "李承办", staffNumber: "A001", role: .approver, department: "SCJG"),
        StaffAccount(username: "reviewer", displayName: "王审核", staffNumber: "A002", role: .approver, department: "SCJG"),
        StaffAccount(username: "decider", displayName: "赵首席", staffNumber: "A003", role: .approver, department: "SCJG", isChiefRepresentative: true),
        StaffAccount(username: "admin", displayName: "管理员", staffNumber: "M001", role: .admin),
        StaffAccount(username: "supervisor", displayName: "监察员", staffNumber: "S001", role: .supervisor),
    ]

    /// Runs `body` against the app on `kind`; `clock`, when given, is the app's (tests that move time).
    static func run(
        _ kind: TestDatabaseKind, clock: FixedClock? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol, OneDoorApplication) async throws -> Void
    ) async throws {
        try await withTestDatabase(kind) { database in
            var logger = Logger(label: "onedoor.test")
            logger.logLevel = .error
            let built = try await buildApplication(
                configuration: AppConfiguration(port: 0, bcryptCost: 4), database: database, clock: clock ?? FixedClock(start), logger: logger
            )
            _ = try await built.catalog.importDocument(Fixtures.document(), by: .system)
            for account in accounts { _ = try await built.auth.createAccount(account, password: "password-\(account.username)", by: .system) }
            try await built.application.test(.router) { client in try await body(client, built) }
        }
    }

    /// A signed-in typed client for `username`.
    static func signedIn(_ client: any TestClientProtocol, _ username: String) async throws -> Client {
        let session = try await Client.router(client).createSession(body: .json(.init(username: username, password: "password-\(username)")))
        return Client.router(client, token: try session.created.body.json.token)
    }

    /// The device token of a kiosk newly registered to `hall` by the administrator.
    static func kiosk(_ client: any TestClientProtocol, hall: String = "CC") async throws -> Client {
        let admin = try await signedIn(client, "admin")
        let token = try await admin.registerKiosk(path: .init(code: hall), body: .json(.init(name: "一楼大厅入口"))).created.body.json.token
        return Client.router(client, token: token)
    }
}
