extension Migration {
    /// The mobile number an appointment's messages go to (booked, reminder, cancelled); optional.
    static let m0016AppointmentPhones = Migration(id: 16, name: "appointment phones") { _ in
        ["ALTER TABLE appointments ADD COLUMN phone TEXT"]
    }
}
