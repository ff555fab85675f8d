import Hummingbird
import OneDoorCore
import OneDoorServices

/// 窗口配置测算 (issue 18 §6): a GET form, so that a study is a link to share and repeat (the
/// seed is in it).
extension OneDoorWeb {
    func registerStaffing<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.staffing.route) { request, _ in
            guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
            guard QueueService.maySimulateStaffing(identity) else { throw TicketRuleError.forbidden("窗口配置测算仅供服务中心管理人员和监察人员使用") }
            let halls = catalog.snapshot.organisation.halls
            let query = request.uri.queryParameters
            func text(_ name: Substring) -> String { query[name].map { String($0).trimmingWhitespace() } ?? "" }
            let yesterday = CivilDate(dayNumber: calendar.today.dayNumber - 1)
            var c = ProblemCollector()
            var form = StaffingPage.Form(
                hall: query["hall"].map { HallCode(rawValue: String($0)) } ?? identity.account.hall ?? halls.first?.code,
                fromHall: text("source") != "table",
                from: CivilDate(dayNumber: yesterday.dayNumber - QueueService.staffingHistoryDays + 1), to: yesterday)
            if !text("from").isEmpty { if let d = CivilDate(text("from")) { form.from = d } else { c.add("from", "开始日期应为 YYYY-MM-DD") } }
            if !text("to").isEmpty { if let d = CivilDate(text("to")) { form.to = d } else { c.add("to", "结束日期应为 YYYY-MM-DD") } }
            form.table = query["table"].map(String.init) ?? ""
            form.target = text("target")
            if !text("shape").isEmpty { form.shape = ServiceTimeShape(rawValue: text("shape")) ?? .exponential }
            if !text("variation").isEmpty { form.variation = text("variation") }
            if !text("seed").isEmpty { form.seed = text("seed") }
            if !text("replications").isEmpty { form.replications = text("replications") }
            form.comprehensive = text("comprehensive")
            form.dedicated = text("dedicated")

            let target: Double? = form.target.isEmpty ? nil : Double(form.target).map { $0 * 60 }
            if !form.target.isEmpty && target == nil { c.add("target", "目标平均等候应为分钟数") }
            let variation = Double(form.variation)
            if variation == nil { c.add("variation", "变异系数应为数字") }
            let seed = UInt64(form.seed)
            if seed == nil { c.add("seed", "随机种子应为非负整数") }
            let replications = Int(form.replications)
            if replications == nil { c.add("replications", "仿真天数应为整数") }
            var asked: [WindowLayout] = []
            if !form.comprehensive.isEmpty {
                if let n = Int(form.comprehensive) { asked.append(.comprehensive(n)) } else { c.add("windows.comprehensive", "综合窗口数应为整数") }
            }
            if !form.dedicated.isEmpty {
                do { asked.append(.dedicated(try StaffingTable.windowCounts(form.dedicated))) } catch let failed as ValidationFailed { c.add(contentsOf: failed.problems) }
            }
            var study: StaffingStudy?
            var problems = c.problems
            do {
                var scenario: StaffingScenario
                if form.fromHall {
                    guard let hall = form.hall else { throw ValidationFailed([ValidationProblem(path: "hall", reason: "请选择服务中心")]) }
                    scenario = try await queues.staffingScenario(hall: hall, from: form.from, to: form.to, targetWaitSeconds: target, by: identity)
                } else {
                    scenario = StaffingScenario(categories: try StaffingTable.categories(form.table), targetWaitSeconds: target ?? 900)
                }
                scenario.serviceShape = form.shape
                scenario.serviceVariation = variation ?? 1
                if problems.isEmpty {
                    study = try queues.simulateStaffing(scenario, asked: asked, seed: seed ?? 1, replications: replications ?? 1, by: identity)
                }
            } catch let failed as ValidationFailed {
                problems += failed.problems
            }
            let page = StaffingPage(form: form, halls: halls, study: study, problems: problems)
            return try pages.render("staffing", page, status: problems.isEmpty ? .ok : .unprocessableContent)
        }
    }
}
