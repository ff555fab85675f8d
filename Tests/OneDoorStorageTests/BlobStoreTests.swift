import Crypto
import Foundation
import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The database file store (ADR 0030) on both databases: a file of several chunks goes in whole,
/// comes out the same on another server (its own cache), is stored once however often it is
/// given, and a damaged chunk is found by its digest rather than served.
@Suite struct BlobStoreTests {
    static func temporaryFile(_ bytes: [UInt8], in directory: URL) throws -> (URL, BlobReference) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("upload-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return (url, BlobReference(sha256: Hex.string(SHA256.hash(data: bytes)), size: bytes.count, kind: .pdf))
    }

    @Test(arguments: TestDatabaseKind.available)
    func aFileOfSeveralChunksComesBackWholeOnAnotherServer(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let here = DatabaseBlobStore(database: database, cache: root.appendingPathComponent("a"))
            let there = DatabaseBlobStore(database: database, cache: root.appendingPathComponent("b"))
            // 2.5 chunks of bytes that differ from chunk to chunk.
            var generator = SplitMix64(seed: 7)
            let bytes = Array("%PDF-1.7\n".utf8) + (0..<(DatabaseBlobStore.chunkSize * 5 / 2)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let (file, reference) = try Self.temporaryFile(bytes, in: here.temporaryDirectory)
            try await here.adopt(temporary: file, reference: reference)
            #expect(!FileManager.default.fileExists(atPath: file.path))
            let chunks = try await database.read { db in
                try await db.queryFirst("SELECT chunks, size FROM blob_contents WHERE sha256 = ?", [.text(reference.sha256)])
            }
            #expect(try chunks?.int("chunks") == 3 && chunks?.int("size") == bytes.count)

            let read = try #require(try await there.localFile(of: reference.sha256))
            #expect(read.path.hasPrefix(root.appendingPathComponent("b").path))
            #expect(Array(try Data(contentsOf: read)) == bytes)
            // The same content again: still one file.
            let (again, _) = try Self.temporaryFile(bytes, in: here.temporaryDirectory)
            try await here.adopt(temporary: again, reference: reference)
            let count = try await database.read { db in try await db.queryFirst("SELECT COUNT(*) AS n FROM blob_chunks", [])?.int("n") }
            #expect(count == 3)
            #expect(try await there.localFile(of: String(repeating: "0", count: 64)) == nil)
            #expect(try await there.localFile(of: "../../etc/passwd") == nil)

            // A chunk damaged in the database: a server without a cached copy refuses it.
            try await database.write { db in
                try await db.execute("UPDATE blob_chunks SET data = ? WHERE sha256 = ? AND chunk = 1", [.blob([1, 2, 3]), .text(reference.sha256)])
            }
            let third = DatabaseBlobStore(database: database, cache: root.appendingPathComponent("c"))
            await #expect(throws: StorageError.self) { try await third.localFile(of: reference.sha256) }
            let cached = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("c").path).filter { $0 != "tmp" }
            #expect(try cached.allSatisfy { try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("c/\($0)").path).isEmpty })
        }
    }
}
