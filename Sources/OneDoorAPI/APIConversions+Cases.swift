import OneDoorCore

/// Cases field by field. Every intake and every action answers with the whole case; re-coding it
/// through JSON took a tenth of the server's time under intake load, so these are written out.
/// `CaseConversionTests` checks they give exactly what re-coding gives, so spec and domain
/// cannot drift apart unnoticed.
extension Convert {
    static func caseBody(_ r: CaseRecord) throws(EnumMismatch) -> Components.Schemas.Case {
        try Components.Schemas.Case(
            number: r.number.rawValue, queryCode: r.queryCode, itemCode: r.itemCode.rawValue, itemVersion: r.itemVersion, itemName: r.itemName,
            caseKind: try APIEnums.caseKind.api(r.caseKind), department: r.department.rawValue, hall: r.hall.rawValue, window: r.window?.rawValue,
            applicant: try applicant(r.applicant), agent: try r.agent.map(person), state: try APIEnums.caseState.api(r.state),
            revision: r.revision, receivedOn: r.receivedOn.description, acceptedOn: r.acceptedOn?.description,
            legalLimit: try limit(r.legalLimit), promisedLimit: try limit(r.promisedLimit),
            extensionDays: r.extensionDays, pausedDays: r.pausedDays,
            specialProcedure: r.specialProcedure.map {
                .init(kind: $0.kind.rawValue, reason: $0.reason, startedOn: $0.startedOn.description, expectedDays: $0.expectedDays)
            },
            legalDeadline: r.legalDeadline?.description, promisedDeadline: r.promisedDeadline?.description,
            materials: try r.materials.map(material),
            decision: r.decision.map { .init(granted: $0.granted, reason: $0.reason, decidedOn: $0.decidedOn.description) },
            delivery: try r.delivery.map { (d) throws(EnumMismatch) in
                .init(method: try APIEnums.deliveryMethod.api(d.method), trackingNumber: d.trackingNumber, deliveredOn: d.deliveredOn.description)
            },
            refusal: r.refusal, referral: r.referral, chiefDecides: r.chiefDecides,
            visit: r.visit.map {
                .init(ticket: $0.ticket, number: $0.number, queue: $0.queue.rawValue, queueName: $0.queueName, issuedAt: $0.issuedAt,
                      calledAt: $0.calledAt, waitSeconds: $0.waitSeconds)
            },
            theme: r.theme.map { .init(number: $0.number.rawValue, code: $0.code, waitsFor: $0.waitsFor.map(\.rawValue)) }
        )
    }

    static func event(_ e: CaseEvent) -> Components.Schemas.CaseEvent {
        Components.Schemas.CaseEvent(
            action: e.action, step: e.step, fromState: e.fromState?.rawValue, toState: e.toState.rawValue, at: e.at,
            actorName: e.actorName, staffNumber: e.staffNumber, role: e.role, opinion: e.opinion, attachments: e.attachments
        )
    }

    static func applicant(_ a: Applicant) throws(EnumMismatch) -> Components.Schemas.Applicant {
        switch a {
        case .person(let p): Components.Schemas.Applicant(person: try person(p))
        case .enterprise(let e):
            Components.Schemas.Applicant(enterprise: .init(
                name: e.name, uscc: e.uscc, legalRepresentative: e.legalRepresentative, phone: e.phone,
                email: e.email, checksumOverrideReason: e.checksumOverrideReason
            ))
        }
    }

    static func person(_ p: Person) throws(EnumMismatch) -> Components.Schemas.Person {
        Components.Schemas.Person(name: p.name, documentType: try APIEnums.personDocument.api(p.documentType), documentNumber: p.documentNumber, phone: p.phone, email: p.email)
    }

    static func limit(_ l: TimeLimit) throws(EnumMismatch) -> Components.Schemas.TimeLimit {
        Components.Schemas.TimeLimit(days: l.days, unit: try APIEnums.timeUnit.api(l.unit))
    }

    static func material(_ m: CaseMaterial) throws(EnumMismatch) -> Components.Schemas.CaseMaterial {
        Components.Schemas.CaseMaterial(
            name: m.name, necessity: try APIEnums.necessity.api(m.necessity), received: m.received, original: m.original,
            electronic: m.electronic, pages: m.pages, dueDate: m.dueDate?.description, defect: m.defect, reused: m.reused
        )
    }
}
