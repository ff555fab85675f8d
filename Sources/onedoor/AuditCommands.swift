import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor audit verify`: walks the audit and access logs' hash chains (issue 16 §4) and names
/// the first entry changed, removed or inserted; exit code 1 when there is one.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "审计日志和个人信息使用记录：哈希链核验", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "逐条核对审计日志和个人信息使用记录的哈希链及每日签名锚点，报告第一条被改动、删除或插入的记录"
        )

        @OptionGroup var settings: Settings

        @Flag(help: "先把尚未封存的记录封存入链（服务运行时每 2 秒自动封存）")
        var seal = false

        func run() async throws {
            let configuration = try settings.resolve()
            let (database, _) = try settings.openDatabase(configuration, logger: settings.logger())
            do {
                try await Migrator.migrate(database)
                let keys = LicenceKeyRing(repository: SigningKeyRepository(database: database), clock: SystemClock())
                let chains = LogChainService(repository: LogChainRepository(database: database), keys: keys, clock: SystemClock())
                if seal { try await chains.sealAll() }
                let start = Date()
                let reports = try await chains.verify()
                let seconds = Date().timeIntervalSince(start)
                try await database.close()
                var failed = false
                for report in reports {
                    let unsealed = report.unsealed > 0 ? "，另有 \(report.unsealed) 条尚未封存" : ""
                    if let problem = report.problem {
                        failed = true
                        print("\(report.log.label)：不一致 — \(problem.detail)")
                    } else {
                        print("\(report.log.label)：\(report.entries) 条完整，\(report.anchors) 个签名锚点相符\(unsealed)")
                    }
                }
                print(String(format: "用时 %.1f 秒", seconds))
                if failed { throw ExitCode(1) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                try? await database.close()
                throw error
            }
        }
    }
}
