/// The browser session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on
/// cross-site posts), Secure when the site is served over HTTPS.
public enum SessionCookie {
    public static let name = "onedoor_session"

    static func set(_ token: String, secure: Bool) -> String {
        "\(name)=\(token); Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "")
    }
}
