import Foundation
import Hummingbird
import OneDoorCore
import OneDoorServices

struct AdminItemsPage: PageModel {
    struct Row: Sendable {
        var code: String
        var name: String
        var departmentName: String
        var status: String
        var statusCode: String
        var version: Int
        var published: String
        var canPublish: Bool
        var canSuspend: Bool
        var link: String
        var publishLink: String
        var suspendLink: String
        var editLink: String
    }

    var title: String { "事项管理" }
    var bodyClass: String { "admin" }
    var rows: [Row]
    var text: String
    var canEdit: Bool
    var message: String?
    var total: Int
}

struct CatalogAdminPage: PageModel {
    var title: String { "目录导入导出" }
    var bodyClass: String { "admin" }
    var canImport: Bool
    var message: String?
    var problems: [ValidationProblemRow] = []
    var hasProblems = false
}

struct AuditPage: PageModel {
    struct Row: Sendable {
        var at: String
        var actor: String
        var action: String
        var target: String
        var detail: String
        var client: String
    }

    var title: String { "审计日志" }
    var bodyClass: String { "admin" }
    var rows: [Row]
    var total: Int
    var page: Int
    var previousLink: String?
    var nextLink: String?
}

extension OneDoorWeb {
    func registerAdmin<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.admin.route) { request, _ in
            let identity = try staff(.readCatalogInternals)
            let message: String? = switch request.uri.queryParameters["done"].map(String.init) {
            case "published": "已发布。公众页面和检索已更新。"
            case "suspended": "已暂停。该事项不再受理新的申请。"
            default: nil
            }
            return try await adminItems(identity: identity, text: request.uri.queryParameters["q"].map(String.init) ?? "", message: message)
        }
        router.post(SiteURL.adminItemPublish(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.editCatalog, form: form)
            let code = try ProblemDetails.itemCode(context.parameters.require("code"))
            try await catalog.publish(code: code, by: identity.actor(client: RequestScope.current.client))
            return Response(status: .seeOther, headers: [.location: SiteURL.admin.path(["done": "published"])])
        }
        router.post(SiteURL.adminItemSuspend(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.editCatalog, form: form)
            let code = try ProblemDetails.itemCode(context.parameters.require("code"))
            try await catalog.suspend(code: code, by: identity.actor(client: RequestScope.current.client))
            return Response(status: .seeOther, headers: [.location: SiteURL.admin.path(["done": "suspended"])])
        }
        router.get(SiteURL.adminItemNew.route) { _, _ in
            _ = try staff(.editCatalog)
            let organisation = catalog.snapshot.organisation
            return try pages.render("admin-item-form", ItemFormPage(
                guide: ItemFormPage.blankGuide(organisation: organisation), isNew: true, expectedVersion: 0, organisation: organisation
            ))
        }
        router.post(SiteURL.adminItems.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.editCatalog, form: form)
            return try await saveItem(form: form, identity: identity, code: nil)
        }
        router.get(SiteURL.adminItemEdit(.key).route) { _, context in
            let identity = try staff(.editCatalog)
            let latest = try await catalog.latest(code: try ProblemDetails.itemCode(context.parameters.require("code")), by: identity)
            return try pages.render("admin-item-form", ItemFormPage(
                guide: latest.guide, isNew: false, expectedVersion: latest.latestVersion, organisation: catalog.snapshot.organisation
            ))
        }
        router.post(SiteURL.adminItem(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.editCatalog, form: form)
            return try await saveItem(form: form, identity: identity, code: try context.parameters.require("code"))
        }
        router.get(SiteURL.adminCatalog.route) { _, _ in
            let identity = try staff(.exportCatalog)
            return try pages.render("admin-catalog", CatalogAdminPage(canImport: identity.role.may(.editCatalog)))
        }
        router.get(SiteURL.adminCatalogExport.route) { _, _ in
            let identity = try staff(.exportCatalog)
            let data = try CatalogFile.encode(try await catalog.document(by: identity))
            return Response(status: .ok, headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"onedoor-catalog.json\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post(SiteURL.adminCatalogImport.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.editCatalog, form: form)
            let text = [form["file"], form["document"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? ""
            do {
                let document = try CatalogFile.decode(Data(text.utf8))
                let summary = try await catalog.importDocument(document, by: identity.actor(client: RequestScope.current.client))
                return try pages.render("admin-catalog", CatalogAdminPage(
                    canImport: true,
                    message: "导入成功：新增 \(summary.itemsCreated) 项，更新 \(summary.itemsUpdated) 项，删除 \(summary.itemsDeleted) 项"
                ))
            } catch let failed as ValidationFailed {
                return try pages.render("admin-catalog", CatalogAdminPage(
                    canImport: true, message: "导入失败，目录未作任何改动。共 \(failed.problems.count) 处问题：",
                    problems: failed.problems.map(ValidationProblemRow.init), hasProblems: true
                ), status: .unprocessableContent)
            } catch is DecodingError {
                return try pages.render("admin-catalog", CatalogAdminPage(
                    canImport: true, message: "导入失败：文件不是有效的目录 JSON（见 docs/catalog-format.md），目录未作任何改动"
                ), status: .badRequest)
            }
        }
        router.get(SiteURL.adminOutbox.route) { request, _ in
            let identity = try staff(.readOutbox)
            let q = request.uri.queryParameters
            let page = PageRequest.link(q["page"], pageSize: 50)
            var c = ProblemCollector()
            let choice = FormData(fields: ["state": q["state"].map { [String($0)] } ?? []])
            let state = choice.optionalChoice("state", as: OutboxState.self, label: "状态", into: &c)
            try c.throwIfAny()
            let (messages, total) = try await services.notifications.list(state: state, page: page, by: identity)
            return try pages.render("admin-outbox", OutboxPage(messages: messages, total: total, state: state, page: page))
        }
        router.get(SiteURL.adminAudit.route) { request, _ in
            let identity = try staff(.readAuditLog)
            let page = PageRequest.link(request.uri.queryParameters["page"], pageSize: 50)
            let (entries, total) = try await audit.list(page, by: identity)
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
            return try pages.render("audit", AuditPage(
                rows: entries.map {
                    AuditPage.Row(at: formatter.string(from: Date(timeIntervalSince1970: TimeInterval($0.at))), actor: $0.actor,
                                  action: AuditLabels.label($0.action), target: $0.target, detail: $0.detail, client: $0.client)
                },
                total: total, page: page.page,
                previousLink: page.hasPrevious ? SiteURL.adminAudit.path(["page": String(page.page - 1)]) : nil,
                nextLink: page.hasNext(total: total) ? SiteURL.adminAudit.path(["page": String(page.page + 1)]) : nil
            ))
        }
    }

    /// Creates (`code` nil) or edits an item from the form; on any problem the form comes back
    /// with what was typed and every problem listed, and nothing is saved.
    func saveItem(form: FormData, identity: Identity, code: String?) async throws -> Response {
        let organisation = catalog.snapshot.organisation
        var (guide, readProblems) = ItemFormReader.read(form, organisation: organisation, fixedCode: code)
        if let code {
            let latest = try await catalog.latest(code: try ProblemDetails.itemCode(code), by: identity)
            guide = ItemFormReader.keepingUnshown(guide, from: latest.guide)
        }
        let expectedVersion = Int(form["expectedVersion"] ?? "") ?? 0
        func again(_ problems: [ValidationProblem], message: String? = nil, status: HTTPResponse.Status) throws -> Response {
            try pages.render("admin-item-form", ItemFormPage(
                guide: guide, isNew: code == nil, expectedVersion: expectedVersion, organisation: organisation, problems: problems, message: message
            ), status: status)
        }
        // Problems of reading and of validating are reported together, so one pass fixes all.
        let problems = readProblems + guide.problems(references: organisation.references)
        if !problems.isEmpty { return try again(problems, status: .unprocessableContent) }
        let actor = identity.actor(client: RequestScope.current.client)
        do {
            let saved = code == nil
                ? try await catalog.create(guide, by: actor)
                : try await catalog.update(guide, expectedVersion: expectedVersion, by: actor)
            return Response(status: .seeOther, headers: [.location: SiteURL.item(.value(saved.code)).path(["version": String(saved.version)])])
        } catch let failed as ValidationFailed {
            return try again(failed.problems, status: .unprocessableContent)
        } catch CatalogError.itemExists {
            return try again([ValidationProblem(path: "basicCode", reason: "该实施主体下已有此基本编码的事项")], status: .conflict)
        } catch CatalogError.versionConflict(_, _, let actual) {
            return try again([], message: "事项已被他人修改（当前最新为版本 \(actual)），您的修改未保存。请打开最新版本重新修改。", status: .conflict)
        }
    }

    func adminItems(identity: Identity, text: String, message: String?) async throws -> Response {
        let snapshot = catalog.snapshot
        let canEdit = identity.role.may(.editCatalog)
        let needle = text.trimmingCharacters(in: .whitespaces)
        let items = try await catalog.allLatest(by: identity).filter { needle.isEmpty || $0.guide.name.contains(needle) || $0.code.contains(needle) }
        let rows = items.map { item in
            AdminItemsPage.Row(
                code: item.code.rawValue, name: item.guide.name,
                departmentName: snapshot.departmentsByCode[item.guide.department]?.name ?? item.guide.department.rawValue,
                status: item.status.label, statusCode: item.status.rawValue, version: item.latestVersion,
                published: item.publishedVersion.map { "版本 \($0)" } ?? "未发布",
                canPublish: canEdit && (item.status != .published || item.hasUnpublishedChanges),
                canSuspend: canEdit && item.status == .published,
                link: SiteURL.item(.value(item.code)).path(["version": String(item.latestVersion)]),
                publishLink: SiteURL.adminItemPublish(.value(item.code)).path, suspendLink: SiteURL.adminItemSuspend(.value(item.code)).path,
                editLink: SiteURL.adminItemEdit(.value(item.code)).path
            )
        }
        return try pages.render("admin", AdminItemsPage(rows: rows, text: text, canEdit: canEdit, message: message, total: rows.count))
    }
}
