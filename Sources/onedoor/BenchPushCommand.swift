import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices

/// `onedoor bench pushes`: 推送办's evaluation in process (issue 17 §3) — the demo's rules grown
/// to `rules` with variants of them (other items, ages and stages), against random events of
/// every kind; then a day's sweep over `people` people (their birth dates from their ID numbers):
/// who reaches an age some rule listens for today, and what that pushes.
struct BenchPushes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pushes", abstract: "推送规则评估速率（进程内）")
    @Option(help: "Rules (the demo's and variants)") var rules = 200
    @Option(help: "Random events to evaluate") var events = 1_000_000
    @Option(help: "People in the day's sweep") var people = 1_000_000

    func run() async throws {
        let catalog = try DemoData.catalog()
        let items = catalog.items.map(\.code)
        var all = catalog.pushRules
        var random = SystemRandomNumberGenerator()
        var n = 0
        while all.count < rules {
            var variant = catalog.pushRules[n % catalog.pushRules.count]
            variant.code = "V\(n)"
            switch variant.trigger {
            case .concluded: variant.trigger = .concluded(items[Int.random(in: 0..<items.count, using: &random)])
            case .accepted: variant.trigger = .accepted(items[Int.random(in: 0..<items.count, using: &random)])
            case .birthday: variant.trigger = .birthday(Int.random(in: 18...100, using: &random))
            case .licenceIssued, .licenceExpiring, .recordChanged: break
            }
            all.append(variant)
            n += 1
        }
        let evaluator = PushEvaluator(all)
        let triggers = all.map(\.trigger)
        let day = CivilDate("2026-12-05")!
        // Events prepared before the clock starts: a person (a woman half the time) and a trigger.
        var prepared: [PushEvent] = []
        prepared.reserveCapacity(events)
        for i in 0..<events {
            let number = Self.residentID(born: CivilDate(dayNumber: day.dayNumber - Int.random(in: 0..<36_500, using: &random)), serial: i)
            let trigger = Int.random(in: 0..<4, using: &random) == 0
                ? PushTrigger.concluded(items[Int.random(in: 0..<items.count, using: &random)]) : triggers[Int.random(in: 0..<triggers.count, using: &random)]
            prepared.append(PushEvent(holder: "resident-id:" + number, kind: .person, trigger: trigger, on: day, key: "bench:\(i)",
                                      facts: PushHolderFacts(residentID: number)))
        }
        var made = 0
        let start = ContinuousClock.now
        for event in prepared { made += evaluator.pushes(for: event).count }
        let seconds = Self.seconds(ContinuousClock.now - start)
        print(String(format: "push evaluation: %d events against %d rules in %.2f s: %.0f events/s, %d pushes", events, all.count, seconds,
                     Double(events) / seconds, made))

        // The day's sweep: every person's ID number read for their birth date, an event for each
        // who reaches an age some rule listens for today, and its pushes.
        var numbers: [String] = []
        numbers.reserveCapacity(people)
        for i in 0..<people {
            numbers.append(Self.residentID(born: CivilDate(dayNumber: day.dayNumber - Int.random(in: 0..<36_500, using: &random)), serial: i))
        }
        let sweepStart = ContinuousClock.now
        var birthdays = 0, pushed = 0
        for number in numbers {
            let facts = PushHolderFacts(residentID: number)
            guard let born = facts.birthDate, born.month == day.month, born.day == day.day, let age = facts.age(on: day),
                  evaluator.birthdayAges.contains(age) else { continue }
            birthdays += 1
            pushed += evaluator.pushes(for: PushEvent(holder: "resident-id:" + number, kind: .person, trigger: .birthday(age), on: day,
                                                      key: "birthday:\(age):\(number)", facts: facts)).count
        }
        let sweep = Self.seconds(ContinuousClock.now - sweepStart)
        print(String(format: "birthday sweep: %d people in %.2f s (%d reach a listened age today, %d pushes)", people, sweep, birthdays, pushed))
    }

    static func residentID(born: CivilDate, serial: Int) -> String {
        let date = born.description.filter { $0 != "-" }
        let digits = String(serial % 1000)
        let first17 = "440604" + date + String(repeating: "0", count: 3 - digits.count) + digits
        return first17 + String(ResidentID.checkCharacter(for: first17) ?? "0")
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
