import Foundation
import OneDoorCore
import OneDoorServices

extension APIHandler {
    /// The SMS gateway's delivery report (ADR 0023), authenticated by its signature.
    func postDeliveryReceipt(_ input: Operations.PostDeliveryReceipt.Input) async throws -> Operations.PostDeliveryReceipt.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        try await services.notifications.receipt(
            reference: body.reference, delivered: body.status == .delivered, detail: body.detail ?? "",
            timestamp: input.headers.xOneDoorTimestamp, signature: input.headers.xOneDoorSignature)
        return .noContent(.init())
    }

    /// The outbox as administrators read it (ADR 0022): recipients masked.
    func listOutbox(_ input: Operations.ListOutbox.Input) async throws -> Operations.ListOutbox.Output {
        let identity = try RequestScope.require(.readOutbox)
        let request = try Self.page(input.query.page, input.query.pageSize)
        let state = try input.query.state.map(APIEnums.outboxState.core)
        let (messages, total) = try await services.notifications.list(state: state, page: request, by: identity)
        return .ok(.init(body: .json(.init(
            items: try messages.map { m in
                .init(id: m.id, channel: try APIEnums.messageChannel.api(m.message.channel), recipient: m.maskedRecipient,
                      template: m.message.template, subject: m.message.subject, body: m.displayBody,
                      state: try APIEnums.outboxState.api(m.state), attempts: m.attempts, createdAt: Convert.date(m.createdAt),
                      notBefore: Convert.date(m.notBefore), sentAt: m.sentAt.map(Convert.date), lastError: m.lastError)
            },
            total: total, page: request.page, pageSize: request.pageSize
        ))))
    }
}
