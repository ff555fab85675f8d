import OneDoorCore

/// The stored JSON of a case and of its history entries, written by hand (ADR 0021).
///
/// Every step of a case stores the whole case again; through `JSONEncoder` that was a tenth of
/// the step's CPU (boxing each value, sorting keys, generic metadata). This writes the same
/// document — the keys and values `Codable` gives these types, optional fields left out when
/// nil — straight into bytes. `JSONDecoder` still reads it back; `CaseDocumentTests` decodes
/// what this writes for every kind of case the demo seeder makes, and for one with every
/// optional part set, and compares it with the original.
enum CaseDocument {
    static func json(_ r: CaseRecord) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("number", r.number.rawValue)
        w.field("queryCode", r.queryCode)
        w.field("itemCode", r.itemCode.rawValue)
        w.field("itemVersion", r.itemVersion)
        w.field("itemName", r.itemName)
        w.field("caseKind", r.caseKind.rawValue)
        w.field("department", r.department.rawValue)
        w.field("hall", r.hall.rawValue)
        w.field("window", r.window?.rawValue)
        w.key("applicant")
        w.applicant(r.applicant)
        if let agent = r.agent {
            w.key("agent")
            w.person(agent)
        }
        w.field("state", r.state.rawValue)
        w.field("revision", r.revision)
        w.field("receivedOn", r.receivedOn)
        w.field("acceptedOn", r.acceptedOn)
        w.key("legalLimit")
        w.limit(r.legalLimit)
        w.key("promisedLimit")
        w.limit(r.promisedLimit)
        w.field("extensionDays", r.extensionDays)
        w.field("pausedDays", r.pausedDays)
        if let special = r.specialProcedure {
            w.key("specialProcedure")
            w.beginObject()
            w.field("kind", special.kind.rawValue)
            w.field("reason", special.reason)
            w.field("startedOn", special.startedOn)
            w.field("expectedDays", special.expectedDays)
            w.endObject()
        }
        w.field("legalDeadline", r.legalDeadline)
        w.field("promisedDeadline", r.promisedDeadline)
        w.key("materials")
        w.beginArray()
        for m in r.materials {
            w.beginObject()
            w.field("name", m.name)
            w.field("necessity", m.necessity.rawValue)
            w.field("received", m.received)
            w.field("original", m.original)
            w.field("electronic", m.electronic)
            w.field("pages", m.pages)
            w.field("dueDate", m.dueDate)
            w.field("defect", m.defect)
            w.field("receivedOn", m.receivedOn)
            w.field("reused", m.reused)
            w.endObject()
        }
        w.endArray()
        if let decision = r.decision {
            w.key("decision")
            w.beginObject()
            w.field("granted", decision.granted)
            w.field("reason", decision.reason)
            w.field("decidedOn", decision.decidedOn)
            w.endObject()
        }
        if let delivery = r.delivery {
            w.key("delivery")
            w.beginObject()
            w.field("method", delivery.method.rawValue)
            w.field("trackingNumber", delivery.trackingNumber)
            w.field("deliveredOn", delivery.deliveredOn)
            w.endObject()
        }
        w.field("refusal", r.refusal)
        w.field("referral", r.referral)
        w.field("chiefDecides", r.chiefDecides)
        if let visit = r.visit {
            w.key("visit")
            w.beginObject()
            w.field("ticket", visit.ticket)
            w.field("number", visit.number)
            w.field("queue", visit.queue.rawValue)
            w.field("queueName", visit.queueName)
            w.field("issuedAt", visit.issuedAt)
            w.field("calledAt", visit.calledAt)
            w.field("waitSeconds", visit.waitSeconds)
            w.endObject()
        }
        w.field("undertakenBy", r.undertakenBy)
        w.field("reviewedBy", r.reviewedBy)
        w.field("decidedBy", r.decidedBy)
        w.field("application", r.application)
        if let choice = r.deliveryChoice {
            w.key("deliveryChoice")
            w.beginObject()
            w.field("method", choice.method.rawValue)
            if let address = choice.address {
                w.key("address")
                w.beginObject()
                w.field("recipient", address.recipient)
                w.field("phone", address.phone)
                w.field("address", address.address)
                w.endObject()
            }
            w.endObject()
        }
        w.field("trips", r.trips)
        if let theme = r.theme {
            w.key("theme")
            w.beginObject()
            w.field("number", theme.number.rawValue)
            w.field("code", theme.code)
            w.field("waitsFor", theme.waitsFor.map(\.rawValue))
            w.field("together", theme.together)
            w.endObject()
        }
        w.field("concludedOn", r.concludedOn)
        w.field("workingDaysTaken", r.workingDaysTaken)
        w.field("correctionNotices", r.correctionNotices)
        w.field("sentBackToIntake", r.sentBackToIntake)
        w.endObject()
        return w.text
    }

    static func json(_ e: CaseEvent) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("action", e.action)
        w.field("step", e.step)
        w.field("fromState", e.fromState?.rawValue)
        w.field("toState", e.toState.rawValue)
        w.field("at", e.at)
        w.field("actorName", e.actorName)
        w.field("staffNumber", e.staffNumber)
        w.field("role", e.role)
        w.field("opinion", e.opinion)
        w.field("attachments", e.attachments)
        w.field("materialChanges", e.materialChanges)
        w.endObject()
        return w.text
    }
}

extension JSONWriter {
    mutating func applicant(_ applicant: Applicant) {
        beginObject()
        switch applicant {
        case .person(let p):
            key("person")
            person(p)
        case .enterprise(let e):
            key("enterprise")
            beginObject()
            field("name", e.name)
            field("uscc", e.uscc)
            field("legalRepresentative", e.legalRepresentative)
            field("phone", e.phone)
            field("email", e.email)
            field("checksumOverrideReason", e.checksumOverrideReason)
            endObject()
        }
        endObject()
    }

    mutating func person(_ p: Person) {
        beginObject()
        field("name", p.name)
        field("documentType", p.documentType.rawValue)
        field("documentNumber", p.documentNumber)
        field("phone", p.phone)
        field("email", p.email)
        endObject()
    }

    mutating func limit(_ limit: TimeLimit) {
        beginObject()
        field("days", limit.days)
        field("unit", limit.unit.rawValue)
        endObject()
    }
}
