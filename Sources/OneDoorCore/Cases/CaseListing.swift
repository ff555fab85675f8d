/// What a list of cases shows of each one, and all its warning light needs.
///
/// Decoded from the stored case document, skipping its materials, decision and the rest: a
/// queue page of fifty cases spent most of its time decoding whole cases it did not show.
public struct CaseListing: Sendable, Hashable, Decodable {
    public var number: CaseNumber
    public var itemName: String
    public var department: DepartmentCode
    public var hall: HallCode
    public var applicant: Applicant
    public var state: CaseState
    public var receivedOn: CivilDate
    public var promisedLimit: TimeLimit
    public var legalDeadline: CivilDate?
    public var promisedDeadline: CivilDate?
    public var specialProcedure: SpecialProcedure?
    /// How the applicant asked for the result (online applications), and their trips so far.
    public var deliveryChoice: DeliveryChoice?
    public var trips: Int?

    public init(_ record: CaseRecord) {
        number = record.number
        itemName = record.itemName
        department = record.department
        hall = record.hall
        applicant = record.applicant
        state = record.state
        receivedOn = record.receivedOn
        promisedLimit = record.promisedLimit
        legalDeadline = record.legalDeadline
        promisedDeadline = record.promisedDeadline
        specialProcedure = record.specialProcedure
        deliveryChoice = record.deliveryChoice
        trips = record.trips
    }
}
