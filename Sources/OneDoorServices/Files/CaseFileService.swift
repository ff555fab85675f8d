import Foundation
import OneDoorCore
import OneDoorStorage

/// The documents of cases' materials (issue 15 §4, ADR 0025): a clerk scans the papers at the
/// window (a 高拍仪 saves files) and uploads them to the material, so the back office sees the
/// documents, not just their names; whoever may see the case may read them, and every staff
/// read of a document is logged as an access to personal data.
public final class CaseFileService: Sendable {
    let repository: CaseFileRepository
    public let store: any BlobStore
    let cases: CaseService
    let clock: any AppClock
    public let policy: UploadPolicy

    public init(repository: CaseFileRepository, store: any BlobStore, cases: CaseService, clock: any AppClock, policy: UploadPolicy = UploadPolicy()) {
        self.repository = repository
        self.store = store
        self.cases = cases
        self.clock = clock
        self.policy = policy
    }

    /// Attaches the uploaded files of `form` (its files, read and stored by ``UploadReader``) to
    /// material `index` of the case. Clerks only (any hall: 全区通办), while the case runs.
    public func attach(_ files: [ReceivedFile], to number: CaseNumber, material index: Int, by identity: Identity, client: String) async throws -> [CaseFile] {
        try await mayAttach(to: number, material: index, by: identity)
        guard !files.isEmpty else { throw ValidationFailed([ValidationProblem(path: "files", reason: "请选择要上传的文件")]) }
        guard let stored = try await repository.attach(files.map { ($0.name, $0.blob) }, to: number, material: index,
                                                       by: identity.actor(client: client), staffNumber: identity.account.staffNumber, at: clock.now()) else {
            throw CaseStoreError.notFound(number)
        }
        return stored
    }

    /// Whether `identity` may add files to material `index` of the case: asked before the body is
    /// read, so a refused upload stores nothing.
    public func mayAttach(to number: CaseNumber, material index: Int, by identity: Identity) async throws {
        guard identity.role == .clerk else { throw CaseRuleError.forbidden("只有综合窗口人员可以上传材料扫描件") }
        let record = try await cases.forAction(number, by: identity)
        guard record.materials.indices.contains(index) else {
            throw ValidationFailed([ValidationProblem(path: "material", reason: "该办件没有第 \(index + 1) 项材料")])
        }
        guard !record.state.isFinal else { throw CaseRuleError.notAllowed("办件已\(record.state.label)，不能再上传材料") }
    }

    /// The documents of a case its viewer has opened: a `CaseView` comes only from
    /// ``CaseService/view(_:by:client:purpose:)``, which authorised and logged the read, so no
    /// second lookup is made.
    public func files(of view: CaseView) async throws -> [CaseFile] {
        try await repository.files(of: view.record.number)
    }

    /// One document for reading: its record and where its bytes are; logged as a read of the
    /// case's personal data.
    public func open(_ id: Int64, of number: CaseNumber, by identity: Identity, client: String) async throws -> (file: CaseFile, url: URL) {
        _ = try await cases.forAction(number, by: identity)
        guard let file = try await repository.file(id: id, of: number), let url = try await store.localFile(of: file.blob.sha256) else {
            throw ProblemDetails.notFound("文件不存在")
        }
        try await cases.recordDocumentRead(number, name: file.name, by: identity, client: client)
        return (file, url)
    }
}

extension CaseFileService {
    /// The citizen's own case with its documents: what they uploaded online and what the window
    /// scanned for them (issue 15 §2, "plus their own materials"); 404 when not theirs.
    public func citizenCase(_ number: CaseNumber, by identity: CitizenIdentity) async throws -> (record: CaseRecord, events: [CaseEvent], files: [CaseFile]) {
        let (record, events) = try await cases.citizenCaseRecord(number, by: identity)
        return (record, events, try await repository.files(of: number))
    }

    /// One document of the citizen's own case, for download.
    public func citizenOpen(_ id: Int64, of number: CaseNumber, by identity: CitizenIdentity) async throws -> (file: CaseFile, url: URL) {
        _ = try await cases.citizenCaseRecord(number, by: identity)
        guard let file = try await repository.file(id: id, of: number), let url = try await store.localFile(of: file.blob.sha256) else {
            throw ProblemDetails.notFound("文件不存在")
        }
        return (file, url)
    }
}
