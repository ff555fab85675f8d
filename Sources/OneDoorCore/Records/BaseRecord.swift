/// Where a value in a base record came from (issue 16 §1).
public enum RecordSource: String, Sendable, Hashable, Codable, CaseIterable {
    case window
    case online
    case lineSystem = "line-system"
    case citizen

    public var label: String {
        switch self {
        case .window: "窗口采集"
        case .online: "网上申报"
        case .lineSystem: "部门业务系统"
        case .citizen: "本人填报"
        }
    }
}

/// One value of one field, with where and when it came from and whether it was checked (a clerk
/// saw the document, a line system vouches for it).
public struct SourcedValue: Sendable, Hashable, Codable {
    public var value: String
    public var source: RecordSource
    public var at: Int64
    public var verified: Bool

    public init(value: String, source: RecordSource, at: Int64, verified: Bool) {
        self.value = value
        self.source = source
        self.at = at
        self.verified = verified
    }
}

/// A field's values: the one in use, a different one that was said and not believed over it —
/// shown to the clerk as a conflict — and every distinct value observed, oldest first.
public struct FieldHistory: Sendable, Hashable, Codable {
    public var current: SourcedValue
    public var conflict: SourcedValue?
    public var history: [SourcedValue]

    public init(current: SourcedValue, conflict: SourcedValue? = nil, history: [SourcedValue]) {
        self.current = current
        self.conflict = conflict
        self.history = history
    }
}

/// The fields of one kind of base record: a label for pages and the check of a value.
public protocol RecordField: RawRepresentable, CodingKeyRepresentable, CaseIterable, Sendable, Hashable, Codable where RawValue == String {
    var label: String { get }
    /// The value as stored, or why it cannot be.
    func checked(_ raw: String, today: CivilDate?) -> Result<String, ValidationFailed>
}

extension RecordField {
    func failure(_ reason: String) -> Result<String, ValidationFailed> {
        .failure(ValidationFailed([ValidationProblem(path: rawValue, reason: reason)]))
    }
}

/// One thing said about a holder: a field's value, and whether whoever said it checked it.
public struct Observation<Field: RecordField>: Sendable, Hashable {
    public var field: Field
    public var value: String
    public var verified: Bool

    public init(_ field: Field, _ value: String, verified: Bool) {
        self.field = field
        self.value = value
        self.verified = verified
    }
}

/// A holder's base record (自然人库 / 法人库), keyed like applicants (`resident-id:…`,
/// `uscc:…`): each field with its sources and history. Pure: intake and online applications
/// observe values, storage keeps the record.
public struct BaseRecord<Field: RecordField>: Sendable, Hashable, Codable {
    public var key: String
    public var fields: [Field: FieldHistory]

    public init(key: String, fields: [Field: FieldHistory] = [:]) {
        self.key = key
        self.fields = fields
    }

    /// The value in use of `field`, if any.
    public subscript(_ field: Field) -> String? { fields[field]?.current.value }

    /// The fields with a conflict for a clerk to settle, in the fields' order.
    public var conflicts: [Field] { Field.allCases.filter { fields[$0]?.conflict != nil } }

    /// The record after `raw` was said for `field`.
    ///
    /// - The same value again changes nothing, except that a check makes it verified and, made
    ///   after a disagreeing value was said, settles that conflict in its favour.
    /// - A different **verified** value replaces the one in use unless that one is verified and
    ///   newer (a line system's late batch does not overturn a clerk's check: it is the conflict).
    /// - A different **unverified** value replaces an unverified one in use (the applicant moved
    ///   and says so), but beside a verified one it is only kept as the conflict.
    ///
    /// Every new value joins the history; so the record stays the same size however often the
    /// same applicant comes back.
    public func observing(_ field: Field, _ raw: String, source: RecordSource, at: Int64, verified: Bool,
                          today: CivilDate?) -> Result<BaseRecord, ValidationFailed> {
        let value: String
        switch field.checked(raw, today: today) {
        case .success(let checked): value = checked
        case .failure(let failed): return .failure(failed)
        }
        let observed = SourcedValue(value: value, source: source, at: at, verified: verified)
        var next = self
        guard var entry = fields[field] else {
            next.fields[field] = FieldHistory(current: observed, history: [observed])
            return .success(next)
        }
        if entry.current.value == value {
            // Checked again after the disagreement was said: the value in use stands, settled.
            if verified, let conflict = entry.conflict, at >= conflict.at { entry.conflict = nil }
            if verified && !entry.current.verified {
                entry.current = observed
                entry.conflict = nil
                entry.history.append(observed)
            }
        } else {
            if entry.history.last?.value != value { entry.history.append(observed) }
            let replaces = verified ? (!entry.current.verified || at >= entry.current.at) : (!entry.current.verified && at >= entry.current.at)
            if replaces {
                entry.current = observed
                entry.conflict = nil
            } else if entry.conflict?.value != value || (verified && entry.conflict?.verified == false) {
                entry.conflict = observed
            }
        }
        next.fields[field] = entry
        return .success(next)
    }

    /// The record after several observations from one source at one time; values that do not
    /// pass their field's check are left out (intake has checked what it collects already).
    public func observing(_ observations: [Observation<Field>], source: RecordSource, at: Int64, today: CivilDate?) -> BaseRecord {
        var record = self
        for o in observations {
            if case .success(let next) = record.observing(o.field, o.value, source: source, at: at, verified: o.verified, today: today) {
                record = next
            }
        }
        return record
    }
}

/// What one source said at one time: the unit the base records are stored in. Records are
/// never updated in place — each intake or application appends what it said that was new, and
/// the record is these folded in order (``BaseRecord/init(key:said:)``) — so two servers writing
/// about one person at once both keep what they said.
public struct RecordStatement<Field: RecordField>: Sendable, Hashable {
    public var source: RecordSource
    public var at: Int64
    public var caseNumber: String?
    public var observations: [Observation<Field>]

    public init(source: RecordSource, at: Int64, caseNumber: String? = nil, observations: [Observation<Field>]) {
        self.source = source
        self.at = at
        self.caseNumber = caseNumber
        self.observations = observations
    }
}

extension BaseRecord {
    /// The record that these statements, in the order they were stored, make.
    public init(key: String, said statements: [RecordStatement<Field>]) {
        var record = BaseRecord(key: key)
        for statement in statements {
            record = record.observing(statement.observations, source: statement.source, at: statement.at, today: nil)
        }
        self = record
    }

    /// Of `observations`, those that would change the record: what is already known as said is
    /// not stored again, so a returning applicant's record does not grow.
    public func news(_ observations: [Observation<Field>], source: RecordSource, at: Int64) -> [Observation<Field>] {
        var record = self
        var new: [Observation<Field>] = []
        for o in observations {
            guard case .success(let next) = record.observing(o.field, o.value, source: source, at: at, verified: o.verified, today: nil),
                  next != record else { continue }
            new.append(o)
            record = next
        }
        return new
    }
}
