// swift-tools-version:6.0
// Module layout follows ../shared/ARCHITECTURE.md: pure algorithms in LearningCore, I/O in thin
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
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ],
            // The OpenAPI document is a data file, compiled into the binary so no bundle ships beside it.
            resources: [.embedInCode("Resources/openapi.json")],
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
                "DatabaseLayer",
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
        .executableTarget(
            name: "rl-balancer",
            dependencies: [
                "Balancer",
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
        .testTarget(name: "MessagingTests", dependencies: ["Messaging"], swiftSettings: strict),
        // Benchmarks print the figures the issues ask for; `make bench` runs them in release.
        .executableTarget(name: "learning-bench", dependencies: ["LearningCore"], path: "Benchmarks/LearningBench", swiftSettings: strict),
        .executableTarget(name: "balancer-bench", dependencies: ["Balancer"], path: "Benchmarks/BalancerBench", swiftSettings: strict),
        .executableTarget(name: "experiment-bench", dependencies: ["LearningCore"], path: "Benchmarks/ExperimentBench", swiftSettings: strict),
        .testTarget(name: "LearningCoreTests", dependencies: ["LearningCore"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "DatabaseLayerTests", dependencies: ["DatabaseLayer", .product(name: "SQLKit", package: "sql-kit")], swiftSettings: strict),
        .testTarget(
            name: "Wave3APITests",
            dependencies: [
                "Wave3API", "Storage",
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
            dependencies: ["Balancer", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
