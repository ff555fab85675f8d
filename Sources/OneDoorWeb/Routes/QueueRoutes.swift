import Foundation
import Hummingbird
import OneDoorCore
import OneDoorServices
import ServiceLifecycle

/// The hall in motion: the kiosk, tickets, the call screen with its live stream, and the
/// window workstation.
extension OneDoorWeb {
    var queues: QueueService { services.queues }
    var kiosks: KioskService { services.kiosks }

    func registerQueues<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.hallKiosk(.key).route) { request, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            guard try await kiosks.kiosk(token: RequestScope.current.kioskToken, hall: hall.code) != nil else {
                return try pages.render("kiosk-register", KioskRegisterPage(hall: hall), status: .unauthorized)
            }
            let q = request.uri.queryParameters
            let overview = try await queues.overview(hall: hall.code)
            var page = KioskPage(hall: hall, queues: overview, selectedQueue: q["queue"].map(String.init))
            // 智能分流: the citizen says what they came for; the kiosk finds the matter and its queue.
            let text = String((q["q"].map(String.init) ?? "").trimmingWhitespace().prefix(ItemQuery.maximumTextLength))
            page.idleSeconds = q["idle"].flatMap { Int(String($0)) }.map { min(max($0, 5), 600) } ?? 60
            page.search(text, snapshot: catalog.snapshot, hall: hall, queues: overview.map(\.queue))
            page.chosen = q["item"].flatMap(ItemCode.init(parsing:)).flatMap { catalog.snapshot.itemsByCode[$0]?.guide.name }
                ?? q["theme"].flatMap { catalog.snapshot.themesByCode[String($0)].map { "“\($0.theme.name)”一件事" } }
            return try pages.render("kiosk", page)
        }
        // An administrator enters the device token that registering the kiosk gave (once per device).
        router.post(SiteURL.hallKioskRegister(.key).route) { request, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let form = try await formData(request, context)
            let token = (form["token"] ?? "").trimmingWhitespace()
            guard try await kiosks.kiosk(token: token, hall: hall.code) != nil else {
                return try pages.render("kiosk-register", KioskRegisterPage(hall: hall, message: "令牌不正确，或不是本服务中心在用的取号机"), status: .unauthorized)
            }
            return Response(status: .seeOther, headers: [
                .location: SiteURL.hallKiosk(.value(hall.code)).path, .setCookie: KioskCookie.set(token, hall: hall.code, secure: pages.secureCookies),
            ])
        }
        router.post(SiteURL.hallKiosk(.key).route) { request, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let form = try await formData(request, context)
            let kiosk: Kiosk
            do {
                kiosk = try await kiosks.admit(token: RequestScope.current.kioskToken, hall: hall.code)
            } catch is KioskError {
                return try pages.render("kiosk-register", KioskRegisterPage(hall: hall), status: .unauthorized)
            }
            var c = ProblemCollector()
            let request = TicketRequest(
                queue: QueueCode(rawValue: form["queue"] ?? ""),
                documentType: form.choice("documentType", as: DocumentType.self, label: "证件类型", into: &c) ?? .residentID,
                documentNumber: form["documentNumber"] ?? "",
                priority: form.optionalChoice("priority", as: PriorityLane.self, label: "优先类别", into: &c),
                phone: form["phone"]
            )
            func again(_ problems: [ValidationProblem], message: String?, status: HTTPResponse.Status) async throws -> Response {
                try pages.render("kiosk", KioskPage(hall: hall, queues: try await queues.overview(hall: hall.code), form: form, problems: problems, message: message), status: status)
            }
            do {
                if !c.problems.isEmpty { throw ValidationFailed(c.problems) }
                let status = try await queues.issue(hall: hall.code, request, at: kiosk)
                // The ticket page prints, then sends the kiosk back to its start by itself.
                return Response(status: .seeOther, headers: [.location: SiteURL.ticket(.value(status.ticket.id)).path(["print": "1", "kiosk": "1"])])
            } catch let failed as ValidationFailed {
                return try await again(failed.problems, message: nil, status: .unprocessableContent)
            } catch let error where ProblemDetails.from(error)?.status == 409 {
                return try await again([], message: ProblemDetails.from(error)!.detail, status: .conflict)
            }
        }
        router.get(SiteURL.ticket(.key).route) { request, context in
            guard let status = try await queues.ticket(id: try context.parameters.require("id")) else {
                throw ProblemDetails.notFound("排队号不存在，请核对号票上的编号")
            }
            let url = try publicBaseURL(request) + SiteURL.ticket(.value(status.ticket.id)).path
            let svg = try QRCode(text: url).svg(moduleSize: 3, title: "扫码查看排队进度")
            var page = TicketPage(status, statusURL: url, qrSVG: svg, print: request.uri.queryParameters["print"] == "1")
            if request.uri.queryParameters["kiosk"] == "1" { page.refresh = "20;url=/halls/\(status.ticket.hall)/kiosk" }
            return try pages.render("ticket", page)
        }
        router.get(SiteURL.hallScreen(.key).route) { _, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let calls = try await queues.recentCalls(hall: hall.code).map(CallRow.init)
            return try pages.render("screen", CallScreenPage(
                hallCode: hall.code, hallName: hall.name, latest: calls.first, calls: Array(calls.dropFirst()),
                queues: try await queues.overview(hall: hall.code).map { QueueTile($0) }
            ))
        }
        router.get(SiteURL.hallEvents(.key).route) { _, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            return try hallEvents(hall.code)
        }
        router.get(SiteURL.hallStatistics(.key).route) { request, context in
            let report = try await statistics(request, context)
            return try pages.render("queue-statistics", QueueStatisticsPage(report))
        }
        router.get(SiteURL.hallStatisticsCSV(.key).route) { request, context in
            let report = try await statistics(request, context)
            return Self.csvResponse(QueueStatisticsPage.csv(report), name: "queue-statistics-\(report.hall.code)-\(report.from)-\(report.to).csv")
        }
        router.get(SiteURL.workstation.route) { request, _ in
            let identity = try windowClerk()
            let window = request.uri.queryParameters["window"].map { WindowNumber(rawValue: String($0)) }
            return try await workstation(identity, window: window, message: request.uri.queryParameters["done"].map(String.init), error: nil)
        }
        router.post(SiteURL.workstationCallNext.route) { request, context in
            let form = try await formData(request, context)
            let identity = try windowClerk(form: form)
            let window = WindowNumber(rawValue: form["window"] ?? "")
            do {
                guard let ticket = try await queues.callNext(window: window, by: identity) else {
                    return try await workstation(identity, window: window, message: nil, error: "本窗口叫号的队列里现在没有人等候", status: .notFound)
                }
                return Response(status: .seeOther, headers: [.location: SiteURL.workstation.path(["window": window.rawValue, "done": "\(ticket.number) 已叫号"])])
            } catch let error where ProblemDetails.from(error).map({ [404, 409].contains($0.status) }) == true {
                return try await workstation(identity, window: window, message: nil, error: ProblemDetails.from(error)!.detail, status: .conflict)
            }
        }
        router.post(SiteURL.workstationTicket(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try windowClerk(form: form)
            let window = WindowNumber(rawValue: form["window"] ?? "")
            guard let action = TicketAction(rawValue: try context.parameters.require("action")) else { throw ProblemDetails.notFound("没有这个操作") }
            do {
                let ticket = try await queues.act(action, ticket: try context.parameters.require("id"), window: window, target: form["target"].map(QueueCode.init(rawValue:)), by: identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.workstation.path(["window": window.rawValue, "done": "\(ticket.number) \(action.label)"])])
            } catch let error where ProblemDetails.from(error).map({ [404, 409, 422].contains($0.status) }) == true {
                return try await workstation(identity, window: window, message: nil, error: ProblemDetails.from(error)!.detail, status: .conflict)
            }
        }
        router.get(SiteURL.kioskScript.route) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: StaticFile.kioskScript))
            )
        }
        router.get(SiteURL.queueScript.route) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: StaticFile.queueScript))
            )
        }
    }

    /// Server-sent events for a hall's screens and workstations: an `update` with the latest
    /// calls and the waiting counts whenever something changes, a comment as keep-alive in
    /// between. A stream ends after ten minutes or when the server shuts down; the browser's
    /// EventSource reconnects by itself (after `retry` milliseconds).
    func hallEvents(_ hall: HallCode) throws -> Response {
        // Staff count by account (a hall's windows share one address), everyone else by address.
        let caller = RequestScope.current.identity.map { "staff:\($0.account.id)" } ?? RequestScope.current.client
        guard let signals = queues.signals.subscribe(hall: hall, caller: caller) else {
            var problem = ProblemDetails(status: 429, title: "Too Many Requests", detail: "实时更新的连接过多，请关闭不用的页面后再试")
            problem.retryAfter = 30
            throw problem
        }
        let queues = self.queues
        let updates = self.updates
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            let started = ContinuousClock.now
            var last = ByteBuffer()
            for await _ in signals.cancelOnGracefulShutdown() {
                if ContinuousClock.now - started > .seconds(600) { break }
                let event = try await updates.event(hall: hall, generation: queues.signals.generation(hall: hall)) {
                    try await Self.hallUpdate(hall, queues)
                }
                if event != last {
                    last = event
                    try await writer.write(event)
                } else {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .init("X-Accel-Buffering")!: "no"],
            body: body
        )
    }

    struct HallUpdate: Encodable {
        var calls: [CallRow]
        var queues: [QueueCount]
        struct QueueCount: Encodable {
            var code: String
            var waiting: Int
            var waitMinutes: Int
        }
    }

    static func hallUpdate(_ hall: HallCode, _ queues: QueueService) async throws -> String {
        let update = HallUpdate(
            calls: try await queues.recentCalls(hall: hall).map(CallRow.init),
            queues: try await queues.overview(hall: hall).map { .init(code: $0.queue.code.rawValue, waiting: $0.waiting, waitMinutes: $0.estimatedWaitSeconds / 60) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(update), as: UTF8.self)
    }

    private func workstation(_ identity: Identity, window: WindowNumber?, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let hallCode = identity.account.hall ?? ""
        let hall = try queues.hall(hallCode)
        let windows = catalog.snapshot.organisation.windows.filter { $0.hall == hallCode }
        let chosen = window.flatMap { w in windows.first { $0.number == w } } ?? windows.first
        guard let chosen else { throw ProblemDetails.notFound("本服务中心还没有窗口") }
        let hallQueues = try await queues.queues(hall: hallCode)
        let serves = try await queues.windowQueues(hall: hallCode)[chosen.number] ?? []
        let tickets = try await queues.atWindow(chosen.number, by: identity)
        let now = queues.now()
        return try pages.render("workstation", WorkstationPage(
            hallCode: hallCode, hallName: hall.name, window: chosen.number.rawValue,
            windows: windows.map { SelectOption(code: $0.number.rawValue, name: "\($0.number) 号窗口", selected: $0.number == chosen.number) },
            tickets: tickets.map { WindowTicketRow($0, queues: hallQueues, now: now, policy: queues.policy) },
            queues: try await queues.overview(hall: hallCode).map { QueueTile($0) },
            serves: hallQueues.filter { serves.contains($0.code) }.map { "\($0.prefix) \($0.name)" }.joined(separator: "、"),
            message: message, error: error
        ), status: status)
    }

    /// A signed-in clerk (the workstation is theirs alone).
    /// The report the statistics page and its export show: `from` and `to` from the query,
    /// by default this month up to today.
    private func statistics<Context: RequestContext>(_ request: Request, _ context: Context) async throws -> QueueReport {
        let identity = try staff(.readCatalogInternals)
        let q = request.uri.queryParameters
        let today = calendar.today
        var c = ProblemCollector()
        func date(_ field: Substring, default value: CivilDate) -> CivilDate {
            guard let text = q[field].map(String.init), !text.isEmpty else { return value }
            guard let parsed = CivilDate(text) else {
                c.add(String(field), "日期应为 YYYY-MM-DD")
                return value
            }
            return parsed
        }
        let from = date("from", default: CivilDate(year: today.year, month: today.month, day: 1) ?? today)
        let to = date("to", default: today)
        try c.throwIfAny()
        return try await queues.statistics(hall: try ProblemDetails.hallCode(context.parameters.require("code")), from: from, to: to, by: identity)
    }

    func windowClerk(form: FormData? = nil) throws -> Identity {
        let identity = try staff(.readCatalogInternals, form: form)
        guard identity.role == .clerk, identity.account.hall != nil else { throw TicketRuleError.forbidden("窗口工作台只供综合窗口人员使用") }
        return identity
    }
}

/// Small scripts, read once from Resources/Static.
enum StaticFile {
    static let queueScript = read("queue.js")
    static let kioskScript = read("kiosk.js")

    static func read(_ name: String) -> [UInt8] {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Static/\(name)"),
              let data = try? Data(contentsOf: url) else { return [] }
        return Array(data)
    }
}
