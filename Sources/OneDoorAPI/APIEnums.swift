import OneDoorCore

/// A core enum and the generated API enum that mirrors it, value for value (their raw values
/// are the contract's strings).
///
/// Converting goes through a pair, never `init(rawValue:)!`: a value added on one side only
/// becomes a 500 problem naming it instead of a trap that takes the server down, and because
/// every conversion names its pair here, `APIEnumTests` can run every case of every pair both
/// ways so such a gap never ships.
struct EnumPair<Core, API>: Sendable
where Core: RawRepresentable & CaseIterable & Sendable, Core.RawValue == String,
      API: RawRepresentable & CaseIterable & Sendable, API.RawValue == String {
    let name: String
    /// The core enum has values the API never carries here (the ticket events of which only
    /// calls are listed): those fail `api(_:)`, and are not counted as unmatched.
    var coreMayExceed = false

    func api(_ value: Core) throws(EnumMismatch) -> API {
        guard let converted = API(rawValue: value.rawValue) else { throw EnumMismatch(pair: name, value: value.rawValue) }
        return converted
    }

    func core(_ value: API) throws(EnumMismatch) -> Core {
        guard let converted = Core(rawValue: value.rawValue) else { throw EnumMismatch(pair: name, value: value.rawValue) }
        return converted
    }
}

/// A value with no counterpart on the other side of an ``EnumPair``: a programming error,
/// answered as 500 and logged with the pair and value.
struct EnumMismatch: Error, CustomStringConvertible {
    let pair: String
    let value: String
    var description: String { "no counterpart for '\(value)' in the enum pair \(pair)" }
}

/// What `APIEnumTests` checks of every pair.
protocol CheckedEnumPair: Sendable {
    var name: String { get }
    /// Values of either side that the other side lacks; empty when the two mirror each other.
    var unmatched: [String] { get }
}

extension EnumPair: CheckedEnumPair {
    var unmatched: [String] {
        let core = Core.allCases.map(\.rawValue), api = API.allCases.map(\.rawValue)
        return (coreMayExceed ? [] : core.filter { API(rawValue: $0) == nil }.map { "core \($0)" })
            + api.filter { Core(rawValue: $0) == nil }.map { "api \($0)" }
    }
}

typealias Schemas = Components.Schemas

/// Every pair the API converts through.
enum APIEnums {
    static let role = EnumPair<Role, Schemas.Role>(name: "Role")
    static let hallLevel = EnumPair<HallLevel, Schemas.HallLevel>(name: "HallLevel")
    static let itemStatus = EnumPair<ItemStatus, Schemas.ItemStatus>(name: "ItemStatus")
    static let caseKind = EnumPair<CaseKind, Schemas.CaseKind>(name: "CaseKind")
    static let timeUnit = EnumPair<TimeUnit, Schemas.TimeUnit>(name: "TimeUnit")
    static let caseState = EnumPair<CaseState, Schemas.CaseState>(name: "CaseState")
    static let caseLight = EnumPair<CaseLight, Schemas.CaseLight>(name: "CaseLight")
    static let necessity = EnumPair<MaterialNecessity, Schemas.CaseMaterial.NecessityPayload>(name: "CaseMaterial.necessity")
    static let deliveryMethod = EnumPair<DeliveryMethod, Schemas.Case.DeliveryPayload.MethodPayload>(name: "Case.delivery.method")
    static let personDocument = EnumPair<DocumentType, Schemas.Person.DocumentTypePayload>(name: "Person.documentType")
    static let ticketDocument = EnumPair<DocumentType, Schemas.TicketBody.DocumentTypePayload>(name: "TicketBody.documentType")
    static let appointmentDocument = EnumPair<DocumentType, Schemas.AppointmentBody.DocumentTypePayload>(name: "AppointmentBody.documentType")
    static let checkInDocument = EnumPair<DocumentType, Schemas.CheckInBody.DocumentTypePayload>(name: "CheckInBody.documentType")
    static let ticketState = EnumPair<TicketState, Schemas.TicketState>(name: "TicketState")
    static let ticketAction = EnumPair<TicketAction, Operations.TicketAction.Input.Path.TicketActionPayload>(name: "TicketAction")
    static let appointmentState = EnumPair<AppointmentState, Schemas.AppointmentState>(name: "AppointmentState")
    static let gender = EnumPair<ResidentID.Gender, Operations.CheckResidentID.Output.Ok.Body.JsonPayload.GenderPayload>(name: "ResidentID.Gender")
    static let actionDelivery = EnumPair<DeliveryMethod, Schemas.CaseActionBody.MethodPayload>(name: "CaseActionBody.method")
    static let specialProcedure = EnumPair<SpecialProcedureKind, Schemas.CaseActionBody.KindPayload>(name: "CaseActionBody.kind")
    static let ticketPriority = EnumPair<PriorityLane, Schemas.TicketBody.PriorityPayload>(name: "TicketBody.priority")
    static let priorityLane = EnumPair<PriorityLane, Schemas.PriorityLane>(name: "PriorityLane")
    static let callKind = EnumPair<TicketEventKind, Schemas.CallList.CallsPayloadPayload.KindPayload>(name: "CallList.kind", coreMayExceed: true)
    static let messageChannel = EnumPair<MessageChannel, Schemas.MessageChannel>(name: "MessageChannel")
    static let outboxState = EnumPair<OutboxState, Schemas.OutboxState>(name: "OutboxState")
    static let realNameLevel = EnumPair<RealNameLevel, Schemas.RealNameLevel>(name: "RealNameLevel")
    static let verifyDocument = EnumPair<DocumentType, Operations.VerifyCitizen.Input.Body.JsonPayload.DocumentTypePayload>(name: "verifyCitizen.documentType")
    static let realNameDocument = EnumPair<DocumentType, Operations.DeclareRealName.Input.Body.JsonPayload.DocumentTypePayload>(name: "declareRealName.documentType")
    static let licenceHolder = EnumPair<LicenceHolderKind, Operations.ListMaterialTypes.Output.Ok.Body.JsonPayload.ItemsPayloadPayload.HolderPayload>(
        name: "materialType.holder")
    static let registerDocument = EnumPair<DocumentType, Operations.RegisterCitizen.Input.Body.JsonPayload.DocumentTypePayload>(name: "registerCitizen.documentType")

