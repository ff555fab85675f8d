import OneDoorCore
import OneDoorServices

/// 好差评 and the rectification of 差评 (issue 18 §1, ADR 0040).
extension APIHandler {
    var ratings: RatingService { services.ratings }

    func rateService(_ input: Operations.RateService.Input) async throws -> Operations.RateService.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let number = try ProblemDetails.caseNumber(body._case)
        let channel = try body.channel.map(APIEnums.ratingChannel.core) ?? .mine
        let view = try await ratings.rateCase(number, RatingInput(level: body.level, reasons: body.reasons ?? [], comment: body.comment ?? "", channel: channel),
                                              by: identity)
        return .created(.init(body: .json(try Convert.rating(view))))
    }

    func ratingFigures(_ input: Operations.RatingFigures.Input) async throws -> Operations.RatingFigures.Output {
        let today = services.calendar.today
        var month = today.firstOfMonth
        if let text = input.query.month {
            guard let asked = CivilDate(text + "-01") else { throw ValidationFailed([ValidationProblem(path: "month", reason: "月份应为 YYYY-MM")]) }
            month = asked
        }
        let figures = try await ratings.figures(month: month)
        func rows(_ grouping: RatingGrouping) -> [Components.Schemas.RatingFigure] {
            (figures[grouping] ?? []).map {
                .init(key: $0.key, ratings: $0.ratings, satisfied: $0.satisfied, negative: $0.negative, rectified: $0.rectified,
                      satisfactionPercent: RatingFigure.percent($0.satisfactionBasisPoints), rectificationPercent: RatingFigure.percent($0.rectificationBasisPoints))
            }
        }
        return .ok(.init(body: .json(.init(month: String(month.description.prefix(7)), halls: rows(.hall), departments: rows(.department), items: rows(.item)))))
    }

    func listRectifications(_ input: Operations.ListRectifications.Input) async throws -> Operations.ListRectifications.Output {
        let identity = try RequestScope.requireSignedIn()
        return .ok(.init(body: .json(.init(items: try await ratings.openRectifications(by: identity).map(Convert.rectification)))))
    }

    func rectificationAction(_ input: Operations.RectificationAction.Input) async throws -> Operations.RectificationAction.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let action: RectificationAction = switch input.path.action {
        case .verify: .verify(note: body.text)
        case .rectify: .rectify(result: body.text)
        case .appeal: .appeal(reason: body.text)
        case .decideAppeal: .decideAppeal(remove: body.remove ?? false, reason: body.text)
        }
        let next = try await ratings.act(input.path.id, action, expectedRevision: body.revision, by: identity)
        return .ok(.init(body: .json(try Convert.rectification(next))))
    }
}

extension Convert {
    static func rating(_ view: RatingView) throws -> Components.Schemas.RatingView {
        let r = view.rating
        return Components.Schemas.RatingView(
            id: r.id, _case: r.service.id, level: r.level.rawValue, levelLabel: r.level.label, reasons: r.reasons.map(\.rawValue), comment: r.comment,
            channel: try APIEnums.ratingChannel.api(r.channel), ratedAt: date(r.ratedAt), changedAt: r.changedAt.map(date),
            rectification: try view.rectification.map(rectification))
    }

    static func rectification(_ r: Rectification) throws -> Components.Schemas.Rectification {
        Components.Schemas.Rectification(
            id: r.id, rating: r.rating, department: r.department?.rawValue, hall: r.hall?.rawValue,
            state: try APIEnums.rectificationState.api(r.state), stateLabel: r.state.label,
            openedOn: r.openedOn.description, verifyBy: r.verifyBy.description, rectifyBy: r.rectifyBy.description, raterSatisfied: r.raterSatisfied,
            revision: r.revision,
            steps: r.steps.map { .init(action: $0.action, step: $0.step, at: date($0.at), actor: $0.actor, text: $0.text) })
    }
}
