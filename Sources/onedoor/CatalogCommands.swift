import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor migrate`: applies pending migrations and lists them.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "执行数据库迁移")
    @OptionGroup var settings: Settings

    func run() async throws {
        let configuration = try settings.resolve()
        let (database, location) = try settings.openDatabase(configuration, logger: settings.logger())
        let applied = try await Migrator.migrate(database)
        print(applied.isEmpty ? "\(location.redacted)：已是最新" : "\(location.redacted)：已执行 \(applied.joined(separator: "、"))")
        try await database.close()
    }
}

/// `onedoor import-catalog FILE`: replaces the catalogue, all or nothing.
struct ImportCatalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import-catalog", abstract: "导入事项目录（全部成功或全部不变）")
    @OptionGroup var settings: Settings
    @Argument(help: "Catalogue file (docs/catalog-format.md); - for standard input.")
    var file: String

    func run() async throws {
        let configuration = try settings.resolve()
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        let document: CatalogDocument
        do {
            document = try CatalogFile.decode(data)
        } catch {
            throw ValidationError("文件不是有效的目录 JSON：\(error)")
        }
        let (database, _) = try settings.openDatabase(configuration, logger: settings.logger())
        do {
            try await Migrator.migrate(database)
            let summary = try await CatalogRepository(database: database).replace(
                with: document, by: .system, at: Int64(Date().timeIntervalSince1970)
            )
            try await database.close()
            print("导入成功：新增 \(summary.itemsCreated) 项，更新 \(summary.itemsUpdated) 项，删除 \(summary.itemsDeleted) 项")
        } catch let failed as ValidationFailed {
            try await database.close()
            var standardError = FileHandle.standardError
            print("导入失败，目录未作任何改动。共 \(failed.problems.count) 处问题：", to: &standardError)
            for problem in failed.problems { print("  \(problem.path)：\(problem.reason)", to: &standardError) }
            throw ExitCode(2)
        } catch {
            try? await database.close()
            throw error
        }
    }
}

/// `onedoor export-catalog [FILE]`: writes the whole catalogue as JSON.
struct ExportCatalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-catalog", abstract: "导出事项目录")
    @OptionGroup var settings: Settings
    @Argument(help: "Output file; standard output when omitted.")
    var file: String?

    func run() async throws {
        let configuration = try settings.resolve()
        let (database, _) = try settings.openDatabase(configuration, logger: settings.logger())
        try await Migrator.migrate(database)
        let document = try await CatalogRepository(database: database).document()
        try await database.close()
        let data = try CatalogFile.encode(document)
        if let file {
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
            print("已导出 \(document.items.count) 项事项到 \(file)")
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}
