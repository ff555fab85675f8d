import Foundation
import JWTKit
import OneDoorCore

/// Checks a downloaded licence file (its compact JWS) against the published keys
/// (`GET /api/v1/licence-keys`) without the platform (`onedoor licence verify`): the signature
/// by a key of the licence's own issuing department, the identifier's check character, and the
/// validity dates. Suspension and revocation are the register's to say: the answer names the
/// page that tells them.
public enum OfflineLicenceCheck {
    public struct Outcome: Sendable, Equatable {
        /// The signature and identifier hold and the licence is within its dates.
        public var valid: Bool
        public var licence: Licence?
        public var lines: [String]
    }

    struct PublishedKey: Decodable {
        var kid: String
        var kty: String
        var crv: String
        var x: String
        var department: String
    }

    struct PublishedKeys: Decodable {
        var keys: [PublishedKey]
    }

    public static func check(token text: String, keys json: Data, today: CivilDate) async -> Outcome {
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        func invalid(_ reason: String) -> Outcome { Outcome(valid: false, licence: nil, lines: ["无效：\(reason)"]) }
        guard let published = try? JSONDecoder().decode(PublishedKeys.self, from: json) else { return invalid("公钥文件不是 /api/v1/licence-keys 的格式") }
        guard let kid = LicenceKeyRing.kid(of: token) else { return invalid("证照文件不是签章文件（JWS）") }
        guard let key = published.keys.first(where: { $0.kid == kid }) else { return invalid("签章密钥 \(kid) 不在公布的公钥中") }
        guard key.kty == "OKP", key.crv == "Ed25519", let publicKey = try? EdDSA.PublicKey(x: key.x, curve: .ed25519) else {
            return invalid("公钥 \(kid) 不是 Ed25519 公钥")
        }
        let collection = JWTKeyCollection()
        await collection.add(eddsa: publicKey, kid: JWKIdentifier(string: kid))
        guard let payload = try? await collection.verify(token, as: LicencePayload.self) else { return invalid("签名验证失败：证照内容被改动，或不是该密钥签发") }
        let licence = payload.licence
        guard licence.issuer.department.rawValue == key.department else { return invalid("签章密钥属于 \(key.department)，不是颁发部门 \(licence.issuer.department)") }
        guard case .success = LicenceIdentifier.parse(licence.identifier) else { return invalid("证照标识的校验位不符") }
        var lines = [
            "证照：\(licence.typeName)（\(licence.identifier)）",
            "持证主体：\(licence.holder.name)（\(licence.holder.maskedCode)）",
            "颁发机构：\(licence.issuer.name)，\(licence.issuedOn.chinese)，签章密钥 \(kid)",
        ] + licence.fields.map { "\($0.label)：\($0.value)" }
        if let until = licence.validUntil, until < today {
            lines.insert("已过期：有效期至 \(until.chinese)", at: 0)
            return Outcome(valid: false, licence: licence, lines: lines)
        }
        lines.insert("签章有效：内容与颁发部门签章时一致，有效期至 \(licence.validUntil?.chinese ?? "长期")", at: 0)
        lines.append("是否被暂停或注销须在线核验：/licences/\(licence.identifier)")
        return Outcome(valid: true, licence: licence, lines: lines)
    }
}
