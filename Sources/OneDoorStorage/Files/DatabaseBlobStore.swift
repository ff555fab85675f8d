import Crypto
import Foundation
import OneDoorCore

/// Files kept in the database itself (ADR 0030), for several servers on one PostgreSQL without a
/// shared disk: each file in chunks of ``chunkSize`` bytes (`blob_chunks`), and a row in
/// `blob_contents` written in the same transaction once every chunk is in — so a file is either whole
/// in the store or not there, and the commit that acknowledges the upload is the database's own.
/// Nothing holds more than one chunk in memory.
///
/// Reading copies a file once into a local cache under `cache` (content-addressed, so a cached
/// copy never goes stale), checking its SHA-256 on the way; later reads on this server are reads
/// of that local file.
public struct DatabaseBlobStore: BlobStore {
    public let database: any SQLDatabase
    public let cache: URL
    public static let chunkSize = 1 << 20

    public init(database: any SQLDatabase, cache: URL) {
        self.database = database
        self.cache = cache
    }

    public var temporaryDirectory: URL { cache.appendingPathComponent("tmp") }

    public func adopt(temporary: URL, reference: BlobReference) async throws {
        guard BlobReference.isDigest(reference.sha256) else { throw StorageError.database("not a SHA-256: \(reference.sha256.prefix(70))") }
        defer { try? FileManager.default.removeItem(at: temporary) }
        let handle = try FileHandle(forReadingFrom: temporary)
        defer { try? handle.close() }
        let sha = DatabaseValue.text(reference.sha256)
        try await database.write { db in
            if try await db.queryFirst("SELECT size FROM blob_contents WHERE sha256 = ?", [sha]) != nil { return }
            // A file another transaction is storing at this moment: that one's chunks win, this
            // one's are the same bytes (same digest) and are skipped.
            var chunk: Int64 = 0
            while let data = try handle.read(upToCount: Self.chunkSize), !data.isEmpty {
                try await db.execute("INSERT INTO blob_chunks (sha256, chunk, data) VALUES (?, ?, ?) ON CONFLICT (sha256, chunk) DO NOTHING",
                                     [sha, .integer(chunk), .blob([UInt8](data))])
                chunk += 1
            }
            try await db.execute("INSERT INTO blob_contents (sha256, size, chunks) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                                 [sha, .bind(reference.size), .integer(chunk)])
        }
    }

    public func localFile(of sha256: String) async throws -> URL? {
        guard BlobReference.isDigest(sha256) else { return nil }
        let directory = cache.appendingPathComponent(String(sha256.prefix(2)))
        let target = directory.appendingPathComponent(String(sha256.dropFirst(2)))
        if FileManager.default.fileExists(atPath: target.path) { return target }
        guard let chunks = try await database.read({ db in
            try await db.queryFirst("SELECT chunks FROM blob_contents WHERE sha256 = ?", [.text(sha256)])?.int64("chunks")
        }) else { return nil }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        let partial = temporaryDirectory.appendingPathComponent("read-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else { throw StorageError.database("cannot create \(partial.path)") }
        do {
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            var hasher = SHA256()
            // One chunk a read: a 20 MB file never sits in memory whole.
            for chunk in 0..<chunks {
                guard let bytes = try await database.read({ db in
                    try await db.queryFirst("SELECT data FROM blob_chunks WHERE sha256 = ? AND chunk = ?", [.text(sha256), .integer(chunk)])?.blob("data")
                }) else { throw StorageError.database("file \(sha256.prefix(12)) lacks chunk \(chunk)") }
                hasher.update(data: bytes)
                try handle.write(contentsOf: bytes)
            }
            guard Hex.string(hasher.finalize()) == sha256 else { throw StorageError.database("file \(sha256.prefix(12)) does not match its digest") }
            try handle.close()
            guard rename(partial.path, target.path) == 0 else { throw StorageError.database("rename into the cache failed: errno \(errno)") }
            return target
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }
}
