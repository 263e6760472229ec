extension DemoContentLiterals {
    /// Programming in Swift: 12 lessons over seven skills, from `let` and `var` to structured concurrency.
    static let programmingLessons: [DemoLesson] = [
        DemoLesson(
            id: "swift-variables-constants",
            subject: "programming",
            title: "Variables and Constants",
            skills: ["programming.basics"],
            prerequisites: [],
            estimatedMinutes: 10,
            content: #"""
            # Variables and Constants

            Programs remember values by giving them names. Swift has two kinds of names.

            ## `let` and `var`

            - `let` declares a **constant**: once set, it never changes.
            - `var` declares a **variable**: you can give it a new value later.

            ```swift
            let birthYear = 1995
            var score = 0
            score = 10        // fine: score is a var
            score += 5        // score is now 15
            // birthYear = 2000  // error: cannot assign to a 'let' constant
            print(score)      // prints 15
            ```

            Prefer `let`. Use `var` only when the value really has to change. This makes code easier to read, because a reader knows a `let` value stays the same.

            ## Naming

            Names start with a letter or underscore, cannot contain spaces or hyphens, and cannot be keywords like `let`. Swift style uses *lowerCamelCase*: `userName`, `totalPrice`, `isLoggedIn`.

            Choose names that say what the value means. `secondsRemaining` is much clearer than `s`.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-variables-constants-q1", skill: "programming.basics", prompt: "Which keyword declares a constant in Swift?", choices: ["var", "let", "const", "final"], answerIndex: 1),
                DemoQuizItem(id: "swift-variables-constants-q2", skill: "programming.basics", prompt: "What happens when you compile `let x = 5` followed by `x = 6`?", choices: ["x becomes 6", "x becomes 11", "A compile-time error: cannot assign to a let constant", "The program crashes when it runs"], answerIndex: 2),
                DemoQuizItem(id: "swift-variables-constants-q3", skill: "programming.basics", prompt: "Which is a valid Swift variable name in the usual style?", choices: ["2ndPlace", "user-name", "let", "userName"], answerIndex: 3),
                DemoQuizItem(id: "swift-variables-constants-q4", skill: "programming.basics", prompt: "What does this print? `var count = 1; count += 2; print(count)`", choices: ["3", "1", "2", "12"], answerIndex: 0),
            ]
        ),
        DemoLesson(
            id: "swift-basic-types",
            subject: "programming",
            title: "Basic Types: Int, Double, String and Bool",
            skills: ["programming.basics"],
            prerequisites: ["swift-variables-constants"],
            estimatedMinutes: 12,
            content: #"""
            # Basic Types

            Every value in Swift has a **type** that decides what you can do with it.

            | Type | Holds | Example |
            |------|-------|---------|
            | `Int` | whole numbers | `42` |
            | `Double` | decimal numbers | `3.14` |
            | `String` | text | `"Hello"` |
            | `Bool` | true or false | `true` |

            ## Type inference

            Swift usually works out the type for you: `let x = 3.0` is a `Double` and `let n = 3` is an `Int`. You can also write the type yourself: `let price: Double = 3`.

            ## No silent conversions

            Swift never mixes number types behind your back. Convert explicitly:

            ```swift
            let apples = 7
            let weightPerApple = 0.2
            // let total = apples * weightPerApple   // error: Int and Double
            let total = Double(apples) * weightPerApple
            print(total)   // 1.4000000000000001 (floating point is approximate)
            ```

            Integer division drops the remainder: `7 / 2` is `3`, while `7.0 / 2.0` is `3.5`.

            ## String interpolation

            Put a value inside a string with `\(...)`:

            ```swift
            let name = "Ada"
            print("Hello, \(name)! 2 + 3 = \(2 + 3)")   // Hello, Ada! 2 + 3 = 5
            ```
            """#,
            quiz: [
                DemoQuizItem(id: "swift-basic-types-q1", skill: "programming.basics", prompt: "What type does Swift infer for `let x = 3.0`?", choices: ["Int", "Float", "Double", "String"], answerIndex: 2),
                DemoQuizItem(id: "swift-basic-types-q2", skill: "programming.basics", prompt: "Given `let a = 7` and `let b = 2.5`, which expression compiles?", choices: ["a + b", "Double(a) + b", "a + b as Double", "String(a) + b"], answerIndex: 1),
                DemoQuizItem(id: "swift-basic-types-q3", skill: "programming.basics", prompt: "What is the value of `7 / 2` in Swift?", choices: ["3.5", "4", "3", "A compile-time error"], answerIndex: 2),
                DemoQuizItem(id: "swift-basic-types-q4", skill: "programming.basics", prompt: #"What does `print("Total: \(2 + 3)")` output?"#, choices: ["Total: 2 + 3", "Total: 23", #"Total: \(2 + 3)"#, "Total: 5"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "swift-control-flow",
            subject: "programming",
            title: "Control Flow: if, switch and Loops",
            skills: ["programming.control-flow"],
            prerequisites: ["swift-basic-types"],
            estimatedMinutes: 15,
            content: #"""
            # Control Flow

            Control flow decides which code runs, and how many times.

            ## if / else

            ```swift
            let temperature = 25
            if temperature > 30 {
                print("hot")
            } else if temperature > 20 {
                print("warm")      // this branch runs
            } else {
                print("cold")
            }
            ```

            Conditions must be `Bool`. Swift will not treat `0` or `1` as false or true.

            ## switch

            A `switch` compares one value against many patterns. It must be **exhaustive**: every possible value has to be handled, often with `default`. Cases do not fall through, so no `break` is needed.

            ```swift
            let score = 83
            switch score {
            case 90...100: print("A")
            case 80..<90:  print("B")   // runs
            default:       print("keep practising")
            }
            ```

            ## Loops

            `for`-`in` walks over a range or a collection. `1...5` includes 5; `1..<5` stops before 5.

            ```swift
            for i in 1..<5 {
                print(i)   // 1, 2, 3, 4
            }

            var n = 1
            while n < 20 {
                n *= 3     // 3, 9, 27
            }
            print(n)       // 27
            ```

            Use `for` when you know what to loop over, and `while` when you loop until a condition changes.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-control-flow-q1", skill: "programming.control-flow", prompt: "How many lines does `for i in 1..<5 { print(i) }` print?", choices: ["4", "5", "6", "0"], answerIndex: 0),
                DemoQuizItem(id: "swift-control-flow-q2", skill: "programming.control-flow", prompt: "What must be true of every Swift `switch` statement?", choices: ["Each case must end with break", "It must be exhaustive", "It can only switch over Int values", "Its cases must be sorted"], answerIndex: 1),
                DemoQuizItem(id: "swift-control-flow-q3", skill: "programming.control-flow", prompt: "With `let t = 25`, what does `if t > 30 { print(\"hot\") } else if t > 20 { print(\"warm\") } else { print(\"cold\") }` print?", choices: ["hot", "cold", "warm", "warm and cold"], answerIndex: 2),
                DemoQuizItem(id: "swift-control-flow-q4", skill: "programming.control-flow", prompt: "What does this print? `var n = 1; while n < 20 { n *= 3 }; print(n)`", choices: ["9", "20", "81", "27"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "swift-optionals",
            subject: "programming",
            title: "Optionals: Handling Missing Values",
            skills: ["programming.optionals", "programming.basics"],
            prerequisites: ["swift-basic-types"],
            estimatedMinutes: 18,
            content: #"""
            # Optionals

            Sometimes a value may be missing. Converting `"abc"` to a number has no sensible answer. Swift models this with **optionals**: a type written with a question mark, like `Int?`, that holds either a value or `nil`.

            ```swift
            let good = Int("42")    // Int? containing 42
            let bad = Int("abc")    // Int? containing nil
            ```

            The compiler will not let you use an `Int?` as if it were an `Int`. You have to **unwrap** it first. This is how Swift removes a whole class of "null pointer" crashes.

            ## if let

            ```swift
            if let number = Int(input) {
                print("You typed \(number)")
            } else {
                print("That is not a number")
            }
            ```

            ## guard let

            `guard` unwraps and keeps the value for the rest of the scope. Its `else` block must leave the scope (`return`, `throw`, `break` or `continue`).

            ```swift
            func square(of text: String) -> Int? {
                guard let n = Int(text) else { return nil }
                return n * n
            }
            ```

            ## Default values with ??

            The nil-coalescing operator gives a fallback: `let n = Int("abc") ?? 0` sets `n` to `0`.

            ## Optional chaining

            `?.` calls through an optional and returns an optional result:

            ```swift
            let nickname: String? = nil
            let length = nickname?.count   // Int?, here nil
            ```

            ## Force unwrapping

            `value!` unwraps without checking. If the value is `nil`, the program **crashes** at run time. Use it only when `nil` is truly impossible, and prefer the safe forms above.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-optionals-q1", skill: "programming.optionals", prompt: #"What is the type of `Int("42")`?"#, choices: ["Int", "String?", "Int?", "Int!"], answerIndex: 2),
                DemoQuizItem(id: "swift-optionals-q2", skill: "programming.optionals", prompt: #"What is the value of `Int("abc") ?? 0`?"#, choices: ["0", "nil", "A crash", "\"abc\""], answerIndex: 0),
                DemoQuizItem(id: "swift-optionals-q3", skill: "programming.optionals", prompt: "What happens when you force-unwrap (`!`) an optional that is nil?", choices: ["It returns 0", "It returns nil", "The code does not compile", "The program crashes at run time"], answerIndex: 3),
                DemoQuizItem(id: "swift-optionals-q4", skill: "programming.optionals", prompt: "The else block of a `guard let` statement must…", choices: ["exit the current scope, e.g. with return or throw", "assign a default value to the variable", "print an error message", "be empty"], answerIndex: 0),
                DemoQuizItem(id: "swift-optionals-q5", skill: "programming.basics", prompt: "Given `let name: String? = \"Swift\"`, what is the type of `name?.count`?", choices: ["Int", "Int?", "String?", "Bool"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "swift-functions",
            subject: "programming",
            title: "Functions",
            skills: ["programming.functions"],
            prerequisites: ["swift-basic-types"],
            estimatedMinutes: 15,
            content: #"""
            # Functions

            A function packages a piece of work under a name, so you can reuse it and test it on its own.

            ## Declaring and calling

            ```swift
            func area(width: Double, height: Double) -> Double {
                return width * height
            }
            let a = area(width: 3, height: 4)   // 12.0
            ```

            The `-> Double` part is the return type. When the body is a single expression you can leave out `return`.

            ## Argument labels

            Each parameter can have an **argument label** used at the call site and a **parameter name** used inside. Write `_` to have no label.

            ```swift
            func greet(person name: String) -> String {
                "Hello, \(name)!"
            }
            greet(person: "Ana")

            func double(_ x: Int) -> Int { x * 2 }
            double(21)   // 42
            ```

            Good labels make calls read like sentences: `move(from: a, to: b)`.

            ## Default values

            ```swift
            func area(width: Double, height: Double = 1) -> Double { width * height }
            area(width: 4)   // 4.0, height defaults to 1
            ```

            ## Returning several values

            Return a tuple with named parts:

            ```swift
            func minMax(_ values: [Int]) -> (min: Int, max: Int) {
                (values.min()!, values.max()!)
            }
            let r = minMax([3, 9, 1])
            print(r.max)   // 9
            ```

            Keep functions small and give them one clear job.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-functions-q1", skill: "programming.functions", prompt: "Given `func greet(person name: String)`, which call is correct?", choices: [#"greet(name: "Ana")"#, #"greet(person: "Ana")"#, #"greet("Ana")"#, #"greet(person name: "Ana")"#], answerIndex: 1),
                DemoQuizItem(id: "swift-functions-q2", skill: "programming.functions", prompt: "What does writing `_` before a parameter name do?", choices: ["Makes the parameter optional", "Makes the parameter private", "Removes the argument label at the call site", "Gives the parameter a default value"], answerIndex: 2),
                DemoQuizItem(id: "swift-functions-q3", skill: "programming.functions", prompt: "Given `func area(width: Double, height: Double = 1) -> Double { width * height }`, what is `area(width: 4)`?", choices: ["4.0", "A compile error: missing height", "0.0", "5.0"], answerIndex: 0),
                DemoQuizItem(id: "swift-functions-q4", skill: "programming.functions", prompt: "With `minMax` returning `(min: Int, max: Int)`, what does `print(minMax([3, 9, 1]).max)` print?", choices: ["3", "1", "(1, 9)", "9"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "swift-arrays-dictionaries",
            subject: "programming",
            title: "Arrays, Dictionaries and Sets",
            skills: ["programming.collections"],
            prerequisites: ["swift-control-flow"],
            estimatedMinutes: 15,
            content: #"""
            # Arrays, Dictionaries and Sets

            Collections hold many values of one type.

            ## Arrays: ordered lists

            ```swift
            var scores = [3, 1, 4]      // [Int]
            scores.append(1)            // [3, 1, 4, 1]
            print(scores.count)         // 4
            print(scores[0])            // 3 (indices start at 0)
            for s in scores { print(s) }
            ```

            Reading an index that does not exist, such as `scores[10]`, **crashes** the program. Check `count` or use `first` and `last`, which return optionals.

            ## Dictionaries: key → value

            ```swift
            var ages = ["Ana": 31, "Ben": 27]   // [String: Int]
            ages["Cleo"] = 22                  // add or replace
            let benAge = ages["Ben"]           // Int?, because the key may be missing
            let zoeAge = ages["Zoe"] ?? 0      // 0
            for (name, age) in ages { print(name, age) }
            ```

            Dictionaries have no guaranteed order.

            ## Sets: unique values

            ```swift
            let tags: Set = ["swift", "ios", "swift"]
            print(tags.count)                 // 2, duplicates are dropped
            print(tags.contains("ios"))       // true, and fast
            ```

            Pick the collection by the question you need to answer: *in what order?* (array), *what is the value for this key?* (dictionary), *is this in the group?* (set).
            """#,
            quiz: [
                DemoQuizItem(id: "swift-arrays-dictionaries-q1", skill: "programming.collections", prompt: "After `var a = [3, 1, 4]; a.append(1)`, what is `a.count`?", choices: ["3", "4", "5", "1"], answerIndex: 1),
                DemoQuizItem(id: "swift-arrays-dictionaries-q2", skill: "programming.collections", prompt: "Given `let d = [\"a\": 1]`, what is the type of `d[\"a\"]`?", choices: ["Int", "String", "[String: Int]", "Int?"], answerIndex: 3),
                DemoQuizItem(id: "swift-arrays-dictionaries-q3", skill: "programming.collections", prompt: "What happens when you evaluate `[1, 2, 3][3]`?", choices: ["The program crashes: index out of range", "It returns 3", "It returns nil", "It returns 0"], answerIndex: 0),
                DemoQuizItem(id: "swift-arrays-dictionaries-q4", skill: "programming.collections", prompt: "What is `Set([1, 2, 2, 3]).count`?", choices: ["4", "2", "3", "1"], answerIndex: 2),
            ]
        ),
        DemoLesson(
            id: "swift-structs-classes",
            subject: "programming",
            title: "Structs and Classes",
            skills: ["programming.types"],
            prerequisites: ["swift-functions", "swift-optionals"],
            estimatedMinutes: 22,
            content: #"""
            # Structs and Classes

            Structs and classes let you define your own types that group data (properties) with behaviour (methods). The crucial difference is what happens when you copy one.

            ![Diagram of value semantics, two separate boxes after a copy, versus reference semantics, two arrows pointing at one shared box](/images/programming/value-vs-reference.png)

            ## Structs are values

            ```swift
            struct Point {
                var x: Double
                var y: Double

                mutating func moveRight(by dx: Double) {
                    x += dx
                }
            }

            var a = Point(x: 1, y: 0)   // memberwise initializer, free
            var b = a                   // b is an independent copy
            b.x = 5
            print(a.x)                  // 1.0: a is unchanged
            ```

            A method that changes a struct's properties must be marked `mutating`. A struct stored in a `let` cannot be changed at all: `let p = Point(x: 1, y: 0); p.x = 2` does not compile.

            ## Classes are references

            ```swift
            final class Counter {
                var value = 0
                func increment() { value += 1 }
            }

            let c1 = Counter()
            let c2 = c1        // both names refer to the SAME object
            c2.increment()
            print(c1.value)    // 1
            ```

            `let` on a class reference only fixes *which* object the name refers to; the object's `var` properties can still change. Classes also support inheritance and identity (`===`), and need an `init` when their properties have no default values.

            ## Which should I use?

            Start with a **struct**. Values are easier to reason about because nothing else can change your copy, which also makes them safe to share between threads. Use a **class** when you really need shared, mutable identity: one object that several parts of the program observe, or interoperation with class-based frameworks.

            Swift's own `Int`, `String`, `Array` and `Dictionary` are all structs.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-structs-classes-q1", skill: "programming.types", prompt: "`Point` is a struct. After `var a = Point(x: 1, y: 0); var b = a; b.x = 5`, what is `a.x`?", choices: ["5.0", "1.0", "6.0", "0.0"], answerIndex: 1),
                DemoQuizItem(id: "swift-structs-classes-q2", skill: "programming.types", prompt: "`Counter` is a class. After `let c1 = Counter(); let c2 = c1; c2.increment()`, what is `c1.value` (starting from 0)?", choices: ["0", "2", "It does not compile because c1 is a let", "1"], answerIndex: 3),
                DemoQuizItem(id: "swift-structs-classes-q3", skill: "programming.types", prompt: "Which methods must be marked `mutating`?", choices: ["Struct methods that modify the struct's properties", "Class methods that modify properties", "Every method that returns a value", "Static methods"], answerIndex: 0),
                DemoQuizItem(id: "swift-structs-classes-q4", skill: "programming.types", prompt: "`Point` is a struct with `var x`. What happens with `let p = Point(x: 1, y: 0); p.x = 2`?", choices: ["p.x becomes 2", "A new Point is created", "A compile-time error", "A run-time crash"], answerIndex: 2),
            ]
        ),
        DemoLesson(
            id: "swift-closures-higher-order",
            subject: "programming",
            title: "Closures and Higher-Order Functions",
            skills: ["programming.functions", "programming.collections"],
            prerequisites: ["swift-functions", "swift-arrays-dictionaries"],
            estimatedMinutes: 25,
            content: #"""
            # Closures and Higher-Order Functions

            A **closure** is a function without a name that you can store in a variable or pass to another function. Functions that take or return functions are called **higher-order functions**.

            ## Closure syntax, from long to short

            ```swift
            let numbers = [3, 1, 2]
            let a = numbers.sorted(by: { (x: Int, y: Int) -> Bool in return x > y })
            let b = numbers.sorted(by: { x, y in x > y })   // types inferred, implicit return
            let c = numbers.sorted { $0 > $1 }              // trailing closure, shorthand arguments
            let d = numbers.sorted(by: >)                   // an operator is a function too
            // all four are [3, 2, 1]
            ```

            Use the shortest form that is still easy to read.

            ## map, filter, reduce

            These replace many hand-written loops:

            ```swift
            let values = [1, 2, 3, 4]
            let evensTimesTen = values
                .filter { $0 % 2 == 0 }   // [2, 4]
                .map { $0 * 10 }          // [20, 40]
            let sum = values.reduce(0, +) // 10
            let parsed = ["1", "x", "3"].compactMap { Int($0) }   // [1, 3]
            ```

            `compactMap` transforms and drops the `nil` results in one go.

            ## Capturing values

            A closure can capture variables from the scope where it was created and keep them alive:

            ```swift
            func makeCounter() -> () -> Int {
                var count = 0
                return {
                    count += 1
                    return count
                }
            }
            let next = makeCounter()
            next()          // 1
            print(next())   // 2: count lives on inside the closure
            ```

            Closures are reference types: copies of `next` share the same `count`.

            ## Escaping closures

            If a function stores a closure to call later (for example, a completion handler), the parameter must be marked `@escaping`. When such a closure captures `self` of a class, be careful about reference cycles; capture `[weak self]` where appropriate.

            ## Worked example

            Total price of items over 10, with tax:

            ```swift
            let prices = [4.0, 12.5, 30.0, 8.0]
            let total = prices.filter { $0 > 10 }.map { $0 * 1.2 }.reduce(0, +)
            print(total)   // 51.0
            ```
            """#,
            quiz: [
                DemoQuizItem(id: "swift-closures-higher-order-q1", skill: "programming.collections", prompt: "What is `[1, 2, 3, 4].filter { $0 % 2 == 0 }.map { $0 * 10 }`?", choices: ["[10, 30]", "[20, 40]", "[10, 20, 30, 40]", "60"], answerIndex: 1),
                DemoQuizItem(id: "swift-closures-higher-order-q2", skill: "programming.collections", prompt: "What is `[1, 2, 3].reduce(0, +)`?", choices: ["0", "[1, 2, 3]", "6", "123"], answerIndex: 2),
                DemoQuizItem(id: "swift-closures-higher-order-q3", skill: "programming.functions", prompt: "With `makeCounter` from the lesson, what does `let f = makeCounter(); _ = f(); print(f())` print?", choices: ["2", "1", "0", "It does not compile"], answerIndex: 0),
                DemoQuizItem(id: "swift-closures-higher-order-q4", skill: "programming.collections", prompt: #"What is `["1", "x", "3"].compactMap { Int($0) }`?"#, choices: ["[1, nil, 3]", "[\"1\", \"3\"]", "[1, 0, 3]", "[1, 3]"], answerIndex: 3),
                DemoQuizItem(id: "swift-closures-higher-order-q5", skill: "programming.functions", prompt: "When must a closure parameter be marked `@escaping`?", choices: ["When it throws errors", "When the function stores it to be called after the function returns", "When it captures any variable", "When it takes more than one argument"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "swift-enums-pattern-matching",
            subject: "programming",
            title: "Enums and Pattern Matching",
            skills: ["programming.types", "programming.control-flow"],
            prerequisites: ["swift-structs-classes", "swift-control-flow"],
            estimatedMinutes: 20,
            content: #"""
            # Enums and Pattern Matching

            An **enum** defines a type with a fixed set of cases. It is perfect when a value can be exactly one of several options.

            ```swift
            enum Direction {
                case north, south, east, west
            }
            var heading = Direction.north
            heading = .west   // the type is known, so the short form works
            ```

            ## Raw values

            Cases can carry a fixed raw value of type `Int` or `String`. Int raw values count up automatically.

            ```swift
            enum Planet: Int, CaseIterable {
                case mercury = 1, venus, earth, mars
            }
            Planet.earth.rawValue        // 3
            Planet(rawValue: 9)          // nil: the initializer returns an optional
            Planet.allCases.count        // 4, thanks to CaseIterable
            ```

            ## Associated values

            Each case can carry its own data:

            ```swift
            enum Shape {
                case circle(radius: Double)
                case rectangle(width: Double, height: Double)
            }

            func area(of shape: Shape) -> Double {
                switch shape {
                case .circle(let r):
                    return Double.pi * r * r
                case let .rectangle(w, h) where w == h:
                    return w * w            // a square
                case let .rectangle(w, h):
                    return w * h
                }
            }
            ```

            The `switch` binds the associated values to names with `let`. A `where` clause adds an extra condition. Because there is no `default`, the compiler checks every case is handled; add a new case to `Shape` and it will point at every `switch` you need to update.

            ## if case

            To test for a single case, use `if case`:

            ```swift
            let result: Result<Int, Error> = .success(42)
            if case .success(let value) = result {
                print(value)   // 42
            }
            ```
            """#,
            quiz: [
                DemoQuizItem(id: "swift-enums-pattern-matching-q1", skill: "programming.types", prompt: "Given `enum Planet: Int { case mercury = 1, venus, earth }`, what is `Planet.earth.rawValue`?", choices: ["2", "0", "3", "\"earth\""], answerIndex: 2),
                DemoQuizItem(id: "swift-enums-pattern-matching-q2", skill: "programming.types", prompt: "What is the type of `Planet(rawValue: 9)`?", choices: ["Planet", "Planet?", "Int", "Int?"], answerIndex: 1),
                DemoQuizItem(id: "swift-enums-pattern-matching-q3", skill: "programming.control-flow", prompt: "In `case let .rectangle(w, h) where w == h:`, what does the `where` clause do?", choices: ["Adds a condition that must also hold for the case to match", "Declares new variables w and h", "Makes the case the default", "Converts w and h to Double"], answerIndex: 0),
                DemoQuizItem(id: "swift-enums-pattern-matching-q4", skill: "programming.types", prompt: "What does conforming an enum to `CaseIterable` give you?", choices: ["Automatic raw values", "The ability to use switch", "Associated values", "An `allCases` collection of every case"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "swift-protocols-generics",
            subject: "programming",
            title: "Protocols and Generics",
            skills: ["programming.types"],
            prerequisites: ["swift-structs-classes"],
            estimatedMinutes: 30,
            content: #"""
            # Protocols and Generics

            Protocols describe *what* a type can do; generics let you write code once that works for *any* type with those abilities. Together they are the backbone of Swift's standard library.

            ## Protocols

            A protocol is a list of requirements. Any struct, class or enum can **conform** by providing them.

            ```swift
            protocol Shape {
                var area: Double { get }
                func describe() -> String
            }

            struct Circle: Shape {
                var radius: Double
                var area: Double { .pi * radius * radius }
                func describe() -> String { "circle, r = \(radius)" }
            }
            ```

            ## Protocol extensions: default behaviour

            An extension can give every conforming type an implementation for free:

            ```swift
            extension Shape {
                func describe() -> String { "a shape with area \(area)" }
                var isLarge: Bool { area > 100 }
            }
            ```

            Now a type only has to provide `area`; `describe()` and `isLarge` come from the extension. A type's own `describe()` still takes priority.

            ## Generic functions

            ```swift
            func largest<T: Comparable>(_ items: [T]) -> T? {
                guard var best = items.first else { return nil }
                for item in items where item > best { best = item }
                return best
            }
            largest([3, 9, 2])            // Optional(9)
            largest(["pear", "apple"])    // Optional("pear")
            ```

            `T` is a placeholder type. The constraint `T: Comparable` means "any type that supports `<` and `>`". The compiler checks each call and generates efficient code for the concrete type.

            ## Associated types

            A protocol can have its own placeholder, declared with `associatedtype`. `Collection` uses one for its elements:

            ```swift
            protocol Container {
                associatedtype Item
                var items: [Item] { get }
            }
            ```

            ## some vs any

            - `some Shape` is an **opaque** type: one specific concrete type, hidden from the caller but fixed by the implementation. It keeps full type information and performance.
            - `any Shape` is an **existential**: a box that can hold *any* conforming type, decided at run time. It allows mixing types, at the cost of indirection.

            ```swift
            func makeShape() -> some Shape { Circle(radius: 2) }
            let mixed: [any Shape] = [Circle(radius: 1), Square(side: 3)]   // Square: another Shape
            let total = mixed.reduce(0) { $0 + $1.area }
            ```

            A good rule: reach for generics or `some` first, and use `any` when you genuinely need different types in one variable or collection.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-protocols-generics-q1", skill: "programming.types", prompt: "In `func largest<T: Comparable>(_ items: [T]) -> T?`, what does `T: Comparable` mean?", choices: ["T must be a class", "T can be any type that conforms to Comparable", "T must be Int", "The function compares types at run time"], answerIndex: 1),
                DemoQuizItem(id: "swift-protocols-generics-q2", skill: "programming.types", prompt: "How can you give every conforming type a default implementation of a protocol method?", choices: ["Mark the method `default`", "Use a base class", "Write the method in a protocol extension", "Declare it `static`"], answerIndex: 2),
                DemoQuizItem(id: "swift-protocols-generics-q3", skill: "programming.types", prompt: "Which keyword declares a placeholder type inside a protocol?", choices: ["associatedtype", "typealias", "generic", "Self"], answerIndex: 0),
                DemoQuizItem(id: "swift-protocols-generics-q4", skill: "programming.types", prompt: "You need one array holding both circles and squares that conform to `Shape`. Which element type works?", choices: ["some Shape", "Shape.Type", "T where T: Shape", "any Shape"], answerIndex: 3),
                DemoQuizItem(id: "swift-protocols-generics-q5", skill: "programming.types", prompt: "What does returning `some Shape` from a function promise?", choices: ["It may return a different concrete type on each call", "It returns one specific concrete type that conforms to Shape, hidden from the caller", "It returns an optional Shape", "It returns a class instance"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "swift-error-handling",
            subject: "programming",
            title: "Error Handling",
            skills: ["programming.functions", "programming.optionals"],
            prerequisites: ["swift-functions", "swift-optionals"],
            estimatedMinutes: 20,
            content: #"""
            # Error Handling

            Some operations can fail in ways the caller should handle: a file is missing, input is invalid, the network is down. Swift makes failure visible in the function's signature.

            ## Defining and throwing errors

            Any type conforming to `Error` can be thrown. Enums are a natural fit:

            ```swift
            enum WithdrawalError: Error {
                case insufficientFunds(needed: Int)
                case accountLocked
            }

            func withdraw(_ amount: Int, from balance: Int) throws -> Int {
                guard amount <= balance else {
                    throw WithdrawalError.insufficientFunds(needed: amount - balance)
                }
                return balance - amount
            }
            ```

            `throws` warns every caller that this function can fail.

            ## do / try / catch

            Calls to throwing functions must be marked with `try`, inside a `do` block or a function that itself `throws`:

            ```swift
            do {
                let left = try withdraw(50, from: 30)
                print(left)
            } catch WithdrawalError.insufficientFunds(let needed) {
                print("You need \(needed) more")     // runs: needed = 20
            } catch {
                print("Other error: \(error)")
            }
            ```

            ## try? and try!

            - `try?` turns an error into `nil`. The result is optional: `let left = try? withdraw(50, from: 30)` has type `Int?` and is `nil` here.
            - `try!` asserts the call cannot fail, and crashes if it does. Use it rarely.

            ## defer

            Code in a `defer` block runs when the current scope exits, whether normally or by a thrown error. It is ideal for clean-up:

            ```swift
            func process() throws {
                let file = try openLog()
                defer { file.close() }   // always runs
                try file.write("started")
            }
            ```

            ## Optionals or errors?

            Return an optional when "no result" is ordinary and needs no explanation (`Int("abc")`). Throw an error when the caller needs to know *why* something failed.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-error-handling-q1", skill: "programming.functions", prompt: "Which keyword must appear before a call to a throwing function?", choices: ["throw", "catch", "try", "await"], answerIndex: 2),
                DemoQuizItem(id: "swift-error-handling-q2", skill: "programming.optionals", prompt: "If `f()` is declared `func f() throws -> Int`, what is the type of `try? f()`?", choices: ["Int?", "Int", "Result<Int, Error>", "Error?"], answerIndex: 0),
                DemoQuizItem(id: "swift-error-handling-q3", skill: "programming.functions", prompt: "When does a `defer` block run?", choices: ["Immediately, where it is written", "Only when an error is thrown", "Only when the function returns normally", "When the enclosing scope exits, for any reason"], answerIndex: 3),
                DemoQuizItem(id: "swift-error-handling-q4", skill: "programming.functions", prompt: "What does `try withdraw(50, from: 30)` do with the lesson's `withdraw` function inside a do/catch?", choices: ["Returns −20", "Throws insufficientFunds(needed: 20), caught by the matching catch", "Returns nil", "Crashes the program"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "swift-concurrency-async-await",
            subject: "programming",
            title: "Structured Concurrency: async/await, Tasks and Actors",
            skills: ["programming.concurrency"],
            prerequisites: ["swift-protocols-generics", "swift-error-handling"],
            estimatedMinutes: 35,
            content: #"""
            # Structured Concurrency

            Modern programs wait a lot: for the network, the disk, a database. Swift's concurrency model lets code wait without blocking a thread, run work in parallel, and lets the compiler catch data races.

            ## async and await

            An `async` function can suspend while it waits. Every call to it is marked with `await`, showing a point where the function may pause and other work may run.

            ```swift
            func fetchTemperature(city: String) async throws -> Double {
                let (data, _) = try await URLSession.shared.data(from: url(for: city))
                return try JSONDecoder().decode(Reading.self, from: data).celsius
            }
            ```

            `await` does not block the thread; the thread is free to run other tasks until the result arrives.

            ## Running work in parallel

            Sequential awaits run one after another. `async let` starts child tasks that run concurrently:

            ```swift
            async let oslo = fetchTemperature(city: "Oslo")     // starts now
            async let lima = fetchTemperature(city: "Lima")     // starts now too
            let both = try await (oslo, lima)                   // wait for both
            ```

            If one takes 2 s and the other 3 s, the pair finishes in about 3 s rather than 5 s.

            For a dynamic number of children, use a task group. Results arrive in **completion order**, not the order you added them:

            ```swift
            let temps = try await withThrowingTaskGroup(of: (String, Double).self) { group in
                for city in cities {
                    group.addTask { (city, try await fetchTemperature(city: city)) }
                }
                var result: [String: Double] = [:]
                for try await (city, t) in group { result[city] = t }
                return result
            }
            ```

            This is *structured* concurrency: child tasks cannot outlive the scope that created them, and if one throws, its siblings are cancelled.

            ## Cancellation is cooperative

            Cancelling a task only sets a flag. Long-running code must check it, with `try Task.checkCancellation()` or `Task.isCancelled`, and stop early.

            ## Actors protect mutable state

            A data race happens when two threads access the same memory at once and at least one writes. An **actor** is a reference type that allows only one task at a time to touch its mutable state:

            ```swift
            actor BankAccount {
                private(set) var balance = 0
                func deposit(_ amount: Int) { balance += amount }
            }

            let account = BankAccount()
            await account.deposit(100)      // outside the actor: must await
            print(await account.balance)
            ```

            Calls from outside are asynchronous because the caller may have to wait its turn. Inside the actor, code is synchronous and safe.

            ## Sendable

            A type is `Sendable` when values of it can safely cross between concurrent tasks: value types made of Sendable parts, immutable final classes, and actors. In the Swift 6 language mode the compiler checks this and reports possible data races as errors.

            `@MainActor` marks code that must run on the main thread, such as UI updates.

            ## Worked example

            ```swift
            actor Cache {
                private var store: [String: Double] = [:]
                func value(for key: String) -> Double? { store[key] }
                func insert(_ v: Double, for key: String) { store[key] = v }
            }

            func temperature(_ city: String, cache: Cache) async throws -> Double {
                if let cached = await cache.value(for: city) { return cached }
                let t = try await fetchTemperature(city: city)
                await cache.insert(t, for: city)
                return t
            }
            ```

            Note the gap between the two `await cache` calls: another task may run in between and fetch the same city. Actors prevent data races, not every logic race; design with suspension points in mind.
            """#,
            quiz: [
                DemoQuizItem(id: "swift-concurrency-async-await-q1", skill: "programming.concurrency", prompt: "Two calls started with `async let` take 2 s and 3 s. Roughly how long until `await` on both returns?", choices: ["5 s", "2 s", "3 s", "6 s"], answerIndex: 2),
                DemoQuizItem(id: "swift-concurrency-async-await-q2", skill: "programming.concurrency", prompt: "Why must code outside an actor use `await` to call the actor's methods?", choices: ["Because actor methods always perform I/O", "Because the caller may have to wait until the actor is free", "Because actors run only on the main thread", "Because actor methods are always throwing"], answerIndex: 1),
                DemoQuizItem(id: "swift-concurrency-async-await-q3", skill: "programming.concurrency", prompt: "What happens to a running task when it is cancelled?", choices: ["It is stopped immediately by the runtime", "It throws CancellationError from every line", "Its thread is killed", "A flag is set; the task must check it and stop itself"], answerIndex: 3),
                DemoQuizItem(id: "swift-concurrency-async-await-q4", skill: "programming.concurrency", prompt: "In what order does `for try await` over a task group deliver child results?", choices: ["In the order the tasks finish", "In the order the tasks were added", "Sorted by value", "In random order chosen at the start"], answerIndex: 0),
                DemoQuizItem(id: "swift-concurrency-async-await-q5", skill: "programming.concurrency", prompt: "What does it mean for a type to be `Sendable`?", choices: ["It can be encoded as JSON", "It can only be used on the main actor", "Its values can be safely shared across concurrent tasks", "It can be sent over the network"], answerIndex: 2),
            ]
        ),
    ]
}
