import Foundation

/// An SVG of the latency distributions: one panel per scenario, latency (log scale) against the
/// quantile on a "nines" axis, one line per policy. No script, no external resource.
public enum LatencyChart {
    static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    public static func svg(_ results: [SimulationResult]) -> String {
        var scenarios: [String] = []
        var policies: [String] = []
        for r in results {
            if !scenarios.contains(r.scenario) { scenarios.append(r.scenario) }
            if !policies.contains(r.policy) { policies.append(r.policy) }
        }
        let pw = 420.0, ph = 260.0, cols = 2
        let rows = (scenarios.count + cols - 1) / cols
        let width = pw * Double(cols) + 20, height = ph * Double(rows) + 40
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        for (k, p) in policies.enumerated() {
            let x = 20 + Double(k) * 120
            s += "<rect x=\"\(x)\" y=\"8\" width=\"10\" height=\"10\" fill=\"\(colors[k % colors.count])\"/><text x=\"\(x + 14)\" y=\"17\">\(p)</text>\n"
        }
        let qs = SimulationRecorder.chartQuantiles
        func nines(_ q: Double) -> Double { -log10(1 - q) }
        let xMax = nines(qs.last ?? 0.9999)
        for (i, name) in scenarios.enumerated() {
            let ox = 10 + Double(i % cols) * pw, oy = 30 + Double(i / cols) * ph
            let inner = (x: ox + 50, y: oy + 20, w: pw - 70, h: ph - 60)
            let rs = results.filter { $0.scenario == name }
            let all = rs.flatMap(\.curve).filter { $0 > 0 }
            let lo = log10(max(0.1, all.min() ?? 1)), hi = log10(max(1, all.max() ?? 10)) + 0.05
            s += "<text x=\"\(ox + 50)\" y=\"\(oy + 12)\" font-weight=\"bold\">\(name)</text>\n"
            s += "<rect x=\"\(inner.x)\" y=\"\(inner.y)\" width=\"\(inner.w)\" height=\"\(inner.h)\" fill=\"none\" stroke=\"#999\"/>\n"
            for d in Int(lo.rounded(.down))...Int(hi.rounded(.up)) {
                let y = inner.y + inner.h - (Double(d) - lo) / (hi - lo) * inner.h
                if y >= inner.y && y <= inner.y + inner.h {
                    s += "<line x1=\"\(inner.x)\" x2=\"\(inner.x + inner.w)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#eee\"/><text x=\"\(ox + 8)\" y=\"\(y + 4)\">\(Int(pow(10, Double(d)))) ms</text>\n"
                }
            }
            for q in [0.5, 0.9, 0.99, 0.999, 0.9999] {
                let x = inner.x + nines(q) / xMax * inner.w
                s += "<text x=\"\(x - 12)\" y=\"\(inner.y + inner.h + 14)\">p\(String(format: "%g", q * 100))</text>\n"
            }
            for r in rs {
                let color = colors[(policies.firstIndex(of: r.policy) ?? 0) % colors.count]
                let pts = zip(qs, r.curve).map { q, v -> String in
                    let x = inner.x + nines(q) / xMax * inner.w
                    let y = inner.y + inner.h - (log10(max(0.1, v)) - lo) / (hi - lo) * inner.h
                    return String(format: "%.1f,%.1f", x, min(inner.y + inner.h, max(inner.y, y)))
                }
                s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>\n"
            }
        }
        return s + "</svg>\n"
    }
}
