import Foundation
import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// Scanned materials at the window and the documents of a case (issue 15 §4, ADR 0025).
extension OneDoorWeb {
    func registerCaseFiles<Context: RequestContext>(on router: Router<Context>) {
        router.post(SiteURL.caseMaterialFiles(.key, .key).route) { request, context in
            guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            guard let index = Int(try context.parameters.require("index")), index >= 0 else { throw ProblemDetails.notFound("材料不存在") }
            let files = services.caseFiles
            do {
                try await files.mayAttach(to: number, material: index, by: identity)
                let form = try await UploadReader.read(request.body, contentType: request.headers[.contentType], store: files.store, policy: files.policy) { fields in
                    // The form's token before any file is kept.
                    guard fields["_csrf"] == identity.csrfToken else { throw AuthError.badCSRFToken }
                }
                let stored = try await files.attach(form.files, to: number, material: index, by: identity, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [
                    .location: SiteURL.caseDetail(.value(number)).path(["done": "files", "count": String(stored.count)], fragment: "documents"),
                ])
            } catch let failed as ValidationFailed {
                let view = try await cases.view(number, by: identity, client: RequestScope.current.client, purpose: "上传材料")
                return try pages.render("case", try await casePage(view, identity: identity, message: "未上传，请修改以下问题：", problems: failed.problems),
                                        status: .unprocessableContent)
            }
        }
        router.get(SiteURL.caseFile(.key, .key).route) { request, context in
            let identity = try caseWorker()
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            guard let id = Int64(try context.parameters.require("id")) else { throw ProblemDetails.notFound("文件不存在") }
            let (file, url) = try await services.caseFiles.open(id, of: number, by: identity, client: RequestScope.current.client)
            return try await storedFile(name: file.name, blob: file.blob, url: url, context: context)
        }
    }

    /// A stored document as a response: shown inline (the reviewer reads it beside the
    /// checklist), never sniffed as anything but its recognised kind, never cached.
    func storedFile(name: String, blob: BlobReference, url: URL, context: some RequestContext) async throws -> Response {
        let body = try await FileIO().loadFile(path: url.path, context: context)
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        return Response(status: .ok, headers: [
            .contentType: blob.kind.mediaType,
            .contentLength: String(blob.size),
            .contentDisposition: "inline; filename*=UTF-8''\(encoded)",
            .cacheControl: "private, no-store",
            .init("X-Content-Type-Options")!: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ], body: body)
    }

    /// The case page with the documents of its materials and, for a clerk, the upload forms.
    func casePage(_ view: CaseView, identity: Identity, message: String? = nil, problems: [ValidationProblem] = []) async throws -> CasePage {
        var page = CasePage(view: view, snapshot: catalog.snapshot, viewer: identity, message: message, problems: problems)
        let files = try await services.caseFiles.files(of: view)
        let canUpload = identity.role == .clerk && !view.record.state.isFinal
        page.documents = view.record.materials.enumerated().map { index, material in
            let mine = files.filter { $0.materialIndex == index }
            return CasePage.DocumentGroup(
                index: index, name: material.name,
                files: mine.map { file in
                    CasePage.DocumentRow(name: file.name, link: SiteURL.caseFile(.value(view.record.number), .value(String(file.id))).path,
                                         detail: "\(file.blob.kind.label) · \(Self.size(file.blob.size)) · \(PageDates.dateTime(file.uploadedAt)) · 工号 \(file.uploadedBy)")
                },
                hasFiles: !mine.isEmpty,
                uploadAction: canUpload ? SiteURL.caseMaterialFiles(.value(view.record.number), .value(String(index))).path : nil
            )
        }
        page.hasDocuments = !files.isEmpty || canUpload
        if page.canConclude, view.record.decision?.granted == true, let type = cases.licenceType(of: view.record) {
            let suggested = LicenceIssuing.suggestedFields(type, applicant: view.record.applicant)
            page.licenceTypeName = type.name
            page.licenceInputs = type.fields.map { CasePage.LicenceInput(name: "licence.fields.\($0.key)", label: $0.label, value: suggested[$0.key] ?? "", required: $0.required) }
            if type.holder == .enterprise, case .person = view.record.applicant { page.licenceAsksHolder = true }
        }
        let ended: Set<CaseState> = [.concluded, .delivered, .notAccepted, .withdrawn]
        page.supervision = try await supervisionSection(.case(view.record.number), identity: identity, open: !ended.contains(view.record.state))
        if [.concluded, .delivered].contains(view.record.state), let issued = try await services.licences.repository.issued(by: view.record.number.rawValue) {
            page.issuedLicence = "\(issued.licence.typeName) \(issued.licence.identifier)"
            page.issuedLicenceLink = SiteURL.departmentLicence(.value(issued.licence.identifier)).path
        }
        return page
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / Double(1 << 20)) : "\(max(1, bytes >> 10)) KB"
    }
}
