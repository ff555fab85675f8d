extension Migration {
    /// Service items and their immutable versions.
    ///
    /// A version's guide is one JSON document (it is written once and read whole); the columns
    /// beside it are the ones lists filter and sort by.
    static let m0002Catalog = Migration(id: 2, name: "catalog") { _ in
        [
            """
            CREATE TABLE service_items (
                code TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                latest_version BIGINT NOT NULL,
                published_version BIGINT,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE service_item_versions (
                code TEXT NOT NULL REFERENCES service_items (code) ON DELETE CASCADE,
                version BIGINT NOT NULL,
                name TEXT NOT NULL,
                department TEXT NOT NULL REFERENCES departments (code),
                window_category TEXT NOT NULL REFERENCES window_categories (code),
                item_type TEXT NOT NULL REFERENCES item_types (code),
                guide TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                PRIMARY KEY (code, version)
            )
            """,
            "CREATE INDEX service_item_versions_department ON service_item_versions (department)",
            "CREATE INDEX service_item_versions_category ON service_item_versions (window_category)",
            "CREATE INDEX service_items_status ON service_items (status)",
        ]
    }
}
