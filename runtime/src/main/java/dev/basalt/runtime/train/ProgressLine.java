package dev.basalt.runtime.train;

import java.util.Locale;

/** Formats the one-line progress report: {@code step 500/2000  loss 2.41  lr 5.1e-4  12.3k tok/s  eta 4m10s}. */
final class ProgressLine {

    private ProgressLine() {
    }

    static String format(int step, int steps, double loss, double lr, double tokensPerSecond, double secondsLeft,
                         double evalLoss) {
        String width = Integer.toString(steps);
        String line = String.format(Locale.ROOT, "step %" + width.length() + "d/%s  loss %.4f  lr %.2e  %s tok/s  eta %s",
                step, width, loss, lr, tokens(tokensPerSecond), duration(secondsLeft));
        if (Double.isFinite(evalLoss)) {
            line += String.format(Locale.ROOT, "   [eval %.4f ppl %.2f]", evalLoss, Math.exp(evalLoss));
        }
        return line;
    }

    static String tokens(double perSecond) {
        return perSecond >= 1000 ? String.format(Locale.ROOT, "%.1fk", perSecond / 1000)
                : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
