import Foundation
import OneDoorCore

/// The catalogue file's JSON encoding (docs/catalog-format.md), in one place so that every
/// writer produces the same bytes and every reader accepts the same files.
public enum CatalogFile {
    /// Pretty-printed with sorted keys: the same catalogue always gives the same file, and files diff well.
    public static func encode(_ document: CatalogDocument) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    public static func decode(_ data: Data) throws -> CatalogDocument {
        try JSONDecoder().decode(CatalogDocument.self, from: data)
    }
}
