import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import OneDoorApp
import OneDoorServices
import Prometheus
import ServiceLifecycle

/// `onedoor serve`: runs the platform until SIGTERM or SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动服务（默认子命令）")

    @OptionGroup var settings: Settings

    @Option(name: .long, help: "Listen address (default 127.0.0.1; env ONEDOOR_HOST).")
    var host: String?

    @Option(name: .long, help: "Port (default 8080; env ONEDOOR_PORT).")
    var port: Int?

    @Flag(name: .long, help: "Load the demo district (禅城区) into an empty database and print one-time passwords.")
    var demo = false

    func run() async throws {
        let configuration = try settings.resolve(host: host, port: port, demo: demo)
        // Printed notices, tickets and appointments carry this address in their QR codes; taken
        // from each request's Host header it would be whatever a client sends.
        if !demo && configuration.publicBaseURL == nil {
            throw ValidationError("请设置公开访问地址 ONEDOOR_PUBLIC_URL（或配置文件中的 publicURL），例如 https://zwfw.chancheng.gov.cn：通知书和排队号上的二维码使用该地址。只有 --demo 演示时可以不设。")
        }
        let logger = settings.logger()
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let (database, location) = try settings.openDatabase(configuration, logger: logger)
        logger.info("database", metadata: ["location": .string(location.redacted)])
        let built = try await buildApplication(configuration: configuration, database: database, metrics: registry, logger: logger)
        if !built.demoAccounts.isEmpty {
            print("""

            演示数据已载入（佛山市禅城区，\(built.catalog.snapshot.items.count) 项事项）。以下账号的密码只显示这一次：
            """)
            for account in built.demoAccounts {
                print("  \(account.username.padding(toLength: 12, withPad: " ", startingAt: 0)) \(account.password)  \(account.description)")
            }
            // Tickets need a registered kiosk: the demo registers one for the district hall, as
            // its administrator would (POST /api/v1/halls/CCZX/kiosks).
            if let admin = built.demoAccounts.first(where: { $0.role == .admin }) {
                let session = try await built.auth.signIn(username: admin.username, password: admin.password, kind: .bearer, client: "demo")
                let (_, token) = try await built.services.kiosks.register(hall: "CCZX", name: "演示取号机（一楼大厅）", by: session.identity, client: "demo")
                try await built.auth.signOut(session.identity)
                print("""

                取号机令牌（禅城区行政服务中心，只显示这一次）：\(token)
                在作取号机的浏览器打开 /halls/CCZX/kiosk，展开“中心管理员：登记这台设备”，输入上面的令牌。
                """)
            }
            print("")
        }
        print("OneDoor 已启动：http://\(configuration.host):\(configuration.port)")
        fflush(nil)  // flush stdout: the one-time passwords must reach a redirected log now
        let group = ServiceGroup(
            configuration: .init(services: [built.application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}
