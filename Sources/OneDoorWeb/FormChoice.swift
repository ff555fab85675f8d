import OneDoorCore

/// Choice fields (a select or a radio group) read as their enum. A missing or unknown value is a
/// problem naming the field — never a default: a default would decide for the clerk what the
/// form did not say (before, a missing intake outcome became 受理, an unknown document type a
/// resident ID, an unknown role a clerk).
extension FormData {
    /// The choice, or nil with a problem at `path` (the field's name unless given).
    func choice<T: RawRepresentable & CaseIterable>(
        _ name: String, as type: T.Type, label: String, path: String? = nil, into c: inout ProblemCollector
    ) -> T? where T.RawValue == String {
        guard let text = self[name], !text.isEmpty else {
            c.add(path ?? name, "请选择\(label)")
            return nil
        }
        guard let value = T(rawValue: text) else {
            c.add(path ?? name, "\(label)“\(text.prefix(40))”不是可选的值（可选：\(T.allCases.map(\.rawValue).joined(separator: "、"))）")
            return nil
        }
        return value
    }

    /// The choice, or ValidationFailed naming the field.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type, label: String, path: String? = nil) throws(ValidationFailed) -> T
    where T.RawValue == String {
        var c = ProblemCollector()
        guard let value = choice(name, as: type, label: label, path: path, into: &c) else { throw ValidationFailed(c.problems) }
        return value
    }

    /// An optional choice: nil when the field is absent or empty, a problem when it holds an unknown value.
    func optionalChoice<T: RawRepresentable & CaseIterable>(
        _ name: String, as type: T.Type, label: String, path: String? = nil, into c: inout ProblemCollector
    ) -> T? where T.RawValue == String {
        guard let text = self[name], !text.isEmpty else { return nil }
        return choice(name, as: type, label: label, path: path, into: &c)
    }
}
