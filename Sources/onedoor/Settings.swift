import ArgumentParser
import Foundation
import Logging
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// Options every subcommand shares. Each setting comes from its flag, else the environment
/// (`ONEDOOR_…`), else the optional JSON configuration file, else the default
/// (docs/configuration.md).
struct Settings: ParsableArguments {
    @Option(name: .long, help: "JSON configuration file (keys as in docs/configuration.md).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (default ./onedoor-data; env ONEDOOR_DATA_DIR).")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "postgres://… to use PostgreSQL (env ONEDOOR_DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error (env ONEDOOR_LOG_LEVEL).")
    var logLevel: String?

    /// Merges flags, environment and file into a configuration.
    func resolve(host: String? = nil, port: Int? = nil, demo: Bool = false) throws -> AppConfiguration {
        let env = ProcessInfo.processInfo.environment
        let file = try config.map(ConfigurationFile.load) ?? ConfigurationFile()
        var configuration = AppConfiguration()
        configuration.host = host ?? env["ONEDOOR_HOST"] ?? file.host ?? configuration.host
        configuration.port = try port ?? env["ONEDOOR_PORT"].map { try Self.integer($0, "ONEDOOR_PORT") } ?? file.port ?? configuration.port
        configuration.dataDirectory = dataDirectory ?? env["ONEDOOR_DATA_DIR"] ?? file.dataDirectory ?? configuration.dataDirectory
        configuration.databaseURL = databaseURL ?? env["ONEDOOR_DATABASE_URL"] ?? file.databaseURL
        configuration.demo = demo
        if let cost = try env["ONEDOOR_BCRYPT_COST"].map({ try Self.integer($0, "ONEDOOR_BCRYPT_COST") }) ?? file.bcryptCost {
            guard (4...31).contains(cost) else { throw ValidationError("bcrypt cost 应在 4 到 31 之间") }
            configuration.bcryptCost = UInt8(cost)
        }
        if let text = env["ONEDOOR_PUBLIC_URL"] ?? file.publicURL {
            switch WebAddress.publicBase(text) {
            case .success(let base): configuration.publicBaseURL = base
            case .failure(let problem): throw ValidationError("ONEDOOR_PUBLIC_URL：\(problem)")
            }
        }
        if let share = env["ONEDOOR_YELLOW_SHARE"].flatMap(Double.init) ?? file.yellowShare {
            guard (0...1).contains(share) else { throw ValidationError("yellowShare 应在 0 到 1 之间：\(share)") }
            configuration.yellowShare = share
        }
        if let limit = env["ONEDOOR_PROGRESS_LIMIT"].flatMap(Int.init) ?? file.progressLookupsPerMinute { configuration.progressLookupsPerMinute = max(1, limit) }
        if let limit = env["ONEDOOR_PERSONAL_READ_LIMIT"].flatMap(Int.init) ?? file.personalReadsPerMinute { configuration.personalReadsPerMinute = max(1, limit) }
        if let limit = env["ONEDOOR_KIOSK_LIMIT"].flatMap(Int.init) ?? file.kioskCallsPerMinute { configuration.kioskCallsPerMinute = max(1, limit) }
        // Benchmarks only (bench/supervision.sh): the overview computed for every request.
        if let seconds = env["ONEDOOR_OVERVIEW_SECONDS"].flatMap(Int64.init) { configuration.overviewSeconds = max(0, min(seconds, 60)) }
        if let contacts = env["ONEDOOR_SUPERVISION_ALERTS"] ?? file.supervisionAlerts {
            do {
                configuration.supervisionAlerts = try SupervisionAlerts.contacts(contacts)
            } catch let failed as ValidationFailed {
                throw ValidationError("supervisionAlerts（ONEDOOR_SUPERVISION_ALERTS）：" + failed.problems.map(\.reason).joined(separator: "；"))
            }
        }
        if let limit = env["ONEDOOR_CITIZEN_CODE_LIMIT"].flatMap(Int.init) ?? file.citizenCodesPerClientPerHour {
            configuration.citizenCodes.perClientPerHour = max(1, limit)
        }
        if let store = env["ONEDOOR_FILE_STORE"] ?? file.fileStore {
            guard ["files", "database"].contains(store) else { throw ValidationError("fileStore（ONEDOOR_FILE_STORE）应为 files 或 database：\(store.prefix(40))") }
            configuration.filesInDatabase = store == "database"
        }
        if let days = env["ONEDOOR_PRE_REVIEW_DAYS"].flatMap(Int.init) ?? file.preReviewDays {
            guard (1...20).contains(days) else { throw ValidationError("preReviewDays（ONEDOOR_PRE_REVIEW_DAYS）应在 1 到 20 个工作日之间：\(days)") }
            configuration.preReviewDays = days
        }
        if let mb = env["ONEDOOR_UPLOAD_FILE_MB"].flatMap(Int.init) ?? file.uploadFileMB {
            guard (1...200).contains(mb) else { throw ValidationError("uploadFileMB（ONEDOOR_UPLOAD_FILE_MB）应在 1 到 200 之间：\(mb)") }
            configuration.uploadPolicy.maximumFileSize = mb << 20
        }
        if let mb = env["ONEDOOR_UPLOAD_APPLICATION_MB"].flatMap(Int.init) ?? file.uploadApplicationMB {
            guard (1...1000).contains(mb) else { throw ValidationError("uploadApplicationMB（ONEDOOR_UPLOAD_APPLICATION_MB）应在 1 到 1000 之间：\(mb)") }
            configuration.uploadPolicy.maximumTotalSize = mb << 20
        }
        if configuration.uploadPolicy.maximumFileSize > configuration.uploadPolicy.maximumTotalSize {
            throw ValidationError("单个文件上限（uploadFileMB）不能大于一份申报的上限（uploadApplicationMB）")
        }
        if let limit = file.ticketsPerPersonPerDay {
            guard (1...50).contains(limit) else { throw ValidationError("ticketsPerPersonPerDay 应在 1 到 50 之间：\(limit)") }
            configuration.ticketPolicy.ticketsPerPersonPerDay = limit
        }
        if let age = file.elderlyAge {
            guard (50...100).contains(age) else { throw ValidationError("elderlyAge 应在 50 到 100 之间：\(age)") }
            configuration.ticketPolicy.elderlyAge = age
        }
        if let ordinary = file.ordinaryPerPriority {
            guard (0...20).contains(ordinary) else { throw ValidationError("ordinaryPerPriority 应在 0 到 20 之间：\(ordinary)") }
            configuration.ticketPolicy.ordinaryPerPriority = ordinary
        }
        if let proxies = env["ONEDOOR_TRUSTED_PROXIES"].map({ $0.split(separator: ",").map { String($0).trimmingWhitespace() } }) ?? file.trustedProxies {
            let bad = proxies.filter { !ClientAddress.isAddress($0) }
            guard bad.isEmpty else { throw ValidationError("ONEDOOR_TRUSTED_PROXIES 应为逗号分隔的 IP 地址：\(bad.joined(separator: ", "))") }
            configuration.trustedProxies = Set(proxies)
        }
        if let token = env["ONEDOOR_METRICS_TOKEN"] ?? file.metricsToken {
            guard token.utf8.count >= 16 else { throw ValidationError("ONEDOOR_METRICS_TOKEN 至少 16 个字符") }
            configuration.metricsToken = token
        }
        // The channels' settings: environment first, then the file under the same names.
        var channels = file.channels ?? [:]
        for name in ChannelSettings.smsNames + ChannelSettings.mailNames + ChannelSettings.dispatchNames {
            if let value = env[name] { channels[name] = value }
        }
        do {
            let resolved = try ChannelSettings.resolve(channels)
            configuration.smsGateway = resolved.sms
            configuration.email = resolved.email
            configuration.dispatchPolicy = resolved.policy
        } catch {
            throw ValidationError("\(error)")
        }
        configuration.oidc = try Self.oidc(env: env, file: file.oidc ?? [:], publicBaseURL: configuration.publicBaseURL)
        configuration.ignoreOpeningHours = (env["ONEDOOR_IGNORE_OPENING_HOURS"].map { $0 == "1" || $0 == "true" }) ?? file.ignoreOpeningHours ?? false
        // Behind HTTPS (the public address says so), cookies are never sent in the clear.
        let https = configuration.publicBaseURL?.lowercased().hasPrefix("https://") ?? false
        configuration.secureCookies = https || ((env["ONEDOOR_SECURE_COOKIES"].map { $0 == "1" || $0 == "true" }) ?? file.secureCookies ?? false)
        guard (1...65535).contains(configuration.port) else { throw ValidationError("端口应在 1 到 65535 之间") }
        return configuration
    }

    /// The provincial identity provider (ADR 0028): none of `ONEDOOR_OIDC_ISSUER`, `_CLIENT_ID`,
    /// `_CLIENT_SECRET` set — citizens sign in by code only; some — every missing one named. The
    /// callback is `<public URL>/citizen/oidc/callback`, so the public address is required.
    static func oidc(env: [String: String], file: [String: String], publicBaseURL: String?) throws -> OIDCConfiguration? {
        let names = ["ONEDOOR_OIDC_ISSUER", "ONEDOOR_OIDC_CLIENT_ID", "ONEDOOR_OIDC_CLIENT_SECRET"]
        func value(_ name: String) -> String? { (env[name] ?? file[name]).flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0.trimmingWhitespace() } }
        let given = names.filter { value($0) != nil }
        guard !given.isEmpty else { return nil }
        let missing = names.filter { value($0) == nil }
        guard missing.isEmpty else { throw ValidationError("统一身份认证配置不完整，缺少：\(missing.joined(separator: "、"))") }
        guard let issuer = value("ONEDOOR_OIDC_ISSUER"), let url = URL(string: issuer), ["https", "http"].contains(url.scheme ?? "") else {
            throw ValidationError("ONEDOOR_OIDC_ISSUER 应为 https:// 开头的地址")
        }
        guard let base = publicBaseURL else { throw ValidationError("使用统一身份认证须设置 ONEDOOR_PUBLIC_URL（回调地址由它得出）") }
        return OIDCConfiguration(issuer: issuer, clientID: value("ONEDOOR_OIDC_CLIENT_ID") ?? "", clientSecret: value("ONEDOOR_OIDC_CLIENT_SECRET") ?? "",
                                 redirectURI: base + "/citizen/oidc/callback", idNumberClaim: value("ONEDOOR_OIDC_ID_CLAIM") ?? "id_number")
    }

    func logger() -> Logger {
        var logger = Logger(label: "onedoor")
        let name = logLevel ?? ProcessInfo.processInfo.environment["ONEDOOR_LOG_LEVEL"] ?? "info"
        logger.logLevel = Logger.Level(rawValue: name) ?? .info
        return logger
    }

    /// Opens the configured database.
    func openDatabase(_ configuration: AppConfiguration, logger: Logger) throws -> (any SQLDatabase, DatabaseLocation) {
        let location = DatabaseLocation.choose(databaseURL: configuration.databaseURL, dataDirectory: configuration.dataDirectory)
        return (try location.open(logger: logger), location)
    }

    static func integer(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text) else { throw ValidationError("\(name) 应为整数：\(text)") }
        return value
    }
}

