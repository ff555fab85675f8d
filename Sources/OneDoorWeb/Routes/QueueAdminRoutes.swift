import Foundation
import Hummingbird
import OneDoorCore
import OneDoorServices

/// An administrator sets up a hall's queues and what each window calls (the same service calls
/// as `PUT /halls/{code}/queues/{queue}` and `PUT /halls/{code}/windows/{number}/queues`).
extension OneDoorWeb {
    func registerQueueAdmin<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.adminHallQueues(.key).route) { request, context in
            _ = try staff(.manageOrganisation)
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let done = request.uri.queryParameters["done"].map(String.init)
            return try await queueAdmin(hall, message: done.map { "已保存：\($0)" })
        }
        router.post(SiteURL.adminHallQueues(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            return try await saveQueue(form, code: (form["code"] ?? "").trimmingWhitespace(), hall: hall, identity: identity, link: SiteURL.adminHallQueues(.value(hall.code)).path)
        }
        router.post(SiteURL.adminHallQueue(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let code = try context.parameters.require("queue")
            return try await saveQueue(form, code: code, hall: hall, identity: identity, link: SiteURL.adminHallQueue(.value(hall.code), .value(QueueCode(rawValue: code))).path)
        }
        router.post(SiteURL.adminWindowQueues(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let number = try ProblemDetails.windowNumber(context.parameters.require("number"))
            let typed = form["queues"] ?? ""
            let codes = typed.split(whereSeparator: { ",，、 ".contains($0) }).map { QueueCode(rawValue: String($0)) }
            do {
                _ = try await queues.setWindowQueues(hall: hall.code, window: number, queues: codes, by: identity, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.adminHallQueues(.value(hall.code)).path(["done": "\(number) 号窗口"], fragment: "windows")])
            } catch let failed as ValidationFailed {
                let window = QueueAdminPage.WindowProfile(number: number.rawValue, queues: typed, source: "", saveLink: SiteURL.adminWindowQueues(.value(hall.code), .value(number)).path)
                return try await queueAdmin(hall, typedWindow: window, problems: failed.problems, status: .unprocessableContent)
            }
        }
    }

    /// Saves the queue `code` from the form; on problems the page again with what was typed.
    private func saveQueue(_ form: FormData, code: String, hall: Hall, identity: Identity, link: String) async throws -> Response {
        var c = ProblemCollector()
        func number(_ field: String, _ fallback: Int) -> Int {
            guard let text = form[field]?.trimmingWhitespace(), !text.isEmpty else { return fallback }
            guard let value = Int(text) else {
                c.add(field, "应为整数")
                return fallback
            }
            return value
        }
        let queue = HallQueue(hall: hall.code, code: QueueCode(rawValue: code), name: (form["name"] ?? "").trimmingWhitespace(),
                              prefix: (form["prefix"] ?? "").trimmingWhitespace().uppercased(), firstNumber: number("firstNumber", 1),
                              lastNumber: number("lastNumber", 999), targetWaitMinutes: number("targetWaitMinutes", 15))
        let typed = QueueAdminPage.QueueForm(
            code: code, name: form["name"] ?? "", prefix: form["prefix"] ?? "", firstNumber: form["firstNumber"] ?? "",
            lastNumber: form["lastNumber"] ?? "", targetWaitMinutes: form["targetWaitMinutes"] ?? "", category: "—", saveLink: link
        )
        if !c.problems.isEmpty {
            // A number that is not one, and every other problem of the form with it.
            let more = queue.problems(others: try await queues.queues(hall: hall.code)).filter { p in !c.problems.contains { $0.path == p.path } }
            return try await queueAdmin(hall, typed: typed, problems: c.problems + more, status: .unprocessableContent)
        }
        do {
            let saved = try await queues.saveQueue(queue, by: identity, client: RequestScope.current.client)
            return Response(status: .seeOther, headers: [.location: SiteURL.adminHallQueues(.value(hall.code)).path(["done": "\(saved.prefix) \(saved.name)"])])
        } catch let failed as ValidationFailed {
            return try await queueAdmin(hall, typed: typed, problems: failed.problems, status: .unprocessableContent)
        }
    }

    private func queueAdmin(
        _ hall: Hall, typed: QueueAdminPage.QueueForm? = nil, typedWindow: QueueAdminPage.WindowProfile? = nil,
        problems: [ValidationProblem] = [], message: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let list = try await queues.queues(hall: hall.code)
        let page = QueueAdminPage(
            hall: hall, queues: list, configured: Set(try await queues.configuredWindowQueues(hall: hall.code).keys),
            calls: try await queues.windowQueues(hall: hall.code), categories: catalog.snapshot.organisation.windowCategories,
            typed: typed, typedWindow: typedWindow, problems: problems, message: message
        )
        return try pages.render("admin-queues", page, status: status)
    }
}
