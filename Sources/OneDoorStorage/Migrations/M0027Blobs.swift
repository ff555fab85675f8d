extension Migration {
    /// Files' bytes kept in the database (ADR 0030) when the platform runs on several servers
    /// without a shared disk: a row per stored content, written once every chunk is in, and its
    /// chunks. (`blobs` lists the files the records point at, whichever store holds the bytes.)
    /// Unused, empty, with the filesystem store.
    static let m0027Blobs = Migration(id: 27, name: "blob contents") { dialect in
        [
            """
            CREATE TABLE blob_contents (
                sha256 TEXT PRIMARY KEY,
                size BIGINT NOT NULL,
                chunks BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE blob_chunks (
                sha256 TEXT NOT NULL,
                chunk BIGINT NOT NULL,
                data \(dialect.bytesType) NOT NULL,
                PRIMARY KEY (sha256, chunk)
            )
            """,
        ]
    }
}
