import Foundation
import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices
import Synchronization

/// Electronic licences on the site (issue 16 §3): the public verification page the QR code
/// opens, 我的证照 with the printable licence and its signed file, the issuing department's
/// register and actions, and the administrators' signing keys.
extension OneDoorWeb {
    var licences: LicenceService { services.licences }

    func registerLicences<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.licence(.key).route) { _, context in
            let identifier = try context.parameters.require("identifier")
            // Anonymous visitors (a QR code scanned) get the page as it was made from the service's
            // answer while that answer is in force; signed-in people get their own navigation.
            let anonymous = RequestScope.current.identity == nil && RequestScope.current.citizen == nil
            let before = anonymous ? licences.answerStamp(identifier) : nil
            if let before, let html = verificationPages.page(identifier, stamp: before) { return Self.verificationResponse(html) }
            do {
                let result = try await licences.verify(identifier)
                let html = try pages.html("licence-verify", LicenceVerificationPage(result, checkedAt: PageDates.dateTime(result.checkedAt)))
                if anonymous, let before, licences.answerStamp(identifier) == before { verificationPages.keep(html, for: identifier, stamp: before) }
                return Self.verificationResponse(html)
            } catch let failed as ValidationFailed {
                let message = failed.problems.map(\.reason).joined(separator: "；")
                return try pages.render("licence-verify", LicenceLookupPage(identifier: String(identifier.prefix(120)), message: message),
                                        status: .unprocessableContent)
            }
        }
        router.get(SiteURL.meLicences.route) { _, _ in
            let citizen = try RequestScope.requireCitizen()
            let today = calendar.today
            let rows = try await licences.mine(by: citizen).map { LicenceRow($0, today: today, link: SiteURL.meLicence(.value($0.licence.identifier)).path) }
            return try pages.render("licences", LicenceListPage(
                title: "我的证照", intro: "本人（窗口核验实名后）和所代表、经办的企业（窗口核验后）的电子证照。有效的电子证照办事时可直接使用。", rows: rows
            ), headers: [.cacheControl: "private, no-store"])
        }
        router.get(SiteURL.meMaterials.route) { _, _ in
            let citizen = try RequestScope.requireCitizen()
            return try pages.render("me-materials", MyMaterialsPage(try await licences.materials(by: citizen)), headers: [.cacheControl: "private, no-store"])
        }
        router.get(SiteURL.meDataUse.route) { _, _ in
            let citizen = try RequestScope.requireCitizen()
            let uses = try await cases.dataUse(by: citizen, accounts: try await auth.accounts.list())
            return try pages.render("data-use", DataUsePage(uses), headers: [.cacheControl: "private, no-store"])
        }
        router.get(SiteURL.meLicence(.key).route) { request, context in
            let citizen = try RequestScope.requireCitizen()
            let (record, events) = try await licences.licence(try context.parameters.require("identifier"), by: citizen)
            if request.uri.queryParameters["download"] == "1" { return signedFile(record) }
            return try licencePage(record, events: events, request: request, holderView: true,
                                   download: SiteURL.meLicence(.value(record.licence.identifier)).path(["download": "1"]))
        }
        router.get(SiteURL.departmentLicences.route) { request, _ in
            let identity = try caseWorker()
            let department = identity.account.department ?? request.uri.queryParameters["department"].map { DepartmentCode(rawValue: String($0)) } ?? "SCJG"
            let (records, total) = try await licences.issued(by: department, page: PageRequest(page: 1, pageSize: 200), identity: identity)
            let today = calendar.today
            let name = catalog.snapshot.departmentsByCode[department]?.name ?? department.rawValue
            return try pages.render("licences", LicenceListPage(
                title: "\(name)颁发的电子证照", intro: "共 \(total) 份，最新的在前。",
                rows: records.map { LicenceRow($0, today: today, link: SiteURL.departmentLicence(.value($0.licence.identifier)).path) }
            ), headers: [.cacheControl: "private, no-store"])
        }
        router.get(SiteURL.departmentLicence(.key).route) { request, context in
            let identity = try caseWorker()
            let (record, events) = try await licences.licence(try context.parameters.require("identifier"), by: identity, client: RequestScope.current.client)
            if request.uri.queryParameters["download"] == "1" { return signedFile(record) }
            return try licencePage(record, events: events, request: request, holderView: false, identity: identity,
                                   download: SiteURL.departmentLicence(.value(record.licence.identifier)).path(["download": "1"]))
        }
        router.post(SiteURL.departmentLicenceAction(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let identifier = try context.parameters.require("identifier")
            guard let action = LicenceAction(rawValue: try context.parameters.require("action")) else { throw ProblemDetails.notFound("没有这项操作") }
            do {
                _ = try await licences.act(identifier, action, reason: form["reason"] ?? "", expected: nil, by: identity, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.departmentLicence(.value(identifier)).path])
            } catch let failed as ValidationFailed {
                let (record, events) = try await licences.licence(identifier, by: identity, client: RequestScope.current.client)
                return try licencePage(record, events: events, request: request, holderView: false, identity: identity,
                                       download: SiteURL.departmentLicence(.value(identifier)).path(["download": "1"]),
                                       message: failed.problems.map(\.reason).joined(separator: "；"), status: .unprocessableContent)
            }
        }
        router.get(SiteURL.adminLicenceKeys.route) { _, _ in
            try await keysPage(try staff(.manageSigningKeys))
        }
        router.post(SiteURL.adminLicenceKeyRotate(.key).route) { request, context in
            let identity = try staff(.manageSigningKeys, form: try await formData(request, context))
            let department = try ProblemDetails.departmentCode(try context.parameters.require("code"))
            let key = try await licences.rotateKey(of: department, by: identity, client: RequestScope.current.client)
            return try await keysPage(identity, message: "已为 \(department) 启用新密钥 \(key.kid)，旧密钥已停用并保留。")
        }
    }

    static func verificationResponse(_ html: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The printable licence with the QR code of its verification address; the issuing
    /// department's approvers get the actions open in its status.
    func licencePage(
        _ record: LicenceRecord, events: [LicenceEventRecord], request: Request, holderView: Bool, identity: Identity? = nil, download: String,
        message: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let url = try publicBaseURL(request) + SiteURL.licence(.value(record.licence.identifier)).path
        let svg = try QRCode(text: url).svg(moduleSize: 4, title: "扫码核验电子证照")
        let issuer = identity.map { $0.role == .approver && $0.account.department == record.licence.issuer.department } ?? false
        let open = issuer ? LicenceLifecycle.actions(from: record.status) : []
        return try pages.render("licence", LicencePage(record, events: events, today: calendar.today, verifyURL: url, qrSVG: svg, downloadLink: download,
                                                       holderView: holderView, actions: open, csrf: identity?.csrfToken ?? "", message: message),
                                status: status, headers: [.cacheControl: "private, no-store"])
    }

    /// The signed licence as a file (compact JWS) for `onedoor licence verify`.
    func signedFile(_ record: LicenceRecord) -> Response {
        Response(status: .ok, headers: [
            .contentType: "application/jose",
            .contentDisposition: "attachment; filename=\"\(record.licence.identifier).jws\"",
            .cacheControl: "private, no-store",
        ], body: .init(byteBuffer: ByteBuffer(string: record.token)))
    }

    func keysPage(_ identity: Identity, message: String? = nil) async throws -> Response {
        let keys = try await licences.keys.keys().map { key in
            LicenceKeysPage.Row(kid: key.kid, department: key.owner, created: PageDates.dateTime(key.createdAt), retired: key.retiredAt.map(PageDates.dateTime))
        }
        let departments = catalog.snapshot.organisation.departments.map { department in
            LicenceKeysPage.Department(name: "\(department.name)（\(department.code)）", rotateAction: SiteURL.adminLicenceKeyRotate(.value(department.code)).path)
        }
        return try pages.render("admin-licence-keys", LicenceKeysPage(keys: keys, departments: departments, csrf: identity.csrfToken, message: message),
                                headers: [.cacheControl: "no-store"])
    }
}

/// The public verification pages made for anonymous visitors, by identifier, stamped with the
/// licence service's answer they were made from (see ``LicenceService/answerStamp(_:)``).
final class VerificationPageCache: Sendable {
    static let capacity = 20_000
    private let entries = Mutex<[String: (stamp: Int, html: String)]>([:])

    func page(_ identifier: String, stamp: Int) -> String? {
        entries.withLock { $0[identifier] }.flatMap { $0.stamp == stamp ? $0.html : nil }
    }

    func keep(_ html: String, for identifier: String, stamp: Int) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[identifier] = (stamp, html)
        }
    }
}
