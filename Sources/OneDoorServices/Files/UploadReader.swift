import Foundation
import MultipartKit
import NIOCore
import OneDoorCore
import OneDoorStorage

/// A file received and stored (ADR 0025): the form field it came in, its cleaned name, its blob.
public struct ReceivedFile: Sendable, Hashable {
    public var field: String
    public var name: String
    public var blob: BlobReference
}

/// A multipart form read as it arrived: its text fields and its files, already in the blob store.
public struct ReceivedForm: Sendable {
    public var fields: [String: String]
    public var files: [ReceivedFile]

    public subscript(_ name: String) -> String? { fields[name] }
}

/// Reads `multipart/form-data` as the body streams in (vapor/multipart-kit's parser, fed chunk by
/// chunk): each file goes to a temporary file while it is hashed, so a 20 MB upload never sits in
/// memory; a file over the limit stops the reading at once; every file whose content is not PDF,
/// JPEG or PNG, or does not match its name, is named. Files are moved into the blob store (and
/// fsynced) only when the whole form was good; otherwise nothing is kept.
public enum UploadReader {
    /// Text fields are small (a CSRF token, a note): more than this is refused.
    static let maximumFieldSize = 16 << 10

    /// `accept` sees the text fields before any file is kept (the CSRF token, the material): if
    /// it throws, nothing is stored.
    public static func read<Body: AsyncSequence>(
        _ body: Body, contentType: String?, store: any BlobStore, policy: UploadPolicy,
        accept: ([String: String]) throws -> Void = { _ in }
    ) async throws -> ReceivedForm where Body.Element == ByteBuffer {
        guard let boundary = boundary(contentType) else {
            throw ProblemDetails(status: 415, title: "Unsupported Media Type", detail: "上传文件的请求应为 multipart/form-data")
        }
        let collector = Collector(store: store, policy: policy)
        defer { collector.discardAll() }
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.partComplete() }
        do {
            for try await chunk in body {
                try parser.execute(chunk)
                if let stop = collector.stop { throw stop }
            }
        } catch let problem as ProblemDetails {
            throw problem
        } catch {
            throw ProblemDetails.badRequest("上传的内容格式不正确（multipart/form-data 解析失败）")
        }
        if !collector.problems.isEmpty {
            throw ValidationFailed(collector.problems)
        }
        try accept(collector.fields)
        let received = collector.received
        for file in collector.files { try await store.adopt(temporary: file.temporary, reference: file.received.blob) }
        // Adopted: nothing left for `discardAll` to remove.
        collector.files.removeAll()
        return ReceivedForm(fields: collector.fields, files: received)
    }

    /// A file over the size limit: refused the moment it passes it.
    static func fileTooLarge(_ name: String, policy: UploadPolicy) -> ProblemDetails {
        ProblemDetails(status: 413, title: "Content Too Large", detail: "“\(name)”超过单个文件 \(policy.maximumFileSize >> 20) MB 的上限，请压缩或分页扫描后再上传")
    }

    /// The store could not take the file (disk full, unwritable).
    static let cannotStore = ProblemDetails(status: 507, title: "Insufficient Storage", detail: "文件暂时无法保存，请稍后再试")

    /// The boundary of `multipart/form-data; boundary=…` (quoted or not), at most 70 characters.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// `name` and `filename` of a Content-Disposition header.
    static func disposition(_ value: String) -> (name: String?, fileName: String?) {
        var name: String?, fileName: String?
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            let text = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            switch pair[0].lowercased() {
            case "name": name = text
            case "filename": fileName = text
            default: break
            }
        }
        return (name, fileName)
    }

    /// The parser's callbacks write here; used by one task only.
    final class Collector {
        let store: any BlobStore
        let policy: UploadPolicy
        var fields: [String: String] = [:]
        var files: [(received: ReceivedFile, temporary: URL)] = []
        var received: [ReceivedFile] { files.map(\.received) }
        var problems: [ValidationProblem] = []
        /// Set when reading must stop at once (a file or the whole over the limit).
        var stop: ProblemDetails?
        var total = 0
        // The part being read.
        var partName: String?
        var fileName: String?
        var writer: BlobWriter?
        var fieldBytes: [UInt8] = []

        init(store: any BlobStore, policy: UploadPolicy) {
            self.store = store
            self.policy = policy
        }

        func header(_ name: String, _ value: String) {
            guard name.lowercased() == "content-disposition" else { return }
            (partName, fileName) = UploadReader.disposition(value)
        }

        func body(_ buffer: inout ByteBuffer) {
            guard stop == nil else { return }
            total += buffer.readableBytes
            if total > policy.maximumTotalSize {
                stop = ProblemDetails(status: 413, title: "Content Too Large", detail: "上传的文件合计超过 \(policy.maximumTotalSize >> 20) MB 上限")
                return
            }
            guard let fileName else {
                fieldBytes += buffer.readableBytesView
                if fieldBytes.count > UploadReader.maximumFieldSize { stop = ProblemDetails.badRequest("表单字段过长") }
                return
            }
            do {
                if writer == nil {
                    guard files.count < policy.maximumFiles else {
                        stop = ProblemDetails(status: 413, title: "Content Too Large", detail: "一次最多上传 \(policy.maximumFiles) 个文件")
                        return
                    }
                    writer = try BlobWriter(in: store.temporaryDirectory)
                }
                guard let writer else { return }
                if writer.size + buffer.readableBytes > policy.maximumFileSize {
                    stop = UploadReader.fileTooLarge(FileName.cleaned(fileName), policy: policy)
                    return
                }
                try buffer.withUnsafeReadableBytes { try writer.write($0) }
            } catch {
                stop = UploadReader.cannotStore
            }
        }

        func partComplete() {
            defer { partName = nil; fileName = nil; writer = nil; fieldBytes = [] }
            guard stop == nil, let partName else {
                writer?.discard()
                return
            }
            guard let fileName else {
                fields[partName] = String(decoding: fieldBytes, as: UTF8.self)
                return
            }
            // A file input left empty: browsers send an empty part without a name.
            guard let writer else { return }
            let name = FileName.cleaned(fileName)
            do {
                let reference = try writer.finish()
                if let problem = FileName.problem(name: name, kind: reference?.kind) {
                    problems.append(ValidationProblem(path: "files.\(partName)", reason: problem))
                    writer.discard()
                    return
                }
                guard let reference else { return }
                files.append((ReceivedFile(field: partName, name: name, blob: reference), writer.temporary))
            } catch {
                writer.discard()
                stop = UploadReader.cannotStore
            }
        }

        func discardAll() {
            writer?.discard()
            for file in files { try? FileManager.default.removeItem(at: file.temporary) }
        }
    }
}
