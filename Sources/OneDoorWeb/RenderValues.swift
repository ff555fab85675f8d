import Mustache

/// Page models as Mustache reads them fastest.
///
/// Mustache finds a value by name through `Mirror` on every lookup, building all of an object's
/// children each time, and a name a row lacks is looked up again in every enclosing object: a
/// list of fifty rows spent most of its time in reflection. Walking the model once into
/// dictionaries (which Mustache reads by key) reflects over each value once. The meaning is the
/// same: stored properties by name, nil optionals absent, arrays as sequences; values that print
/// themselves (strings, numbers, dates, enums, anything `CustomStringConvertible`) stay as they are,
/// and so do rows that answer lookups themselves (`MustacheParent`, for the longest lists).
enum RenderValues {
    static func flatten(_ value: Any) -> Any {
        switch value {
        case is String, is Substring, is Bool, is Int, is Int64, is Double, is any MustacheParent:
            return value
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct?, .class?:
            // Dates, identifiers and the like print themselves.
            if value is any CustomStringConvertible { return value }
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let present = unwrap(child.value) { fields[label] = flatten(present) }
            }
            return fields
        case .collection?:
            return mirror.children.compactMap { unwrap($0.value).map(flatten) }
        default:
            return value
        }
    }

    /// The value an optional holds, nil for none; any other value itself.
    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrap($0.value) } ?? nil
    }
}
