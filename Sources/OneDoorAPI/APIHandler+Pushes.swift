import Foundation
import OneDoorCore
import OneDoorServices

/// 推送办 (issue 17 §3, §4): the life stages and rules anyone may read; a citizen's own pushes.
extension APIHandler {
    func listLifeStages(_ input: Operations.ListLifeStages.Input) async throws -> Operations.ListLifeStages.Output {
        let snapshot = catalog.snapshot
        let published = snapshot.items.filter { $0.status == .published }
        var filed: Set<ItemCode> = []
        let stages = try snapshot.lifeStages.map { entry in
            let items = entry.items.compactMap { snapshot.itemsByCode[$0] }.filter { $0.status == .published }
            filed.formUnion(items.map(\.code))
            return Operations.ListLifeStages.Output.Ok.Body.JsonPayload.ItemsPayloadPayload(
                stage: try APIEnums.lifeStage.api(entry.stage), label: entry.stage.label, holder: try APIEnums.themeServes.api(entry.stage.holder),
                items: try items.map { try Convert.summary($0, snapshot: snapshot) })
        }
        return .ok(.init(body: .json(.init(items: stages, filedItems: filed.count, totalItems: published.count))))
    }

    func listPushRules(_ input: Operations.ListPushRules.Input) async throws -> Operations.ListPushRules.Output {
        .ok(.init(body: .json(.init(items: try catalog.snapshot.pushRules.map { try Convert.recode($0, as: Components.Schemas.PushRule.self) }))))
    }

    func listMyRecommendations(_ input: Operations.ListMyRecommendations.Input) async throws -> Operations.ListMyRecommendations.Output {
        let identity = try RequestScope.requireCitizen()
        let mine = try await pushes.recommendations(by: identity)
        let off = try await pushes.optedOut(by: identity)
        return .ok(.init(body: .json(.init(
            items: try mine.map { r in
                let push = r.stored.push
                return .init(id: r.stored.id, rule: push.rule, stage: try APIEnums.lifeStage.api(push.stage), stageLabel: r.stageLabel,
                             targetName: r.targetName, link: r.link, reason: push.reason, deadline: push.deadline?.description,
                             pushedOn: push.on.description, openedAt: r.stored.openedAt.map(Convert.date))
            },
            optedOut: try off.sorted { $0.rawValue < $1.rawValue }.map { try APIEnums.lifeStage.api($0) }))))
    }
}
