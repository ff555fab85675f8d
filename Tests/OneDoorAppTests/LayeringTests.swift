import Foundation
import Testing

/// The layers of ADR 0001 as the source shows them: pages and the API reach data only through
/// the services (issue 14 §1). SwiftPM lets a target import its dependencies' dependencies, so
/// the package manifest alone does not enforce this; the source is read here.
@Suite struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    static func swiftFiles(in target: String) throws -> [URL] {
        let root = sources.appendingPathComponent(target)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    static func imports(_ module: String, in target: String) throws -> [String] {
        try swiftFiles(in: target).filter { file in
            try String(contentsOf: file, encoding: .utf8).split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "import \(module)" || $0.hasPrefix("@testable import \(module)") || $0.hasPrefix("@_exported import \(module)") }
        }.map(\.lastPathComponent)
    }

    @Test(arguments: ["OneDoorWeb", "OneDoorAPI"])
    func entrancesDoNotImportStorage(target: String) throws {
        #expect(try Self.swiftFiles(in: target).count > 10)
        #expect(try Self.imports("OneDoorStorage", in: target) == [])
    }

    @Test func theCoreImportsNoFramework() throws {
        for module in ["OneDoorStorage", "OneDoorServices", "Hummingbird", "GRDB", "PostgresNIO", "Logging"] {
            #expect(try Self.imports(module, in: "OneDoorCore") == [], "OneDoorCore imports \(module)")
        }
    }

    @Test func servicesDoNotReExportStorage() throws {
        let reexports = try Self.swiftFiles(in: "OneDoorServices").filter {
            try String(contentsOf: $0, encoding: .utf8).contains("@_exported import OneDoorStorage")
        }
        #expect(reexports.isEmpty)
    }
}
