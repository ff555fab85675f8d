import Foundation
import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// 网上预审 for the hall's comprehensive windows (issue 15 §3, §4; ADR 0026): the queue by
/// deadline with its lights, each upload beside its material's requirement, and the decision.
extension OneDoorWeb {
    func registerPreReviews<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.preReviews.route) { _, _ in
            let identity = try caseWorker()
            let first = PageRequest(page: 1, pageSize: 100)
            let (entries, total) = try await services.applications.queue(.submitted, page: first, by: identity)
            let (waiting, _) = try await services.applications.queue(.awaitingOriginals, page: first, by: identity)
            return try pages.render("pre-reviews", PreReviewQueuePage(rows: entries.map(PreReviewQueuePage.row), waiting: waiting.map(PreReviewQueuePage.row),
                                                                      total: total))
        }
        router.get(SiteURL.preReview(.key).route) { _, context in
            let identity = try caseWorker()
            let detail = try await services.applications.review(try context.parameters.require("id"), by: identity, client: RequestScope.current.client)
            return try pages.render("pre-review", PreReviewPage(detail), headers: [.cacheControl: "no-store"])
        }
        router.post(SiteURL.preReview(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            try services.applications.mayReview(by: identity)
            let id = try context.parameters.require("id")
            let client = RequestScope.current.client
            let applications = services.applications
            do {
                let decided: (application: OnlineApplication, case: CaseView?)
                let (decision, dueDates) = try Self.preReviewDecision(form)
                if form["decision"] == "accept-originals" {
                    decided = try await applications.acceptWithOriginals(id, opinion: form["opinion"] ?? "", dueDates: dueDates, by: identity, client: client)
                } else {
                    decided = try await applications.decide(id, decision, expectedRevision: form["revision"].flatMap(Int.init), by: identity, client: client)
                }
                if decided.application.theme != nil, let number = decided.application.caseNumber {
                    return Response(status: .seeOther, headers: [.location: SiteURL.themeCase(.value(number)).path])
                }
                if let number = decided.case?.record.number {
                    return Response(status: .seeOther, headers: [.location: SiteURL.caseDetail(.value(number)).path])
                }
                return Response(status: .seeOther, headers: [.location: SiteURL.preReviews.path(["done": id])])
            } catch let failed as ValidationFailed {
                var page = PreReviewPage(try await applications.review(id, by: identity, client: client))
                page.message = "未作出决定，请修改以下问题："
                page.problems = failed.problems
                return try pages.render("pre-review", page, status: .unprocessableContent, headers: [.cacheControl: "no-store"])
            }
        }
        router.get(SiteURL.preReviewThumbnail(.key, .key).route) { _, context in
            let identity = try caseWorker()
            guard let fileID = Int64(try context.parameters.require("file")) else { throw ProblemDetails.notFound("文件不存在") }
            let thumbnail: URL?
            do {
                thumbnail = try await services.applications.reviewerThumbnail(fileID, of: try context.parameters.require("id"), by: identity,
                                                                               client: RequestScope.current.client)
            } catch let failed as Thumbnails.Failed {
                // A damaged or enormous image: the file itself still opens; no picture of it.
                throw ProblemDetails.notFound("无法生成缩略图（\(failed.reason.prefix(60))）")
            }
            guard let thumbnail else { throw ProblemDetails.notFound("该文件不是图片") }
            let body = try await FileIO().loadFile(path: thumbnail.path, context: context)
            // Content-addressed: the picture of a file never changes.
            return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=86400",
                                                   .init("X-Content-Type-Options")!: "nosniff"], body: body)
        }
        router.get(SiteURL.preReviewFile(.key, .key).route) { _, context in
            let identity = try caseWorker()
            guard let fileID = Int64(try context.parameters.require("file")) else { throw ProblemDetails.notFound("文件不存在") }
            let (file, url) = try await services.applications.reviewerFile(fileID, of: try context.parameters.require("id"), by: identity,
                                                                           client: RequestScope.current.client)
            return try await storedFile(name: file.name, blob: file.blob, url: url, context: context)
        }
    }

    /// The decision of the pre-review form: `decision` (accept, correction, refuse,
    /// accept-originals); for a correction each material's `defect<i>`; for 受理 each 容缺
    /// material's `due<i>` (YYYY-MM-DD).
    static func preReviewDecision(_ form: FormData) throws -> (PreReviewDecision, [Int: CivilDate]) {
        var c = ProblemCollector()
        var dueDates: [Int: CivilDate] = [:]
        var defects: [DefectNote] = []
        for index in 0..<200 {
            if let text = form["due\(index)"]?.trimmingWhitespace(), !text.isEmpty {
                if let date = CivilDate(text) { dueDates[index] = date } else { c.add("due\(index)", "补交日期应为 YYYY-MM-DD") }
            }
            if let problem = form["defect\(index)"]?.trimmingWhitespace(), !problem.isEmpty { defects.append(DefectNote(index: index, problem: problem)) }
        }
        try c.throwIfAny()
        let opinion = form["opinion"] ?? ""
        switch form["decision"] {
        case "accept", "accept-originals": return (.accept(opinion: opinion, dueDates: dueDates), dueDates)
        case "correction": return (.correction(defects: defects, opinion: opinion), dueDates)
        case "refuse": return (.refuse(reason: form["reason"] ?? "", referral: form["referral"] ?? ""), dueDates)
        default: throw ValidationFailed([ValidationProblem(path: "decision", reason: "请选择预审决定")])
        }
    }
}
