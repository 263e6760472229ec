enum DemoContentLiterals {
    static let subjects: [DemoSubject] = [
        DemoSubject(
            id: "math",
            name: "Mathematics",
            description: "From whole-number arithmetic and fractions through algebra, geometry and probability to a first look at derivatives."
        ),
        DemoSubject(
            id: "programming",
            name: "Programming in Swift",
            description: "Write real Swift: values and types, control flow, optionals, functions and closures, your own types, protocols and generics, errors and structured concurrency."
        ),
        DemoSubject(
            id: "physics",
            name: "Physics",
            description: "Classical physics from units and speed to forces, energy, momentum, waves, circuits and oscillations, ending with a numerical simulation written in Swift."
        ),
    ]

    static var lessons: [DemoLesson] { mathematicsLessons + programmingLessons + physicsLessons }
}
