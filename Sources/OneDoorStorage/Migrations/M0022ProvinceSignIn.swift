extension Migration {
    /// Sign-in through the provincial identity provider (ADR 0028): each login in flight (its
    /// state, nonce and PKCE verifier, single use, minutes long) so that any server can finish
    /// it, and each account's federated identity (issuer and subject).
    static let m0022ProvinceSignIn = Migration(id: 22, name: "province sign-in") { _ in
        [
            """
            CREATE TABLE oidc_logins (
                state TEXT PRIMARY KEY,
                nonce TEXT NOT NULL,
                verifier TEXT NOT NULL,
                next_path TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE citizen_identities (
                issuer TEXT NOT NULL,
                subject TEXT NOT NULL,
                citizen_id BIGINT NOT NULL REFERENCES citizens (id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (issuer, subject)
            )
            """,
        ]
    }
}