    static let applicationState = EnumPair<ApplicationState, Schemas.ApplicationState>(name: "ApplicationState")
    static let deliveryChoice = EnumPair<DeliveryMethod, Schemas.DeliveryChoice.MethodPayload>(name: "DeliveryChoice.method")
    static let fileKind = EnumPair<FileKind, Schemas.ApplicationFile.KindPayload>(name: "ApplicationFile.kind")
    static let applicationNecessity = EnumPair<MaterialNecessity, Schemas.ApplicationDetail.MaterialsPayloadPayload.NecessityPayload>(
        name: "ApplicationDetail.materials.necessity")
    static let licenceStatus = EnumPair<LicenceStatus, Schemas.LicenceStatus>(name: "LicenceStatus")
    static let licenceStanding = EnumPair<LicenceStanding, Schemas.LicenceStanding>(name: "LicenceStanding")
    static let licenceAction = EnumPair<LicenceAction, Operations.LicenceAction.Input.Path.ActionPayload>(name: "licenceAction.action")
    static let heldSource = EnumPair<HeldMaterialSource, Schemas.HeldMaterial.SourcePayload>(name: "HeldMaterial.source")
    static let materialGrade = EnumPair<MaterialGrade, Schemas.HeldMaterial.GradePayload>(name: "HeldMaterial.grade")
    static let recordSource = EnumPair<RecordSource, Schemas.SourcedValue.SourcePayload>(name: "SourcedValue.source")
    static let themeServes = EnumPair<LicenceHolderKind, Schemas.ThemeServes>(name: "ThemeServes")
    static let themeQuestionKind = EnumPair<ThemeQuestion.Kind, Schemas.ThemeQuestion.KindPayload>(name: "ThemeQuestion.kind")
    static let themePickUp = EnumPair<ThemePickUp, Schemas.ThemePickUp>(name: "ThemePickUp")
    static let themeCaseState = EnumPair<ThemeCaseState, Schemas.ThemeCaseDetail.StatePayload>(name: "ThemeCaseDetail.state")
    static let themeStage = EnumPair<ThemeProgress.Stage, Schemas.ThemeCaseDetail.StagePayload>(name: "ThemeCaseDetail.stage")
    static let themeDelivery = EnumPair<DeliveryMethod, Schemas.ThemeActionBody.MethodPayload>(name: "ThemeActionBody.method")
    static let lifeStage = EnumPair<LifeStage, Schemas.LifeStage>(name: "LifeStage")
    static let feeChannel = EnumPair<FeeChannel, Schemas.ThemeFeeBody.ChannelPayload>(name: "ThemeFeeBody.channel")
    static let themeFeeChannel = EnumPair<FeeChannel, Schemas.ThemeFee.ChannelPayload>(name: "ThemeFee.channel")
    static let ratingChannel = EnumPair<RatingChannel, Schemas.RatingChannel>(name: "RatingChannel")
    static let rectificationState = EnumPair<RectificationState, Schemas.Rectification.StatePayload>(name: "Rectification.state")
    static let all: [any CheckedEnumPair] = [
        role, hallLevel, itemStatus, caseKind, timeUnit, caseState, caseLight, necessity, deliveryMethod,
        personDocument, ticketDocument, appointmentDocument, checkInDocument, ticketState, ticketAction,
        appointmentState, gender, actionDelivery, specialProcedure, ticketPriority, priorityLane, callKind, messageChannel, outboxState,
        realNameLevel, realNameDocument, verifyDocument, registerDocument, licenceHolder, applicationState, deliveryChoice, fileKind, applicationNecessity,
        licenceStatus, licenceStanding, licenceAction, heldSource, materialGrade, recordSource,
        themeServes, themeQuestionKind, themePickUp, themeCaseState, themeStage, themeDelivery, lifeStage, feeChannel, themeFeeChannel,
        ratingChannel, rectificationState,
    ]
}
