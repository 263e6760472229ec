import Foundation

extension BKTParameters {
    /// The skill's parameters on one item `shift` logits harder than the skill's average item:
    /// P(correct | unknown) = guess and P(correct | known) = 1 − slip both move down by `shift` on
    /// the logit scale (KT-IDEM's per-item guess and slip, tied to one difficulty per item).
    ///
    /// Prior, learn and forget belong to the skill and stay. Both emissions move by the same
    /// amount, so guess < 1 − slip survives and a correct answer stays evidence of knowing; what
    /// changes is how much: a correct answer on a hard item (few guess it) moves P(known) up more
    /// than one on an easy item, and a wrong answer on an easy item moves it down more.
    @inlinable
    public func forItem(shift: Double) -> BKTParameters {
        guard shift != 0, shift.isFinite else { return self }
        var p = self
        p.guess = Logistic.sigmoid(Logistic.logit(guess, epsilon: 1e-9) - shift)
        // 1 − σ(logit(1 − slip) − shift) = σ(logit(slip) + shift)
        p.slip = Logistic.sigmoid(Logistic.logit(slip, epsilon: 1e-9) + shift)
        return p
    }
}
