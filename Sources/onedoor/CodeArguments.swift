import ArgumentParser
import OneDoorCore

/// Hall and department codes given on the command line are parsed like those of requests: a
/// malformed one is refused by the argument parser with its usage, not looked up.
extension Tagged: @retroactive ExpressibleByArgument where Tag: OrganisationCodeKind, RawValue == String {
    public init?(argument: String) { self.init(parsing: argument) }
}
