import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// Scanned materials at the window (issue 15 §4, ADR 0025): a clerk uploads files to a case's
/// material; the department's approver opens them (logged as a read of personal data); files
/// are recognised by content; hostile uploads are refused with nothing kept.
@Suite struct CaseFilePagesTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 300)
    static let pdf: [UInt8] = Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n".utf8)

    /// A multipart body with the fields and files given.
    static func multipart(fields: [(String, String)], files: [(field: String, name: String, bytes: [UInt8])]) -> (String, ByteBuffer) {
        let boundary = "----onedoor\(UUID().uuidString)"
        var buffer = ByteBuffer()
        for (name, value) in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
                               + "Content-Type: application/octet-stream\r\n\r\n")
            buffer.writeBytes(file.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return ("multipart/form-data; boundary=\(boundary)", buffer)
    }

    static func upload(_ client: any TestClientProtocol, _ path: String, _ session: WebSession, csrf: String? = nil,
                       files: [(field: String, name: String, bytes: [UInt8])]) async throws -> TestResponse {
        let (type, body) = multipart(fields: [("_csrf", csrf ?? session.csrf)], files: files)
        return try await client.execute(uri: path, method: .post, headers: [.contentType: type, .cookie: session.cookie], body: body)
    }

    /// Every file in the blob store (not its temporary directory).
    static func storedFiles(_ root: URL) -> [String] {
        let all = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return all.filter { !$0.hasPrefix("tmp") && $0.split(separator: "/").count == 2 }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aClerkUploadsScansAndTheApproverReadsThem(_ kind: TestDatabaseKind) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await TestApp.run(kind, configure: { $0.dataDirectory = data.path }) { client, app in
            let blobs = data.appendingPathComponent("blobs")
            let clerk = try await client.signIn(.clerk)
            let created = try await client.post("/cases", clerk, CasePagesTests.intakeFields())
            let casePath = String(try #require(created.headers[.location]).split(separator: "?")[0])
            let uploaded = try await Self.upload(client, casePath + "/materials/0/files", clerk,
                                                 files: [("file", "身份证正反面.png", Self.png), ("file", "C:\\扫描\\..\\申请书.pdf", Self.pdf)])
            #expect(uploaded.status == .seeOther, "\(String(buffer: uploaded.body).prefix(3000))")
            #expect(Self.storedFiles(blobs).count == 2)
            let page = String(buffer: try await client.page(casePath, clerk).body)
            #expect(page.contains("身份证正反面.png") && page.contains("申请书.pdf") && !page.contains("..\\"))
            let link = try #require(page.range(of: #"href="\#(casePath)/files/"#).map { String(page[$0.lowerBound...].dropFirst(6).prefix { $0 != "\"" }) })

            // The department's approver opens it: the bytes, the type from the content, logged.
            let approver = try await client.signIn(.approver)
            let document = try await client.page(link, approver)
            #expect(document.status == .ok && Array(buffer: document.body) == Self.png)
            #expect(document.headers[.contentType] == "image/png" && document.headers[.init("X-Content-Type-Options")!] == "nosniff")
            let number = String(casePath.split(separator: "/").last!)
            let log = String(buffer: try await client.page("/admin/access-log?case=\(number)", try await client.signIn(.supervisor)).body)
            #expect(log.contains("查看材料文件：身份证正反面.png"))
            // Only clerks upload; visitors read nothing.
            #expect(try await Self.upload(client, casePath + "/materials/0/files", approver, files: [("file", "a.png", Self.png)]).status == .forbidden)
            #expect(try await client.page(link, nil).status == .seeOther)

            // Hostile uploads: each refused, naming the file, nothing kept.
            let before = Self.storedFiles(blobs)
            let mismatch = try await Self.upload(client, casePath + "/materials/1/files", clerk, files: [("file", "营业执照.pdf", Self.png)])
            #expect(mismatch.status == .unprocessableContent && String(buffer: mismatch.body).contains("与文件名的扩展名（.pdf）不符"))
            let zip = try await Self.upload(client, casePath + "/materials/1/files", clerk,
                                            files: [("file", "bomb.zip", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 100)), ("file", "ok.png", Self.png)])
            #expect(zip.status == .unprocessableContent && String(buffer: zip.body).contains("bomb.zip"))
            let forged = try await Self.upload(client, casePath + "/materials/1/files", clerk, csrf: "forged", files: [("file", "ok.png", Self.png)])
            #expect(forged.status == .forbidden)
            let noMaterial = try await Self.upload(client, casePath + "/materials/99/files", clerk, files: [("file", "ok.png", Self.png)])
            #expect(noMaterial.status == .unprocessableContent)
            let garbage = try await client.execute(uri: casePath + "/materials/1/files", method: .post,
                                                   headers: [.contentType: "multipart/form-data; boundary=x", .cookie: clerk.cookie],
                                                   body: ByteBuffer(string: "not multipart at all"))
            #expect(garbage.status.code >= 400 && garbage.status.code < 500)
            // Nothing was kept of any of them.
            #expect(Self.storedFiles(blobs) == before)
        }
    }

    @Test func aFileOverTheLimitStopsTheUpload() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await TestApp.run(.sqlite, configure: { $0.dataDirectory = data.path; $0.uploadPolicy = UploadPolicy(maximumFileSize: 1 << 20) }) { client, _ in
            let clerk = try await client.signIn(.clerk)
            let created = try await client.post("/cases", clerk, CasePagesTests.intakeFields())
            let casePath = String(try #require(created.headers[.location]).split(separator: "?")[0])
            let big = Self.pdf + Array(repeating: 0x20, count: (1 << 20) + 10)
            let response = try await Self.upload(client, casePath + "/materials/0/files", clerk, files: [("file", "大文件.pdf", big)])
            #expect(response.status == .contentTooLarge && String(buffer: response.body).contains("大文件.pdf"))
            #expect(Self.storedFiles(data.appendingPathComponent("blobs")).isEmpty)
            let temporary = (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("blobs/tmp").path)) ?? []
            #expect(temporary.isEmpty)
        }
    }
}
