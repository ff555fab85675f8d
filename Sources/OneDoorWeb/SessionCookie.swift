import OneDoorCore
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

/// The sign-in form's own CSRF token: a random value in a cookie that only `/login` receives,
/// repeated in the form, so that another site cannot sign a browser into an account of its
/// choosing (login CSRF). SameSite=Strict: never sent with a request from another site.
public enum LoginCookie {
    public static let name = "onedoor_login"

    static func set(_ token: String, secure: Bool) -> String {
        "\(name)=\(token); Path=/login; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}

/// A kiosk's device token on the kiosk page, set when an administrator registers the device:
/// sent only to that hall's pages, never to scripts, never from another site.
public enum KioskCookie {
    public static let name = "onedoor_kiosk"

    static func set(_ token: String, hall: HallCode, secure: Bool) -> String {
        "\(name)=\(token); Path=/halls/\(hall)/; HttpOnly; SameSite=Strict; Max-Age=31536000" + (secure ? "; Secure" : "")
    }

    static func clear(hall: HallCode, secure: Bool) -> String {
        "\(name)=; Path=/halls/\(hall)/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "")
    }
}

/// The citizens' sign-in forms' own CSRF token, as ``LoginCookie`` is the staff form's: sent
/// only to `/citizen/`, never from another site.
public enum CitizenLoginCookie {
    public static let name = "onedoor_citizen_login"

    static func set(_ token: String, secure: Bool) -> String {
        "\(name)=\(token); Path=/citizen; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}

/// The state of a login through the provincial identity provider (ADR 0028): the callback is
/// honoured only in the browser that began the login. Lax, since the provider sends the
/// browser back with a top-level GET from its own site.
public enum ProvinceLoginCookie {
    public static let name = "onedoor_oidc_state"

    static func set(_ state: String, secure: Bool) -> String {
        "\(name)=\(state); Path=/citizen/oidc; HttpOnly; SameSite=Lax; Max-Age=600" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/citizen/oidc; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "")
    }
}

/// Someone the province vouched for who has yet to prove a mobile number: the one-time token
/// of their waiting binding, for the code sign-in that follows (ADR 0028).
public enum ProvinceBindingCookie {
    public static let name = "onedoor_oidc_bind"

    static func set(_ token: String, secure: Bool) -> String {
        "\(name)=\(token); Path=/citizen; HttpOnly; SameSite=Lax; Max-Age=600" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/citizen; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "")
    }
}

/// A citizen's session on the pages (我的): its own cookie, never the staff one, so a browser
/// signed in as a citizen is no member of staff and the other way round. It lasts as long as
/// the session (12 hours).
public enum CitizenCookie {
    public static let name = "onedoor_citizen"

    static func set(_ token: String, secure: Bool, maxAge: Int64) -> String {
        "\(name)=\(token); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(maxAge)" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "")
    }
}
