// swift-tools-version:6.0
// Module layout: docs/architecture.md. Pure algorithms in LearningCore, I/O in thin
// modules around them, executables that only parse arguments.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "wave3",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wave3", targets: ["wave3"]),
        .executable(name: "rl-balancer", targets: ["rl-balancer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // gzip of the PWA's static files (zlib1g-dev).
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // Notifications (issue 12): WebSocket push.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
    ],
    targets: [
        // Pure domain types and algorithms: no I/O, unit-testable without a server.
        .target(name: "LearningCore", swiftSettings: strict),
        // Simulated learners with known ground truth, for tests and benchmarks only (not the API).
        .target(name: "LearningSimulation", dependencies: ["LearningCore"], swiftSettings: strict),
        // The database layer: connections, pooling, migrations, URLs. Knows no domain table.
        .target(
            name: "DatabaseLayer",
            dependencies: [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The API's repositories and records, above the database layer.
        .target(
            name: "Storage",
            dependencies: [
                "LearningCore", "DatabaseLayer",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Wave3API",
            dependencies: [
                "LearningCore", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
                "Messaging",
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                "Redis", .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            // The OpenAPI document is a data file, compiled into the binary so no bundle ships beside it.
            resources: [
                .embedInCode("Resources/openapi.json"),
                // The demo lessons of `wave3 seed --demo`, one Markdown file a subject (Seed/DemoContent.swift).
                .embedInCode("Resources/Demo/mathematics.md"),
                .embedInCode("Resources/Demo/programming.md"),
                .embedInCode("Resources/Demo/physics.md"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "wave3",
            dependencies: [
                "Wave3API",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Balancer",
            dependencies: [
                "DatabaseLayer", "Redis",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The balancer's tables, defined once and applied by the balancer itself (docs/decisions.md).
            resources: [.embedInCode("Resources/balancer_schema.sql"), .embedInCode("Resources/balancer_api_keys.sql")],
            swiftSettings: strict
        ),
        // Discrete-event simulator of replicas and arrivals that drives the live routing policies (issue 14).
        .target(name: "BalancerSim", dependencies: ["Balancer"], swiftSettings: strict),
        .testTarget(name: "BalancerSimTests", dependencies: ["BalancerSim", "Balancer"], swiftSettings: strict),
        // The stub replica the balancer's tests and benchmarks run against: not part of the balancer.
        .target(
            name: "BalancerTestSupport",
            dependencies: [
                "Balancer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Private services (scripts/redis.sh, scripts/rabbitmq.sh) and process spawning shared by several test targets; Foundation only.
        .target(name: "TestSupport", swiftSettings: strict),
        .executableTarget(
            name: "rl-balancer",
            dependencies: [
                "Balancer", "BalancerSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Notifications (issue 12): rabbitmq-c (librabbitmq-dev) behind a small C shim and a Swift
        // wrapper whose blocking I/O runs on threads of its own; see docs/notifications.md.
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .target(name: "CRabbitMQShim", dependencies: ["CRabbitMQ"], linkerSettings: [.linkedLibrary("rabbitmq")]),
        .target(
            name: "Messaging",
            dependencies: ["CRabbitMQShim", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "MessagingTests", dependencies: ["Messaging", "TestSupport"], swiftSettings: strict),
        // Redis (issue 11): hiredis's RESP reader (libhiredis-dev) under a SwiftNIO client; see docs/redis.md.
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .target(
            name: "Redis",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "RedisTests", dependencies: ["Redis", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio")], swiftSettings: strict),
        .executableTarget(name: "redis-bench", dependencies: ["Redis"], path: "Benchmarks/RedisBench", swiftSettings: strict),
        // Benchmarks print the figures the issues ask for; `make bench` runs them in release.
        .executableTarget(name: "learning-bench", dependencies: ["LearningCore", "LearningSimulation"], path: "Benchmarks/LearningBench", swiftSettings: strict),
        .executableTarget(name: "balancer-bench", dependencies: ["Balancer", "BalancerTestSupport", "Redis"], path: "Benchmarks/BalancerBench", swiftSettings: strict),
        .executableTarget(name: "experiment-bench", dependencies: ["LearningCore"], path: "Benchmarks/ExperimentBench", swiftSettings: strict),
        .testTarget(name: "LearningCoreTests", dependencies: ["LearningCore", "LearningSimulation"], exclude: ["Fixtures"], swiftSettings: strict),
        .executableTarget(name: "notify-bench", dependencies: ["Messaging", .product(name: "Logging", package: "swift-log")], path: "Benchmarks/NotifyBench", swiftSettings: strict),
        .executableTarget(name: "rl-bench", dependencies: ["Balancer", "BalancerSim", "BalancerTestSupport", .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOCore", package: "swift-nio")], path: "Benchmarks/RLBench", swiftSettings: strict),
        .testTarget(name: "DatabaseLayerTests", dependencies: ["DatabaseLayer", .product(name: "SQLKit", package: "sql-kit")], swiftSettings: strict),
        .testTarget(
            name: "Wave3APITests",
            dependencies: [
                "Wave3API", "Storage", "LearningSimulation", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
                "Messaging",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BalancerTests",
            dependencies: ["Balancer", "BalancerTestSupport", "TestSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
