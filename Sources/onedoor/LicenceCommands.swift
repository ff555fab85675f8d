import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices

/// `onedoor licence verify FILE --keys KEYS`: an electronic licence checked offline against the
/// published keys (issue 16 §3).
struct LicenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "licence", abstract: "电子证照：离线核验", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "用公布的公钥离线核验下载的电子证照文件（.jws）；签章有效且在有效期内时退出码为 0"
        )

        @Argument(help: "证照文件（证照页面“下载签章证照文件”）")
        var file: String

        @Option(help: "公钥文件（GET /api/v1/licence-keys 的内容）")
        var keys: String

        func run() async throws {
            let token = try String(contentsOfFile: file, encoding: .utf8)
            let published = try Data(contentsOf: URL(fileURLWithPath: keys))
            let outcome = await OfflineLicenceCheck.check(token: token, keys: published, today: CivilDate(epochSeconds: SystemClock().now()))
            for line in outcome.lines { print(line) }
            if !outcome.valid { throw ExitCode(1) }
        }
    }
}
