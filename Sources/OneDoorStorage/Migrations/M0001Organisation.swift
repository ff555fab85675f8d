extension Migration {
    /// Regions, code tables, departments, halls and windows.
    ///
    /// A department's USCC is not unique: offices of one body (户政 and 出入境 of one 公安分局)
    /// are separate departments sharing the body's code.
    static let m0001Organisation = Migration(id: 1, name: "organisation") { _ in
        [
            """
            CREATE TABLE regions (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                parent TEXT,
                position BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE item_types (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                position BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE window_categories (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                position BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE departments (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                uscc TEXT NOT NULL,
                region TEXT NOT NULL REFERENCES regions (code),
                phone TEXT NOT NULL,
                position BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE halls (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                level TEXT NOT NULL,
                region TEXT NOT NULL REFERENCES regions (code),
                address TEXT NOT NULL,
                phone TEXT NOT NULL,
                opening_hours TEXT NOT NULL,
                position BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE windows (
                hall TEXT NOT NULL REFERENCES halls (code),
                number TEXT NOT NULL,
                position BIGINT NOT NULL,
                PRIMARY KEY (hall, number)
            )
            """,
            """
            CREATE TABLE window_services (
                hall TEXT NOT NULL,
                number TEXT NOT NULL,
                category TEXT NOT NULL REFERENCES window_categories (code),
                position BIGINT NOT NULL,
                PRIMARY KEY (hall, number, category),
                FOREIGN KEY (hall, number) REFERENCES windows (hall, number) ON DELETE CASCADE
            )
            """,
        ]
    }
}
