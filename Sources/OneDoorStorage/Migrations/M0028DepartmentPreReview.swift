extension Migration {
    /// Items whose department pre-reviews online applications (ADR 0026): the department's queue
    /// is found by department, as the hall's is by hall. Null for the hall's windows.
    static let m0028DepartmentPreReview = Migration(id: 28, name: "department pre-review") { _ in
        [
            "ALTER TABLE applications ADD COLUMN review_department TEXT",
            "CREATE INDEX applications_department_review ON applications (review_department, state, review_deadline)",
        ]
    }
}
