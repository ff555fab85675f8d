import Foundation
import OneDoorCore
import OneDoorStorage

extension UploadReader {
    /// Reads a request body that is one file (the API's uploads: the body is the file, its name
    /// a query parameter): written to a temporary file while hashed, refused the moment it passes
    /// the size limit, its kind taken from its content and matched against its name, and only
    /// then moved into the blob store (fsynced). Nothing is kept of a refused file.
    public static func readFile<Body: AsyncSequence>(
        _ body: Body, name: String, store: any BlobStore, policy: UploadPolicy
    ) async throws -> ReceivedFile where Body.Element == ArraySlice<UInt8> {
        let cleaned = FileName.cleaned(name)
        let writer: BlobWriter
        do { writer = try BlobWriter(in: store.temporaryDirectory) } catch { throw cannotStore }
        var kept = false
        defer { if !kept { writer.discard() } }
        for try await chunk in body {
            if writer.size + chunk.count > policy.maximumFileSize {
                throw fileTooLarge(cleaned, policy: policy)
            }
            try chunk.withUnsafeBytes { try writer.write($0) }
        }
        guard writer.size > 0 else { throw ValidationFailed([ValidationProblem(path: "body", reason: "文件内容为空")]) }
        let reference = try writer.finish()
        if let problem = FileName.problem(name: cleaned, kind: reference?.kind) {
            throw ValidationFailed([ValidationProblem(path: "name", reason: problem)])
        }
        guard let reference else { throw ValidationFailed([ValidationProblem(path: "body", reason: "只接受 PDF、JPEG、PNG 文件")]) }
        try await store.adopt(temporary: writer.temporary, reference: reference)
        kept = true
        return ReceivedFile(field: "body", name: cleaned, blob: reference)
    }
}