/// The optional configuration file: every key optional, unknown keys refused.
struct ConfigurationFile: Decodable {
    var host: String?
    var port: Int?
    var dataDirectory: String?
    var databaseURL: String?
    var bcryptCost: Int?
    var secureCookies: Bool?
    var publicURL: String?
    var progressLookupsPerMinute: Int?
    var yellowShare: Double?
    var ticketsPerPersonPerDay: Int?
    var elderlyAge: Int?
    var ordinaryPerPriority: Int?
    var ignoreOpeningHours: Bool?
    var trustedProxies: [String]?
    var kioskCallsPerMinute: Int?
    /// Who is told of 电子监察's alerts: mobile numbers and e-mail addresses, comma-separated.
    var supervisionAlerts: String?
    var personalReadsPerMinute: Int?
    var citizenCodesPerClientPerHour: Int?
    var preReviewDays: Int?
    var fileStore: String?
    var uploadFileMB: Int?
    var uploadApplicationMB: Int?
    var metricsToken: String?
    /// The SMS gateway and mail server, keyed by their environment variables' names.
    var channels: [String: String]?
    /// The provincial identity provider, keyed by the environment variables' names.
    var oidc: [String: String]?

    static func load(_ path: String) throws -> ConfigurationFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let known: Set = ["host", "port", "dataDirectory", "databaseURL", "bcryptCost", "secureCookies", "publicURL", "progressLookupsPerMinute", "yellowShare",
                           "ticketsPerPersonPerDay", "elderlyAge", "ordinaryPerPriority", "ignoreOpeningHours", "trustedProxies", "metricsToken", "kioskCallsPerMinute", "supervisionAlerts", "personalReadsPerMinute", "channels",
                           "citizenCodesPerClientPerHour", "oidc", "preReviewDays", "uploadFileMB", "uploadApplicationMB", "fileStore"]
        if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let unknown = Set(object.keys).subtracting(known)
            if !unknown.isEmpty { throw ValidationError("配置文件中有未知的设置：\(unknown.sorted().joined(separator: ", "))") }
        }
        return try JSONDecoder().decode(ConfigurationFile.self, from: data)
    }
}
