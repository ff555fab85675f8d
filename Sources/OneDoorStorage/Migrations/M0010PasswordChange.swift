extension Migration {
    /// A password set by an administrator must be changed by its owner at the next sign-in
    /// (the administrator knows it). Accounts that exist keep working as they are (0).
    ///
    /// The account lock columns (`failed_logins`, `locked_until`) are no longer written: failed
    /// sign-ins are slowed per user name and client instead (``SignInDelays``), so that nobody
    /// can lock a member of staff out by typing wrong passwords for them.
    static let m0010PasswordChange = Migration(id: 10, name: "password change") { _ in
        ["ALTER TABLE staff_accounts ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0"]
    }
}
