import Testing

/// Every balancer suite runs under this one serialized parent. The integration tests talk to the
/// server through blocking sockets from test code, and the admin listener answers through Swift
/// concurrency: with suites in parallel on a two-core machine, blocked and CPU-bound tests could
/// hold every cooperative thread and starve the very server they are waiting for.
@Suite(.serialized) enum AllBalancerTests {}
