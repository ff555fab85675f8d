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

extension APIHandler {
    /// Every message template with its wording in use (ADR 0029).
    func listMessageTemplates(_ input: Operations.ListMessageTemplates.Input) async throws -> Operations.ListMessageTemplates.Output {
        let identity = try RequestScope.require(.manageTemplates)
        var items: [Components.Schemas.MessageTemplate] = []
        for entry in try await services.templates.list(by: identity) { items.append(try Self.template(entry)) }
        return .ok(.init(body: .json(.init(items: items))))
    }

    /// A new version of one template.
    func publishMessageTemplate(_ input: Operations.PublishMessageTemplate.Input) async throws -> Operations.PublishMessageTemplate.Output {
        let identity = try RequestScope.require(.manageTemplates)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let code = input.path.code
        _ = try await services.templates.publish(code, subject: body.subject ?? "", text: body.text, note: body.note ?? "", expected: body.version,
                                                 by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(try Self.template(try await services.templates.detail(code, by: identity).entry))))
    }

    static func template(_ entry: MessageTemplateService.Entry) throws -> Components.Schemas.MessageTemplate {
        .init(code: entry.code, purpose: entry.purpose, channel: try APIEnums.messageChannel.api(entry.current.channel), version: entry.version,
              subject: entry.current.subject, text: entry.current.text, builtInText: entry.builtIn.text, variables: entry.variables, required: entry.required)
    }
}
