import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor calendar …`: the working-day calendar from the command line.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "工作日历：期限计算、工作日计数、加载节假日安排",
        subcommands: [Deadline.self, Count.self, Years.self, Load.self]
    )

    /// The calendar in force for the configured data directory or database.
    static func withCalendar<T>(_ settings: Settings, _ body: (CalendarService) async throws -> T) async throws -> T {
        let configuration = try settings.resolve()
        let (database, _) = try settings.openDatabase(configuration, logger: settings.logger())
        do {
            try await Migrator.migrate(database)
            let service = CalendarService(repository: CalendarRepository(database: database), clock: SystemClock())
            try await service.reload()
            let result = try await body(service)
            try await database.close()
            return result
        } catch {
            try? await database.close()
            throw error
        }
    }

    static func date(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(text) else { throw ValidationError("日期“\(text)”应为 YYYY-MM-DD") }
        return date
    }

    static func fail(_ error: any Error) -> ExitCode {
        var standardError = FileHandle.standardError
        if let notLoaded = error as? CalendarNotLoaded {
            print(notLoaded.description, to: &standardError)
        } else if let failed = error as? ValidationFailed {
            for problem in failed.problems { print("\(problem.path)：\(problem.reason)", to: &standardError) }
        } else {
            print("\(error)", to: &standardError)
        }
        return ExitCode(2)
    }

    struct Deadline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "届满日：起算日（第 0 天）之后 N 个工作日或自然日")
        @OptionGroup var settings: Settings
        @Option(help: "起算日 YYYY-MM-DD") var from: String
        @Option(help: "天数") var days: Int
        @Option(help: "working 或 calendar") var unit: String = "working"

        func run() async throws {
            let start = try CalendarCommand.date(from)
            guard days >= 0 else { throw ValidationError("天数不能为负") }
            guard unit == "working" || unit == "calendar" else { throw ValidationError("unit 应为 working 或 calendar") }
            do {
                let limit = TimeLimit(days: days, unit: unit == "working" ? .workingDays : .calendarDays)
                let deadline = try await CalendarCommand.withCalendar(settings) { try $0.calendar.deadline(limit, from: start) }
                print(deadline.description)
            } catch {
                throw CalendarCommand.fail(error)
            }
        }
    }

    struct Count: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "两个日期之间（含首尾）的工作日天数")
        @OptionGroup var settings: Settings
        @Option(help: "YYYY-MM-DD") var from: String
        @Option(help: "YYYY-MM-DD") var to: String

        func run() async throws {
            let a = try CalendarCommand.date(from), b = try CalendarCommand.date(to)
            do {
                print(try await CalendarCommand.withCalendar(settings) { try $0.calendar.workingDays(from: a, to: b) })
            } catch {
                throw CalendarCommand.fail(error)
            }
        }
    }

    struct Years: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出已加载的年份")
        @OptionGroup var settings: Settings

        func run() async throws {
            let years = try await CalendarCommand.withCalendar(settings) { $0.years }
            for info in years {
                let origin = info.loadedBy.map { "管理员 \($0) 加载" } ?? "随产品提供"
                print("\(info.year.year)\t放假 \(info.year.holidays.count) 天\t调休上班 \(info.year.workdays.count) 天\t\(origin)\t\(info.year.source)")
            }
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "加载某年的节假日安排（JSON，见 docs/calendar-format.md）")
        @OptionGroup var settings: Settings
        @Argument(help: "Calendar file; - for standard input.") var file: String

        func run() async throws {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            let parsed: CalendarFile
            do {
                parsed = try JSONDecoder().decode(CalendarFile.self, from: data)
            } catch {
                throw ValidationError("文件不是有效的节假日安排 JSON：\(error)")
            }
            do {
                let year = try parsed.calendarYear().get()
                try await CalendarCommand.withCalendar(settings) { try await $0.load(year, by: .system) }
                print("已加载 \(year.year) 年：放假 \(year.holidays.count) 天，调休上班 \(year.workdays.count) 天")
            } catch {
                throw CalendarCommand.fail(error)
            }
        }
    }
}

/// `onedoor qr TEXT`: the QR code of a text as SVG (what receipts print; CI decodes it).
struct QRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "qr", abstract: "生成二维码 SVG（ISO/IEC 18004，纠错等级 M）")
    @Argument(help: "Text to encode (at most 213 bytes)") var text: String
    @Option(help: "Output file; standard output when absent") var output: String?
    @Option(name: .customLong("module-size"), help: "Pixels per module") var moduleSize = 8

    func run() throws {
        let svg: String
        do {
            svg = try QRCode(text: text).svg(moduleSize: moduleSize)
        } catch {
            throw ValidationError("内容过长：二维码（版本 10-M）最多 213 字节")
        }
        if let output {
            try Data(svg.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            print(svg)
        }
    }
}
