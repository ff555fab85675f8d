/// Stored accounts and sign-in sessions.
//
// Plain values shared by every layer; storage fills them, pages and the API show them.

/// An account with its sign-in state, as stored.
public struct StoredAccount: Sendable {
    public var account: StaffAccount
    public var passwordHash: String

    public init(account: StaffAccount, passwordHash: String) {
        self.account = account
        self.passwordHash = passwordHash
    }
}

/// How a session authenticates: a browser cookie (with CSRF token) or an API bearer token.
public enum SessionKind: String, Sendable {
    case cookie, bearer
}

/// A signed-in session. Only the SHA-256 of its token is stored, so a copy of the database
/// does not hand out working sessions.
public struct Session: Sendable, Hashable {
    public var tokenHash: String
    public var accountID: Int64
    public var kind: SessionKind
    public var csrfToken: String
    public var createdAt: Int64
    public var lastSeenAt: Int64

    public init(tokenHash: String, accountID: Int64, kind: SessionKind, csrfToken: String, createdAt: Int64, lastSeenAt: Int64) {
        self.tokenHash = tokenHash
        self.accountID = accountID
        self.kind = kind
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// Thrown when an account change is refused for a reason other than invalid fields.
public enum AccountError: Error, Sendable, Equatable {
    case notFound
    case usernameTaken(String)
    case staffNumberTaken(String)
}
